"""One bad op never blocks an outbox, generated: every field of every entity (and of the op envelope) gets each
hostile value in turn, inside a batch of valid ops. The hostile op is answered on its own (rejected with a message
in both languages naming its field, or applied if the value is harmless), the valid ops apply, nothing is a 5xx or
a `retry`, and nothing unstorable reaches the database."""
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from posyandu_app.api.sync_schemas import DATA_SCHEMAS
from posyandu_app.extensions import db
from posyandu_app.models import Person, PregnancyEpisode, Screening

from ..api.sync_helpers import growth_op, new_id, op, person_op, results
from ..factories import login
from ..web.review_helpers import user

TODAY = date.today().isoformat()
RAW = "\x01RAW\x01"  # stands for a token json.dumps cannot write; replaced in the body text
HOSTILE = {
    "nul": "\x00", "nul inside": "Siti\x00Aminah", "lone surrogate": "\ud800", "huge string": "x" * 3000,
    "empty list": [], "list": ["a", 1], "empty object": {}, "nested object": {"a": {"b": [1, {"c": None}]}},
    "deep": json.loads("[" * 300 + "]" * 300), "zero": 0, "negative": -1, "huge int": 10 ** 30,
    "tiny float": -1e308, "fraction": 1.5, "true": True, "false": False, "null": None,
    "4400 digits": (RAW, "9" * 4400), "NaN": (RAW, "NaN"), "Infinity": (RAW, "-Infinity"), "1e999": (RAW, "1e999"),
}
UNSTORABLE = ("nul", "nul inside", "lone surrogate")
ENVELOPE = ("op_id", "entity", "id", "base_version", "recorded_at", "data")


@pytest.fixture
def place(make):
    kader = user("kader", make.posyandu())  # a cheap password hash
    born = date.today() - timedelta(days=420)
    child = make.person(kader.facility, name="Anak", birth_date=born)
    mother = make.person(kader.facility, name="Ibu", birth_date=date(1996, 2, 2))
    elder = make.person(kader.facility, name="Lansia", birth_date=date(1955, 5, 5), sex="M")
    episode = make.pregnancy_episode(mother, hpht=date.today() - timedelta(days=80))
    teen = make.person(kader.facility, name="Remaja", birth_date=date.today() - timedelta(days=14 * 365))
    return kader, child, mother, elder, episode, teen


def valid_ops(make, place) -> dict:
    """One valid op per entity (the correction supersedes a visit of its own)."""
    kader, child, mother, elder, episode, teen = place
    growth = growth_op(child.id)["data"]
    return {
        "person": person_op()["data"],
        "pregnancy": {"person_id": mother.id, "hpht": (date.today() - timedelta(days=60)).isoformat()},
        "growth": growth,
        "pregnancy_visit": {"person_id": mother.id, "episode_id": episode.id, "visit_date": TODAY},
        "screening": {"person_id": elder.id, "visit_date": TODAY, "systolic": 130, "diastolic": 85},
        "youth_screening": {"person_id": teen.id, "visit_date": TODAY, "hb_g_dl": 12.5, "ttd_given": 1},
        "immunization": {"person_id": child.id, "visit_date": TODAY, "antigen": "mr", "dose": 1},
        "delivery": _delivery(make, kader),
        "postnatal_visit": {"person_id": _delivered(make, kader).id, "visit_date": TODAY, "breastfeeding": "exclusive"},
        "newborn_visit": {"person_id": make.person(kader.facility, name="Bayi", birth_date=date.today()
                                                   - timedelta(days=3)).id, "visit_date": TODAY, "temperature_c": 36.8},
        "correction": {**growth, "supersedes": make.growth(child).id},
    }


def _delivery(make, kader):
    """A birth on a pregnancy of its own: an applied one closes it, and the next op must not be refused for that."""
    due = make.person(kader.facility, name="Ibu Bersalin", birth_date=date(1995, 3, 3))
    episode = make.pregnancy_episode(due, hpht=date.today() - timedelta(weeks=39))
    return {"person_id": due.id, "episode_id": episode.id, "visit_date": TODAY, "outcome": "live_birth"}


def _delivered(make, kader):
    """A mother five days after her delivery: inside the KF2 window."""
    mother = make.person(kader.facility, name="Ibu Nifas", birth_date=date(1994, 4, 4))
    born = date.today() - timedelta(days=5)
    make.pregnancy_episode(mother, hpht=born - timedelta(weeks=39), outcome="delivered", delivery_date=born)
    return mother


def fields_of(entity):
    names = list(DATA_SCHEMAS[entity].fields)
    return names + list(DATA_SCHEMAS["growth"].fields) if entity == "correction" else names


