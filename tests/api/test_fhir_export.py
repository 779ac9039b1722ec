"""FHIR export: every resource validates against the R4B models and SATUSEHAT's required elements, only verified
visits leave, ids repeat exactly (API and `flask fhir-export`), and the API answers only within the caller's scope."""
from datetime import date

from posyandu_app.extensions import db
from posyandu_app.fhir.resources import Context
from posyandu_app.services.integration import fhir_export

from ..factories import login
from ..fhir_helpers import validate, verified_visits
from ..web.review_helpers import build_world

DAY = date(2026, 11, 10)
NIK = "https://fhir.kemkes.go.id/id/nik"


def _codes(resource):
    return {c["code"] for c in resource["code"]["coding"]}


def test_every_resource_validates_and_carries_what_satusehat_requires(make):
    posyandu = make.posyandu()
    verified_visits(make, posyandu, DAY)
    resources = fhir_export.export([posyandu.id], None, None, Context(org_id="100000001"))
    for resource in resources:
        validate(resource)
    kinds = {}
    for resource in resources:
        kinds[resource["resourceType"]] = kinds.get(resource["resourceType"], 0) + 1
    assert kinds == {"Organization": 2, "Location": 1, "Patient": 3, "Encounter": 3,
                     "Observation": kinds["Observation"], "ServiceRequest": kinds["ServiceRequest"]}
    assert kinds["Observation"] >= 25 and kinds["ServiceRequest"] >= 3
    for encounter in (r for r in resources if r["resourceType"] == "Encounter"):
        assert encounter["status"] == "finished" and encounter["class"]["code"] == "AMB"
        assert encounter["subject"]["reference"].startswith("Patient/") and encounter["period"]["start"] == "2026-11-10"
        assert encounter["serviceProvider"]["reference"].startswith("Organization/")
        assert {"system": "http://sys-ids.kemkes.go.id/encounter/100000001"}.items() <= encounter["identifier"][1].items()
    for observation in (r for r in resources if r["resourceType"] == "Observation"):
        assert observation["status"] == "final" and observation["category"] and observation["code"]["coding"]
        assert observation["subject"]["reference"].startswith("Patient/")
        assert observation["encounter"]["reference"].startswith("Encounter/") and observation["effectiveDateTime"]
    organizations = [r for r in resources if r["resourceType"] == "Organization"]
    assert {o["identifier"][0]["system"] for o in organizations} == {"http://sys-ids.kemkes.go.id/organization/100000001"}
    child = next(r for r in resources if r["resourceType"] == "Patient" and r["gender"] == "male" and "identifier" in r
                 and r["identifier"][0]["system"] == NIK)
    assert child["identifier"][0]["value"] == "3201010101240001"


