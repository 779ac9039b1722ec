"""Scope before lookup, generated: a kader of posyandu B who pushes ops naming the record ids and op_ids of posyandu A
(every entity × create, update, correction, tombstone, replay) learns nothing of A and changes nothing of A."""
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

import pytest

from posyandu_app.extensions import db
from posyandu_app.services.serialize import MODELS, serialize
from tests.factories import login

from .sync_helpers import force_op_by_op, new_id, op, person_op, push, results

SECRET = "RAHASIA"  # in every free-text field of A: it must never appear in an answer to B
TODAY = date.today()
KINDS = ("create", "update", "correction", "tombstone", "replay")


@dataclass
class Side:
    """One posyandu's records as its kader pushed them: (entity, id) -> op, plus ids by role."""
    kader: object
    ops: list = field(default_factory=list)
    ids: dict = field(default_factory=dict)


def records_of(kader, marker: str) -> tuple[list, dict]:
    """The ops a kader pushes to build a posyandu: three persons, an episode, one visit of each kind, a correction."""
    people = {
        "child": person_op(name=f"{marker} Anak", mother_name=f"{marker} Ibu", notes=f"{marker} catatan",
                           phone="0811 999"),
        "mother": person_op(name=f"{marker} Ibu Hamil", birth_date="1996-02-02"),
        "elder": person_op(name=f"{marker} Lansia", birth_date="1955-05-05", sex="L"),
        "gone": person_op(name=f"{marker} Dihapus"),
    }
    ids = {name: item["id"] for name, item in people.items()}
    episode = op("pregnancy", {"person_id": ids["mother"], "hpht": (TODAY - timedelta(days=80)).isoformat()})
    ids["episode"] = episode["id"]
    visits = {
        "growth": op("growth", growth_data(ids["child"], marker)),
        "gone_growth": op("growth", growth_data(ids["gone"], marker)),
        "pregnancy_visit": op("pregnancy_visit", anc_data(ids["mother"], ids["episode"], marker)),
        "screening": op("screening", screening_data(ids["elder"], marker)),
    }
    ids.update({name: item["id"] for name, item in visits.items()})
    correction = op("correction", {**growth_data(ids["child"], marker), "supersedes": ids["growth"]})
    ids["corrected"] = correction["id"]
    edit = op("person", {"notes": f"{marker} diubah"}, ids["child"], base_version=1)
    return [*people.values(), episode, *visits.values(), correction, edit], ids


def growth_data(person_id, marker):
    return {"person_id": person_id, "visit_date": TODAY.isoformat(), "weight_kg": 8.4, "length_cm": 71.5,
            "measured": "L", "notes": f"{marker} timbang"}


def anc_data(person_id, episode_id, marker):
    return {"person_id": person_id, "episode_id": episode_id, "visit_date": TODAY.isoformat(), "systolic": 120,
            "diastolic": 80, "notes": f"{marker} anc"}


def screening_data(person_id, marker):
    return {"person_id": person_id, "visit_date": TODAY.isoformat(), "systolic": 130, "diastolic": 85,
            "notes": f"{marker} skrining"}


@pytest.fixture(params=["one flush", "op by op"])
def world(request, monkeypatch, client, make):
    pustu = make.pustu()
    sides = {}
    for name, marker in (("a", SECRET), ("b", "Milik B")):
        kader = make.user("kader", make.posyandu(pustu))
        token = login(client, kader)
        ops, ids = records_of(kader, marker)
        assert {r["status"] for r in results(push(client, token, ops, device_id=f"phone-{name}"))} == {"applied"}
        sides[name] = Side(kader, ops, ids)
    from posyandu_app.models import Person
    gone = db.session.get(Person, sides["a"].ids["gone"])
    gone.deleted_at = datetime.now(timezone.utc)  # a tombstone of A (as after a bidan's delete)
    db.session.commit()
    if request.param == "op by op":
        force_op_by_op(monkeypatch)
    return sides


ENTITY_OF = {"child": "person", "mother": "person", "elder": "person", "gone": "person", "episode": "pregnancy",
             "growth": "growth", "gone_growth": "growth", "corrected": "growth", "pregnancy_visit": "pregnancy_visit",
             "screening": "screening"}