def hostile_batch(make, place, value):
    """[(where, op)]: every field of every entity set to `value`, a valid op after each entity's run."""
    batch = []
    for entity in DATA_SCHEMAS:
        for name in fields_of(entity) + ["unknown_field"]:
            data = valid_ops(make, place)[entity]
            batch.append(((entity, name), op(entity, {**data, name: value})))
        batch.append((("valid", entity), op(entity, valid_ops(make, place)[entity])))
    for name in ENVELOPE:
        batch.append((("envelope", name), {**op("person", valid_ops(make, place)["person"]), name: value}))
    batch.append((("envelope", "unknown_key"), op("person", {**person_op()["data"], "\x00k\ud800": value})))
    return batch


def body_text(ops) -> str:
    raws = []

    def stand_in(value):
        if isinstance(value, tuple) and value and value[0] == RAW:
            raws.append(value[1])
            return f"{RAW}{len(raws) - 1}{RAW}"
        if isinstance(value, dict):
            return {key: stand_in(item) for key, item in value.items()}
        if isinstance(value, list):
            return [stand_in(item) for item in value]
        return value

    text = json.dumps({"device_id": "phone", "ops": stand_in(ops)})
    for index, raw in enumerate(raws):
        text = text.replace(json.dumps(f"{RAW}{index}{RAW}"), raw)
    return text


@pytest.mark.parametrize("kind", HOSTILE)
def test_each_hostile_value_in_each_field_is_rejected_alone(client, make, place, kind):
    value = HOSTILE[kind]
    token = login(client, place[0])
    batch = hostile_batch(make, place, value)
    response = client.post("/api/v1/sync/push", data=body_text([sent for _, sent in batch]).encode(),
                           content_type="application/json", headers={"X-CSRFToken": token})
    answered = results(response)
    assert len(answered) == len(batch)
    problems = []
    for ((where, name), sent), result in zip(batch, answered):
        label = f"{where}.{name}={kind}: {result}"[:400]
        if "retry" in result or result["status"] not in ("applied", "rejected"):
            problems.append(label)
        elif where == "valid" or name in ("unknown_field", "unknown_key"):
            if result["status"] != "applied":
                problems.append(label)
        elif result["status"] == "rejected":
            errors = result["errors"]
            named = [key for key in errors if key == name or key.startswith(f"{name}.")]
            if where != "envelope" or name != "data" or not isinstance(value, dict):
                if not named:
                    problems.append(label)
            if not all(isinstance(m, dict) and m.get("id") and m.get("en") for m in errors.values()):
                problems.append(label)
        elif kind in UNSTORABLE or (where == "envelope" and name in ("op_id", "entity", "data")):
            problems.append(label)  # applied with a value that must never be stored
        if where == "envelope" and name == "op_id" and result["op_id"] not in (None, value):
            problems.append(label)
    assert not problems, "\n".join(problems)
    db.session.expire_all()
    stored = db.session.scalars(select(Person.name)).all() + db.session.scalars(select(Screening.notes)).all()
    assert not any("\x00" in (text or "") for text in stored)
    assert db.session.scalar(select(PregnancyEpisode.id).where(PregnancyEpisode.person_id == place[2].id))


def test_a_string_as_large_as_the_body_allows_rejects_only_its_op(client, make, place):
    token = login(client, place[0])
    child = place[1]
    ops = [growth_op(child.id), growth_op(child.id, notes="n" * 700_000), person_op(name="\x00" * 30_000),
           growth_op(child.id)]
    answered = results(client.post("/api/v1/sync/push", json={"device_id": "phone", "ops": ops},
                                   headers={"X-CSRFToken": token}))
    assert [r["status"] for r in answered] == ["applied", "rejected", "rejected", "applied"]
    assert set(answered[1]["errors"]) == {"notes"} and set(answered[2]["errors"]) == {"name"}


def test_nesting_too_deep_for_the_parser_rejects_only_its_op(client, make, place):
    token = login(client, place[0])
    child = place[1]
    deep = "[" * 50_000 + "]" * 50_000
    ops = [growth_op(child.id), growth_op(child.id, notes="DEEP"), growth_op(child.id)]
    body = json.dumps({"device_id": "phone", "ops": ops}).replace('"DEEP"', deep)
    answered = results(client.post("/api/v1/sync/push", data=body, content_type="application/json",
                                   headers={"X-CSRFToken": token}))
    assert [r["status"] for r in answered] == ["applied", "rejected", "applied"]
    assert set(answered[1]["errors"]) == {"notes"}


def test_nul_is_still_refused_by_the_other_json_endpoints(client):
    response = client.post("/api/v1/auth/login", json={"username": "kader\x00", "password": "x"})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "malformed_json"


def test_an_op_id_is_echoed_only_when_it_is_plain(client, make, place):
    token = login(client, place[0])
    answered = results(client.post("/api/v1/sync/push", json={"device_id": "phone", "ops": [
        {**person_op(), "op_id": "x" * 5000}, {**person_op(), "op_id": "a\x00b"}, {**person_op(), "op_id": new_id()}]},
        headers={"X-CSRFToken": token}))
    assert [r["op_id"] for r in answered[:2]] == [None, None]
    assert [r["status"] for r in answered] == ["rejected", "rejected", "applied"]