def test_measurements_use_loinc_and_ucum_and_nutrition_status_uses_kemkes_codes(make):
    posyandu = make.posyandu()
    growth, anc, screening = verified_visits(make, posyandu, DAY)
    resources = fhir_export.export([posyandu.id], None, None, Context())
    observations = [r for r in resources if r["resourceType"] == "Observation"]
    weight = next(o for o in observations if "29463-7" in _codes(o) and o["valueQuantity"]["value"] == 7.1)
    assert weight["valueQuantity"] == {"value": 7.1, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"}
    length = next(o for o in observations if "8302-2" in _codes(o) and o["valueQuantity"]["value"] == 70.5)
    assert "8306-3" in _codes(length)  # measured lying down
    pressure = [o for o in observations if "85354-9" in _codes(o)]
    assert len(pressure) == 2 and all(len(p["component"]) == 2 for p in pressure)
    assert {c["valueQuantity"]["code"] for p in pressure for c in p["component"]} == {"mm[Hg]"}
    waz = next(o for o in observations if "waz" in _codes(o))
    assert waz["valueQuantity"]["value"] == growth.waz and waz["valueQuantity"]["code"] == "{Zscore}"
    assert waz["interpretation"][0]["coding"][0]["system"] == "http://terminology.kemkes.go.id/CodeSystem/clinical-term"
    assert waz["interpretation"][0]["coding"][0]["code"] == "OI000007"  # z < -3: berat badan sangat kurang
    assert any("2345-7" in _codes(o) and o["valueQuantity"]["value"] == 230.0 for o in observations)  # random glucose
    assert any("718-7" in _codes(o) and o["valueQuantity"]["unit"] == "g/dL" for o in observations)
    assert any("49051-6" in _codes(o) and o["valueQuantity"]["value"] == anc.gestational_weeks for o in observations)
    assert any("39156-5" in _codes(o) and o["valueQuantity"]["value"] == screening.bmi for o in observations)
    findings = {o["valueCodeableConcept"]["coding"][0]["code"] for o in observations if "risk-finding" in _codes(o)}
    assert {"anaemia", "kek"} <= findings
    referrals = [r for r in resources if r["resourceType"] == "ServiceRequest"]
    assert all(r["category"][0]["coding"][0]["code"] == "3457005" for r in referrals)


def test_only_verified_current_visits_leave_and_a_correction_keeps_its_ids(make):
    posyandu = make.posyandu()
    growth, anc, screening = verified_visits(make, posyandu, DAY)
    anc.status = "submitted"
    db.session.commit()
    first = fhir_export.export([posyandu.id], None, None, Context())
    encounters = {r["id"] for r in first if r["resourceType"] == "Encounter"}
    assert len(encounters) == 2
    fixed = make.correction(growth, weight_kg=7.3)
    fixed.status = "verified"
    db.session.commit()
    again = fhir_export.export([posyandu.id], None, None, Context())
    assert {r["id"] for r in again if r["resourceType"] == "Encounter"} == encounters
    weights = [r["valueQuantity"]["value"] for r in again if r["resourceType"] == "Observation"
               and "29463-7" in _codes(r)]
    assert 7.3 in weights and 7.1 not in weights


def test_the_api_bundle_is_scoped_and_repeats_exactly(client, make):
    world = build_world(make)
    verified_visits(make, world.posyandu, DAY)
    verified_visits(make, world.sibling_posyandu, DAY)  # the other pustu of the same puskesmas
    login(client, world.bidan)
    first = client.get("/api/v1/fhir/Bundle?from=2026-11-01&to=2026-11-30")
    assert first.status_code == 200 and first.mimetype == "application/fhir+json"
    bundle = first.get_json()
    validate(bundle)
    assert bundle["type"] == "collection" and len(bundle["entry"]) > 0 and "total" not in bundle
    locations = [e["resource"]["name"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Location"]
    assert locations == ["Posyandu Mawar"]
    patients = [e["resource"]["name"][0]["text"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert len(patients) == 3  # Anggrek's three belong to the other pustu
    assert client.get("/api/v1/fhir/Bundle?from=2026-11-01&to=2026-11-30").get_json() == bundle
    assert client.get(f"/api/v1/fhir/Bundle?posyandu={world.sibling_posyandu.id}").status_code == 404
    assert client.get("/api/v1/fhir/Bundle?from=2026-12-01").get_json()["entry"] == []
    assert client.get("/api/v1/fhir/Bundle?from=nope").status_code == 400
    client.post("/api/v1/auth/logout", headers={"X-CSRFToken": login(client, world.kader)})
    login(client, world.kader)
    mine = client.get(f"/api/v1/fhir/Bundle?posyandu={world.posyandu.id}").get_json()
    assert len([e for e in mine["entry"] if e["resource"]["resourceType"] == "Patient"]) == 3
    assert client.get(f"/api/v1/fhir/Bundle?posyandu={world.foreign_posyandu.id}").status_code == 404


def test_anonymous_gets_401(client):
    assert client.get("/api/v1/fhir/Bundle").status_code == 401


def test_cli_export_writes_one_ndjson_file_per_type_the_same_twice(app, make, tmp_path):
    world = build_world(make)
    verified_visits(make, world.posyandu, DAY)
    verified_visits(make, world.foreign_posyandu, DAY)  # another puskesmas: not in this export
    runner = app.test_cli_runner()
    outputs = []
    for run in ("a", "b"):
        result = runner.invoke(args=["fhir-export", "--puskesmas", world.puskesmas.code, "--month", "2026-11",
                                     "-o", str(tmp_path / run)])
        assert result.exit_code == 0, result.output
        outputs.append({p.name: p.read_bytes() for p in sorted((tmp_path / run).iterdir())})
    assert outputs[0] == outputs[1]
    assert set(outputs[0]) == {"Organization.ndjson", "Location.ndjson", "Patient.ndjson", "Encounter.ndjson",
                               "Observation.ndjson", "ServiceRequest.ndjson"}
    import json
    count = 0
    for text in outputs[0].values():
        for line in text.decode().splitlines():
            validate(json.loads(line))
            count += 1
    assert outputs[0]["Patient.ndjson"].decode().count("\n") == 3
    assert runner.invoke(args=["fhir-export", "--puskesmas", "NOPE", "--month", "2026-11", "-o",
                               str(tmp_path / "c")]).exit_code != 0
    assert runner.invoke(args=["fhir-export", "--puskesmas", world.puskesmas.code, "--month", "2026-13", "-o",
                               str(tmp_path / "c")]).exit_code != 0
