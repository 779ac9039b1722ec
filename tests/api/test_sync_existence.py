"""Existence does not leak, generated: for every entity × every field that names another record, a push naming a
record of a sibling posyandu (live, deleted, merged, superseded) is answered exactly as one naming no record at all
(same status, code, fields and messages in both languages; only the op_id differs)."""
import json
from datetime import date, datetime, timedelta, timezone

import pytest

from posyandu_app.extensions import db
from tests.factories import login

from .sync_helpers import force_op_by_op, new_id, op, push, results

TODAY = date.today().isoformat()


def _gone(record, merged_into=None):
    record.deleted_at = datetime.now(timezone.utc)
    if merged_into is not None:
        record.merged_into_id = merged_into.id
    db.session.commit()
    return record


def _side(make, posyandu):
    """One posyandu's records: persons of every kind, an episode, a visit of every kind, and their tombstones."""
    mother = make.person(posyandu, name="Ibu", birth_date=date(1996, 2, 2))
    child = make.person(posyandu, name="Anak")
    elder = make.person(posyandu, name="Lansia", sex="M", birth_date=date(1955, 5, 5))
    episode = make.pregnancy_episode(mother, hpht=date.today() - timedelta(days=80))
    growth = make.growth(child)
    superseded = make.growth(child, visit_date=date.today() - timedelta(days=31))
    make.correction(superseded, weight_kg=9.9)
    return {
        "mother": mother.id, "child": child.id, "elder": elder.id, "episode": episode.id, "growth": growth.id,
        "superseded": superseded.id, "screening": make.screening(elder).id,
        "pregnancy_visit": make.pregnancy_visit(episode).id,
        "deleted_person": _gone(make.person(posyandu, name="Dihapus")).id,
        "merged_person": _gone(make.person(posyandu, name="Anak dobel"), merged_into=child).id,
        "deleted_episode": _gone(make.pregnancy_episode(mother, hpht=date.today() - timedelta(days=300))).id,
    }


def growth_data(person_id):
    return {"person_id": person_id, "visit_date": TODAY, "weight_kg": 8.4, "length_cm": 71.5, "measured": "L"}


def screening_data(person_id):
    return {"person_id": person_id, "visit_date": TODAY, "systolic": 130, "diastolic": 85}


def anc_data(person_id, episode_id):
    return {"person_id": person_id, "episode_id": episode_id, "visit_date": TODAY, "systolic": 120, "diastolic": 80}


def without(data, *names):
    return {key: value for key, value in data.items() if key not in names}


# (entity, reference field) -> (the op naming `ref`, the roles of the other posyandu's records it may name).
# `own` holds the caller's own records, so only the reference differs from a valid op.
PERSONS = ("child", "mother", "elder", "deleted_person", "merged_person")
VISITS = ("growth", "superseded", "screening", "pregnancy_visit")
CASES = {
    ("person", "id"): (lambda own, ref: op("person", {"notes": "diubah"}, ref, base_version=1), PERSONS),
    ("pregnancy", "id"): (lambda own, ref: op("pregnancy", {"gravida": 3}, ref, base_version=1),
                          ("episode", "deleted_episode")),
    ("pregnancy", "person_id"): (lambda own, ref: op("pregnancy", {"person_id": ref, "hpht": TODAY}), PERSONS),
    ("growth", "person_id"): (lambda own, ref: op("growth", growth_data(ref)), PERSONS),
    ("screening", "person_id"): (lambda own, ref: op("screening", screening_data(ref)), PERSONS),
    ("pregnancy_visit", "person_id"): (lambda own, ref: op("pregnancy_visit", anc_data(ref, own["episode"])),
                                       PERSONS),
    ("pregnancy_visit", "episode_id"): (lambda own, ref: op("pregnancy_visit", anc_data(own["mother"], ref)),
                                        ("episode", "deleted_episode")),
    ("correction", "supersedes"): (lambda own, ref: op("correction", {**without(growth_data(own["child"]),
                                                                               "person_id"), "supersedes": ref}),
                                   VISITS),
    ("correction", "supersedes screening"): (
        lambda own, ref: op("correction", {**without(screening_data(own["elder"]), "person_id"), "supersedes": ref}),
        VISITS),
    ("correction", "supersedes pregnancy_visit"): (
        lambda own, ref: op("correction", {**without(anc_data(own["mother"], own["episode"]), "person_id",
                                                     "episode_id"), "supersedes": ref}), VISITS),
    ("correction", "person_id"): (lambda own, ref: op("correction", {**growth_data(ref), "supersedes": own["growth"]}),
                                  PERSONS),
    ("correction", "episode_id"): (
        lambda own, ref: op("correction", {**without(anc_data(own["mother"], ref), "person_id"),
                                           "supersedes": own["pregnancy_visit"]}), ("episode", "deleted_episode")),
}


@pytest.fixture(params=["one flush", "op by op"])
def world(request, monkeypatch, make):
    pustu = make.pustu()
    posyandu_a, posyandu_b = make.posyandu(pustu), make.posyandu(pustu)
    sides = {"a": _side(make, posyandu_a), "b": _side(make, posyandu_b), "kader_b": make.user("kader", posyandu_b)}
    if request.param == "op by op":
        force_op_by_op(monkeypatch)
    return sides


def _answer_text(result) -> str:
    return json.dumps({key: value for key, value in result.items() if key != "op_id"}, sort_keys=True,
                      ensure_ascii=False)


@pytest.mark.parametrize("case", list(CASES), ids=[" ".join(case) for case in CASES])
def test_another_posyandus_record_is_answered_like_no_record_at_all(client, world, case):
    build, roles = CASES[case]
    own, foreign = world["b"], world["a"]
    token = login(client, world["kader_b"])
    ops = [build(own, new_id())] + [build(own, foreign[role]) for role in roles]
    answered = results(push(client, token, ops, device_id="phone-b"))
    missing = answered[0]
    assert missing["status"] == "rejected", missing
    for role, result in zip(roles, answered[1:]):
        assert _answer_text(result) == _answer_text(missing), (case, role)
