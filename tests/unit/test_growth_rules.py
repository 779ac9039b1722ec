"""Unit tests of the growth rules beyond the shared vectors: validation errors, tables, hand LMS checks, purity."""
import ast
import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from posyandu_app.domain import growth, growth_tables
from posyandu_app.domain.data import DATA_DIR, load
from posyandu_app.domain.errors import DomainValidationError

from ..instants import at_instants

DOMAIN_DIR = Path(growth.__file__).resolve().parent
VISIT = {"birth_date": "2024-01-10", "visit_date": "2024-06-10", "today": "2024-06-10"}


def errors_of(**kwargs):
    with pytest.raises(DomainValidationError) as info:
        growth.assess_growth(**{"sex": "F", **VISIT, **kwargs})
    return info.value.field_errors


def test_error_carries_indonesian_and_english_per_field():
    errors = errors_of(weight_kg=0, length_cm=240, sex="X")
    assert set(errors) == {"weight_kg", "length_cm", "sex"}
    assert errors["weight_kg"] == {"id": "Berat badan harus lebih dari 0 dan paling banyak 250 kg",
                                   "en": "Weight must be more than 0 and at most 250 kg"}
    assert all(set(msg) == {"id", "en"} for msg in errors.values())


def test_error_is_a_value_error_with_readable_text():
    with pytest.raises(ValueError, match="weight_kg: Weight must be"):
        growth.assess_growth("M", **VISIT, weight_kg=251)


@pytest.mark.parametrize("weight", [True, "7.5", float("nan"), float("inf")])
def test_weight_must_be_a_real_number(weight):
    assert errors_of(weight_kg=weight) == {"weight_kg": {"id": "Harus berupa angka", "en": "Must be a number"}}


@pytest.mark.parametrize("sex, expected", [("M", "M"), ("f", "F"), (" L ", "M"), ("p", "F")])
def test_sex_accepts_m_f_l_p(sex, expected):
    assert growth.assess_growth(sex, **VISIT)["sex"] == expected


def test_dates_may_be_date_objects():
    out = growth.assess_growth("M", dt.date(2024, 1, 10), dt.date(2024, 6, 10), weight_kg=7, today="2024-06-10")
    assert out["age_days"] == 152


@at_instants()
def test_future_visit_uses_the_papua_today_by_default(instant):
    papua_today = (instant + dt.timedelta(hours=9)).date()  # WIT: the Indonesian day that starts first
    with pytest.raises(DomainValidationError) as info:
        growth.assess_growth("M", "2024-01-10", (papua_today + dt.timedelta(days=2)).isoformat())
    assert set(info.value.field_errors) == {"visit_date"}
    tomorrow = (papua_today + dt.timedelta(days=1)).isoformat()  # one day of slack for time zones
    assert growth.assess_growth("M", "2024-01-10", tomorrow)["age_days"] > 0


def test_output_is_json_serialisable():
    out = growth.assess_growth("F", **VISIT, weight_kg=7.2, length_cm=65, measured="L", head_cm=41, muac_cm=13.5,
                               previous_weighings=[{"date": "2024-05-09", "weight_kg": 6.9}])
    assert json.loads(json.dumps(out)) == out


def test_lms_by_hand_against_published_table_values():
    # WFA girls day 0: L=0.3809, M=3.2322, S=0.14171 (WHO table); plain LMS for a 2.8 kg newborn
    z = ((2.8 / 3.2322) ** 0.3809 - 1) / (0.3809 * 0.14171)
    assert growth.zscores("F", 0, weight_kg=2.8)["z"]["waz"] == round(z, 2) == -0.99
    # LFA boys day 44: M=56.4833, S=0.03492, L=1 (WHO anthro test-zscore-length-for-age.R)
    assert growth.zscores("M", 44, length_cm=50, measured="L")["z"]["haz"] == round((50 / 56.4833 - 1) / 0.03492, 2)


def test_restricted_z_by_hand():
    # WFA boys day 0 (L=0.3487, M=3.3464, S=0.14602): 6 kg is beyond +3 SD -> 3 + (y - SD3) / (SD3 - SD2)
    l, m, s = 0.3487, 3.3464, 0.14602
    sd = lambda k: m * (1 + l * s * k) ** (1 / l)  # noqa: E731
    expected = 3 + (6 - sd(3)) / (sd(3) - sd(2))
    assert growth.zscores("M", 0, weight_kg=6)["z"]["waz"] == round(expected, 2)


def test_tables_decode_to_who_values():
    first, ls, ms, ss = growth_tables.table("wfa", "M")
    assert (first, ls[0], ms[0], ss[0], len(ms)) == (0, 0.3487, 3.3464, 0.14602, 1827)
    assert growth_tables.table("wfa", "F")[2][0] == 3.2322
    assert growth_tables.table("acfa", "F")[0] == 91
    assert len(growth_tables.table("wfl", "F")[1]) == 651 and len(growth_tables.table("wfh", "M")[1]) == 551
    assert growth_tables.lms_by_length("wfl", "M", 44.9) is None
    assert growth_tables.lms_by_length("wfl", "M", 110.0) is not None
    assert growth_tables.lms_by_length("wfl", "M", 110.05) is None


def test_who_data_carries_attribution_and_source():
    doc = load("who_growth")
    assert "WHO" in doc["source"] and doc["attribution"]["id"] and doc["attribution"]["en"]


def test_unconfirmed_values_are_marked_in_the_data():
    rules = load("growth_rules")
    unconfirmed = {row["from"] for row in rules["kms"]["kbm_g"] if row.get("unconfirmed")}
    assert unconfirmed == {7, 11}
    assert rules["bgm"]["unconfirmed"] and rules["orange_line"]["unconfirmed"]
    assert rules["categories"]["hcz"]["unconfirmed"]


def test_every_rule_group_has_a_source():
    rules = load("growth_rules")
    for key, group in rules.items():
        if isinstance(group, dict) and key != "categories":
            assert "source" in group or "_source" in group, key
    for index, spec in rules["categories"].items():
        assert index == "_how" or spec["source"]


def test_rule_data_fits_the_gzip_budget():
    # DESIGN.md 7: all rule data incl. WHO tables <= 120 KB gzip (a size budget, not a timing)
    total = sum(len(gzip.compress(path.read_bytes(), 9)) for path in DATA_DIR.glob("*.json"))
    assert total <= 120 * 1024, total


def test_domain_imports_nothing_of_the_app_frameworks():
    for path in DOMAIN_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.split(".")[0] in ("flask", "sqlalchemy", "flask_sqlalchemy") for n in names), path
