"""The register's birth weight and length limits are rule data (growth_rules.json `birth`): the sync schema takes
exactly them, and the field form (screens/person.js) reads the same entry instead of a copy."""
from pathlib import Path

import pytest

from posyandu_app.api.sync_schemas import load_data
from posyandu_app.domain.data import load

PERSON_JS = Path(__file__).resolve().parents[2] / "posyandu_app" / "static" / "js" / "screens" / "person.js"
PERSON = {"name": "Bayi Sari", "sex": "F", "birth_date": "2026-01-02"}


@pytest.mark.parametrize("measure", ["weight_kg", "length_cm"])
def test_the_sync_schema_accepts_the_data_limits_and_nothing_beyond(measure):
    low, high = load("growth_rules")["birth"][measure]["min"], load("growth_rules")["birth"][measure]["max"]
    name = f"birth_{measure}"
    for inside in (low, high):
        assert load_data("person", {**PERSON, name: inside})[1] is None, inside
    for outside in (round(low - 0.01, 2), round(high + 0.01, 2)):
        assert name in load_data("person", {**PERSON, name: outside})[1], outside


def test_the_field_form_reads_the_same_limits():
    source = PERSON_JS.read_text(encoding="utf-8")
    assert "ruleData('growth_rules').birth" in source and "0.3" not in source
