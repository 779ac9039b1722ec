"""An op_id names one operation of one user: the same content again is a replay, other content is `op_id_reused`
(never a `duplicate` that silently drops it), and another user's op_id answers nothing of theirs."""
import pytest
from sqlalchemy import func, select, update

from posyandu_app.extensions import db
from posyandu_app.models import AppliedOp, GrowthVisit, Person
from tests.factories import login

from .sync_helpers import force_op_by_op, growth_op, person_op, push, results


@pytest.fixture(params=["one flush", "op by op"])
def ingest_path(request, monkeypatch):
    if request.param == "op by op":
        force_op_by_op(monkeypatch)
    return request.param


def reused(result):
    return result["status"] == "rejected" and result.get("code") == "op_id_reused" and "record" not in result \
        and set(result["errors"]) == {"op_id"} and set(result["errors"]["op_id"]) == {"id", "en"}


def test_same_op_id_with_other_content_in_a_later_push_is_op_id_reused(client, make, ingest_path):
    kader = make.user("kader")
    child = make.person(kader.facility)
    token = login(client, kader)
    first = growth_op(child.id, weight_kg=8.4)
    assert results(push(client, token, [first]))[0]["status"] == "applied"
    same = results(push(client, token, [dict(first)]))[0]
    assert same["status"] == "duplicate" and same["record"]["weight_kg"] == 8.4
    other = {**growth_op(child.id, weight_kg=9.9), "op_id": first["op_id"]}
    assert reused(results(push(client, token, [other]))[0])
    edited = {**first, "data": {**first["data"], "weight_kg": 9.9}}  # same visit id, other weight
    assert reused(results(push(client, token, [edited]))[0])
    assert db.session.scalar(select(func.count()).select_from(GrowthVisit)) == 1
    assert db.session.scalar(select(GrowthVisit.weight_kg)) == 8.4


def test_same_op_id_twice_in_one_batch(client, make, ingest_path):
    kader = make.user("kader")
    child = make.person(kader.facility)
    token = login(client, kader)
    first = growth_op(child.id, weight_kg=8.4)
    other = {**growth_op(child.id, weight_kg=9.9), "op_id": first["op_id"]}
    answered = results(push(client, token, [first, dict(first), other]))
    assert [r["status"] for r in answered[:2]] == ["applied", "duplicate"]
    assert reused(answered[2])
    assert db.session.scalar(select(func.count()).select_from(GrowthVisit)) == 1


def test_a_rejected_op_replayed_with_a_fix_under_the_same_op_id_is_op_id_reused(client, make):
    kader = make.user("kader")
    token = login(client, kader)
    bad = person_op(name="")
    assert results(push(client, token, [bad]))[0]["status"] == "rejected"
    fixed = {**bad, "data": {**bad["data"], "name": "Siti"}}
    assert reused(results(push(client, token, [fixed]))[0])
    assert results(push(client, token, [dict(bad)]))[0]["errors"]["name"]  # the same op: the same answer


def test_another_users_op_id_answers_nothing_of_theirs(client, make, ingest_path):
    pustu = make.pustu()
    kader4, kader1 = make.user("kader", make.posyandu(pustu)), make.user("kader", make.posyandu(pustu))
    token = login(client, kader4)
    theirs = person_op(name="Nama Rahasia", mother_name="Ibu Rahasia", phone="0811 222")
    assert results(push(client, token, [theirs]))[0]["status"] == "applied"
    token = login(client, kader1)
    for attempt in (dict(theirs), {**person_op(name="Milik Saya"), "op_id": theirs["op_id"]}):
        answered = results(push(client, token, [attempt]))[0]
        assert reused(answered)
        assert "Rahasia" not in str(answered)
    assert db.session.scalar(select(func.count()).select_from(Person)) == 1


def test_the_same_user_moved_to_another_posyandu_gets_no_record_of_the_old_one(client, make):
    """The replay's record is bound to the caller's scope now, not to the scope they had when they sent it."""
    pustu = make.pustu()
    kader = make.user("kader", make.posyandu(pustu))
    token = login(client, kader)
    sent = person_op(name="Anak Lama")
    assert results(push(client, token, [sent]))[0]["status"] == "applied"
    kader.facility = make.posyandu(pustu)
    db.session.commit()
    token = login(client, kader)
    answered = results(push(client, token, [dict(sent)]))[0]
    assert answered["status"] == "duplicate" and "record" not in answered


def test_rows_stored_before_content_hashes_replay_for_their_user(client, make):
    kader = make.user("kader")
    child = make.person(kader.facility)
    token = login(client, kader)
    first = growth_op(child.id)
    assert results(push(client, token, [first]))[0]["status"] == "applied"
    db.session.execute(update(AppliedOp).values(content_hash=None))
    db.session.commit()
    assert results(push(client, token, [dict(first)]))[0]["status"] == "duplicate"
