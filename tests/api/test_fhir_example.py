"""docs/FHIR.md's example bundle is generated here from a fixed case (one child's verified growth check), validated
with the R4B models, and rewritten on each run: ids are deterministic, so it changes only when the mapping does.
Also: every code of the mapping data is in docs/FHIR.md's table."""
import json
from datetime import date
from pathlib import Path

from posyandu_app.extensions import db
from posyandu_app.fhir import bulk, mapping
from posyandu_app.fhir.resources import Context
from posyandu_app.services import assessment
from posyandu_app.services.integration import fhir_export

from ..fhir_helpers import validate

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_example_bundle_of_docs_is_generated_and_valid(make):
    puskesmas = make.puskesmas(code="PKM-SKM", name="Puskesmas Sukamaju", kecamatan="Sukamaju", kabupaten="Sukabumi")
    pustu = make.pustu(puskesmas, code="PST-CBD", name="Pustu Cibodas", desa="Cibodas")
    posyandu = make.posyandu(pustu, code="PST-CBD-01", name="Posyandu Mawar", desa="Cibodas")
    child = make.person(posyandu, id="0b8c6a52-6f3e-4d0a-9a53-1a2b3c4d5e6f", name="Budi Santoso", sex="M",
                        birth_date=date(2025, 6, 2), nik="3202010206250001", rt="002", rw="005", dusun="Cibodas")
    visit = make.growth(child, id="5d3f8e21-0c4b-4a7e-8f19-9a8b7c6d5e4f", visit_date=date(2026, 11, 10),
                        weight_kg=8.1, length_cm=74.2, measured="L", muac_cm=13.1)
    assessment.assess_growth(visit)
    visit.status = "verified"
    db.session.commit()
    resources = fhir_export.export([posyandu.id], date(2026, 11, 1), date(2026, 11, 30), Context(org_id="100000001"))
    example = bulk.bundle(resources, "example")
    validate(example)
    for resource in resources:
        validate(resource)
    kinds = sorted({r["resourceType"] for r in resources})
    assert {"Encounter", "Location", "Observation", "Organization", "Patient"} <= set(kinds)
    (DOCS / "fhir-example-bundle.json").write_text(json.dumps(example, ensure_ascii=False, indent=1) + "\n",
                                                   encoding="utf-8")


def test_every_code_of_the_mapping_is_in_the_docs_table():
    text = (DOCS / "FHIR.md").read_text(encoding="utf-8")
    data = mapping.data()
    codes = [entry["code"] for entry in data["measurements"].values()]
    codes += [pos["code"] for entry in data["measurements"].values() for pos in entry.get("by_position", {}).values()]
    codes += [data["blood_pressure"][part]["code"] for part in ("panel", "systolic", "diastolic")]
    codes += [spec["code"] for key, spec in data["zscores"].items() if isinstance(spec, dict)]
    codes += [code for table in ("waz", "haz") for code, _ in data["kemkes_interpretation"][table].values()]
    missing = [code for code in codes if f"`{code}`" not in text]
    assert missing == []


def test_the_demo_puskesmas_exports_and_every_line_validates(app, tmp_path):
    from posyandu_app.clock import field_today
    from posyandu_app.services import demo
    demo.seed(2026)
    runner = app.test_cli_runner()
    today = field_today()
    lines = 0
    for back in range(12):
        year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
        folder = tmp_path / f"{year}-{month + 1:02d}"
        result = runner.invoke(args=["fhir-export", "--puskesmas", "PKM-SKM", "--month", f"{year}-{month + 1:02d}",
                                     "-o", str(folder)])
        assert result.exit_code == 0, result.output
        for path in folder.glob("*.ndjson"):
            for line in path.read_text(encoding="utf-8").splitlines():
                validate(json.loads(line))
                lines += 1
    assert lines > 1000  # ten months of verified growth checks
    print(f"\ndemo puskesmas: {lines} resources validated")


def test_the_worker_command_sends_nothing_while_sending_is_off(app):
    result = app.test_cli_runner().invoke(args=["fhir-worker", "--once"])
    assert result.exit_code == 0 and "skipped=off" in result.output