VISITS = ("growth", "gone_growth", "corrected", "pregnancy_visit", "screening")


def own_data(entity, b):
    """Valid data of B's own for an op of `entity` (so only the foreign id is wrong)."""
    ids = b.ids
    return {"person": person_op()["data"], "pregnancy": {"person_id": ids["mother"], "hpht": TODAY.isoformat()},
            "growth": growth_data(ids["child"], "B"), "screening": screening_data(ids["elder"], "B"),
            "pregnancy_visit": anc_data(ids["mother"], ids["episode"], "B")}[entity]


def foreign_ops(kind, a, b) -> list:
    """Every op of `kind` that names A's ids, for every entity."""
    ops = []
    names = ("gone", "gone_growth") if kind == "tombstone" else [n for n in ENTITY_OF if n not in ("gone", "gone_growth")]
    for name in names:
        entity, foreign = ENTITY_OF[name], a.ids[name]
        if kind in ("create", "tombstone"):
            ops.append(op(entity, own_data(entity, b), foreign))
        if kind in ("update", "tombstone"):
            if name in VISITS:  # a visit is changed by a correction that supersedes it
                data = {key: value for key, value in own_data(entity, b).items() if key not in ("person_id", "episode_id")}
                ops.append(op("correction", {**data, "supersedes": foreign}))
            else:
                ops.append(op(entity, {"notes": "diubah B"} if entity == "person" else {"gravida": 3}, foreign,
                              base_version=1))
        if kind in ("correction", "tombstone") and name in VISITS:
            # a correction whose NEW id is A's visit, superseding a visit of B's own of the same kind
            own = b.ids[entity] if entity != "growth" else b.ids["corrected"]
            ops.append(op("correction", {**own_data(entity, b), "supersedes": own}, foreign))
    if kind == "replay":
        for sent in a.ops:
            ops.append(dict(sent))  # A's op exactly as A sent it
            ops.append({**op(sent["entity"], own_data(sent["entity"] if sent["entity"] != "correction" else "growth",
                                                      b)), "op_id": sent["op_id"]})  # B's content, A's op_id
    return ops


def snapshot(a) -> dict:
    out = {}
    for name, record_id in a.ids.items():
        entity = ENTITY_OF.get(name, "person")
        record = db.session.get(MODELS[entity], record_id)
        out[name] = serialize(entity, record)
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_ids_and_op_ids_of_another_posyandu_give_nothing_away(client, world, kind):
    a, b = world["a"], world["b"]
    before = snapshot(a)
    ops = foreign_ops(kind, a, b)
    assert ops
    token = login(client, b.kader)
    answered = results(push(client, token, ops, device_id="phone-b"))
    foreign_ids = set(a.ids.values()) | {sent["op_id"] for sent in a.ops}
    for sent, result in zip(ops, answered):
        label = f"{kind} {sent['entity']} {sent['id']}"
        assert result["status"] == "rejected", (label, result)
        assert "record" not in result, label
        text = json.dumps(result, ensure_ascii=False)
        assert SECRET not in text, label
        named_by_b = {sent["op_id"], sent["id"], *map(str, sent["data"].values())}
        assert not {found for found in foreign_ids - named_by_b if found in text}, label
        assert all(set(message) == {"id", "en"} for message in result["errors"].values()), label
    db.session.expire_all()
    assert snapshot(a) == before  # nothing of A changed


def test_a_foreign_visit_id_is_id_taken_and_the_same_visit_again_is_a_duplicate(client, world):
    a, b = world["a"], world["b"]
    token = login(client, b.kader)
    taken = results(push(client, token, [op("growth", own_data("growth", b), a.ids["growth"])]))[0]
    assert taken["status"] == "rejected" and taken["code"] == "id_taken" and set(taken["errors"]) == {"id"}
    # B's own visit sent again under a new op_id (a phone that lost the answer and re-queued it): duplicate.
    again = {**next(sent for sent in b.ops if sent["id"] == b.ids["screening"]), "op_id": new_id()}
    duplicate = results(push(client, token, [again]))[0]
    assert duplicate["status"] == "duplicate" and duplicate["record"]["id"] == b.ids["screening"]
