"""The visit-kind registry: each declaration names things that exist (columns, catalog entries, twins, screens,
rule data), and the field app's copy (static/data/visit_kinds.json) is exactly what the declaration says."""
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import inspect

from posyandu_app.i18n import catalog
from posyandu_app.services import assessment
from posyandu_app.visit_kinds import client_data, kinds, sync_entities, visit_kinds
from posyandu_app.visit_kinds.__main__ import PATH, render

STATIC = Path(__file__).resolve().parents[2] / "posyandu_app" / "static"
KINDS = {kind.entity: kind for kind in kinds()}


def test_the_field_app_copy_is_generated_from_the_declaration():
    # After changing a kind: python -m posyandu_app.visit_kinds
    assert PATH.read_text(encoding="utf-8") == render()
    assert set(json.loads(PATH.read_text(encoding="utf-8"))["kinds"]) == set(KINDS)


def test_entities_are_the_documented_ones_in_the_documented_order():
    assert sync_entities() == ("person", "pregnancy", "growth", "pregnancy_visit", "screening", "youth_screening",
                              "immunization", "delivery", "postnatal_visit", "newborn_visit", "correction")
    assert [kind.entity for kind in visit_kinds()] == ["growth", "pregnancy_visit", "screening", "youth_screening",
                                                       "immunization", "delivery", "postnatal_visit", "newborn_visit"]
    assert not KINDS["pregnancy"].append_only


@pytest.mark.parametrize("entity", list(KINDS))
def test_a_declaration_names_what_exists(entity):
    kind = KINDS[entity]
    columns = {attr.key for attr in inspect(kind.model).column_attrs}
    assert kind.model.__sync_entity__ == entity
    named = set(kind.promoted) | ({kind.parent} if kind.parent else set())
    if kind.review:
        named |= set(kind.review.measured + kind.review.results + kind.review.history)
        named |= {column for column, _, _ in kind.review.badges}
    assert named - columns == set()
    module, _, function = kind.assess.partition(".")
    assert (STATIC.parent / "services" / "assess" / f"{module}.py").is_file()  # its own module
    assert assessment.function(kind).__name__ == function
    assert set(kind.schema().fields) <= columns  # what the phone sends is stored as sent
    for name in kind.rule_data:
        assert (STATIC / "data" / f"{name}.json").is_file()
    twin = (STATIC / "js" / "rules" / f"{kind.client.twin.module}.js").read_text(encoding="utf-8")
    assert re.search(rf"export function {kind.client.twin.function}\(", twin)
    if kind.client.screen:
        assert (STATIC / "js" / "screens" / f"{kind.client.screen}.js").is_file()
    results = (STATIC / "js" / "results.js").read_text(encoding="utf-8")
    assert re.search(rf"\b{kind.client.result}: \w+Block", results)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_kind_has_its_catalog_entries_in_both_languages(lang):
    keys = catalog(lang)
    missing = [key for kind in kinds() for key in kind.catalog_keys if key not in keys]
    badge_keys = [key for kind in visit_kinds() for _, key, _ in kind.review.badges if key not in keys]
    titles = [key for kind in kinds() for _, key in kind.client.group_titles if key not in keys]
    assert missing == [] and badge_keys == [] and titles == []


def test_the_service_worker_precaches_the_declaration_and_every_kinds_rule_data(client):
    source = client.get("/sw.js").get_data(as_text=True)
    precache = set(json.loads(source.split("const PRECACHE = ", 1)[1].split(";\n", 1)[0]))
    wanted = {"visit_kinds", *(name for kind in kinds() for name in kind.rule_data)}
    assert {f"/static/data/{name}.json" for name in wanted} <= precache


def test_the_client_copy_carries_what_the_screens_read():
    growth = client_data()["kinds"]["growth"]
    assert growth["twin"] == {"module": "growth", "function": "assessGrowth", "inputs": ["visit"],
                              "record_input": "growthInput"}
    assert ["kms_code", "kms.code", None] in growth["promoted_from"]
    assert growth["screen"] == "growth" and growth["append_only"] is True and growth["title"] == "field.growth_title"


@pytest.mark.parametrize("entity", list(KINDS))
def test_what_the_phone_recomputes_is_declared_on_real_columns_and_twin_functions(entity):
    kind = KINDS[entity]
    columns = set(kind.model.__table__.c.keys())
    assert [column for column, _, _ in kind.promoted_from if column not in columns] == []
    if kind.client.twin.record_input:  # static/js/recompute.js calls it by name on the twin module
        source = (STATIC / "js" / "rules" / f"{kind.client.twin.module}.js").read_text()
        name = kind.client.twin.record_input
        assert re.search(rf"export (function|const) {name}\b|export {{ {name} }}", source), name


@pytest.mark.parametrize("entity", [entity for entity, kind in KINDS.items() if kind.client.offer])
def test_an_offer_names_numbers_of_its_rule_data_and_labels_in_both_languages(entity):
    kind = KINDS[entity]
    offer = kind.client.offer
    places = [place for place in (offer.min_age_years, offer.max_age_years, offer.max_age_days) if place]
    places += [offer.since[2]] if offer.since else []
    places += [offer.label_from_age[:2]] if offer.label_from_age else []
    for file, path in places:
        assert file in kind.rule_data  # precached with the kind, loaded by the person page
        value = json.loads((STATIC / "data" / f"{file}.json").read_text(encoding="utf-8"))
        for key in path.split("."):
            value = value[key]
        assert isinstance(value, (int, float)), (file, path)
    labels = [offer.label, offer.label_open, offer.label_from_age[2] if offer.label_from_age else None]
    for lang in ("id", "en"):
        assert [key for key in labels if key and key not in catalog(lang)] == []
    if offer.needs_open:
        assert KINDS[offer.needs_open].client.open is not None
    if offer.since:  # a date column of the named kind's records
        assert offer.since[1] in KINDS[offer.since[0]].model.__table__.c
    assert kind.client.route  # the button opens its form
