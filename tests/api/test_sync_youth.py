"""Sync of the youth screening (entity youth_screening): pushed once, assessed by the server, pulled only in scope."""
from datetime import date, timedelta

from sqlalchemy import func, select

from posyandu_app.extensions import db
from posyandu_app.models import YouthScreening
from tests.factories import login

from .sync_helpers import op, person_op, pull_all, push, results


def _teen_ops(posyandu_id, years=13, **data):
    birth = date.today() - timedelta(days=years * 365 + 30)
    person = person_op(name="Putri Remaja", sex="P", birth_date=birth.isoformat(), posyandu_id=posyandu_id)
    visit = {"person_id": person["id"], "visit_date": date.today().isoformat(), "hb_g_dl": 10.5, "ttd_given": 1,
             "systolic": 142, "diastolic": 85, "smoking": False, "vaping": True, **data}
    return person, op("youth_screening", visit)


def test_a_kader_pushes_a_youth_screening_and_the_server_assesses_it_once(client, make):
    posyandu = make.posyandu()
    token = login(client, make.user("kader", posyandu))
    person, screening = _teen_ops(posyandu.id)
    answered = results(push(client, token, [person, screening]))
    assert [result["status"] for result in answered] == ["applied", "applied"]
    again = results(push(client, token, [screening]))  # a resend after a lost answer: the same op, not a new visit
    assert again[0]["status"] in ("applied", "duplicate")
    assert db.session.scalar(select(func.count()).select_from(YouthScreening)) == 1
    stored = db.session.get(YouthScreening, screening["id"])
    assert (stored.anaemia_class, stored.anaemia, stored.bp_class, stored.ttd_due) == ("anaemia_moderate", True,
                                                                                        "stage_2", False)
    assert stored.needs_referral is True and stored.vaping is True
    changes, _ = pull_all(client)
    pulled = [change for change in changes if change["entity"] == "youth_screening"]
    assert len(pulled) == 1
    data = pulled[0]["data"]
    assert data["hb_g_dl"] == 10.5 and data["ttd_given"] == 1
    codes = [referral["code"] for referral in data["results"]["referrals"]]
    assert codes == ["anaemia_moderate", "hypertension_2"]
    assert [flag["code"] for flag in data["results"]["flags"]] == ["vaping"]


def test_another_posyandus_kader_can_neither_see_nor_write_it(client, make):
    pustu = make.pustu()
    pos_a, pos_b = make.posyandu(pustu), make.posyandu(pustu)
    token = login(client, make.user("kader", pos_a))
    person, screening = _teen_ops(pos_a.id)
    assert [r["status"] for r in results(push(client, token, [person, screening]))] == ["applied", "applied"]
    client.post("/logout", headers={"X-CSRFToken": token})

    other = make.user("kader", pos_b)
    token_b = login(client, other)
    changes, _ = pull_all(client)
    assert not [change for change in changes if change["entity"] in ("youth_screening", "person")
                and change["data"].get("posyandu_id") == pos_a.id]
    _, foreign = _teen_ops(pos_b.id)
    foreign["data"]["person_id"] = person["id"]  # A's teenager, from B's phone
    answered = results(push(client, token_b, [foreign]))
    assert answered[0]["status"] == "rejected" and "record" not in answered[0]
    assert db.session.scalar(select(func.count()).select_from(YouthScreening).where(
        YouthScreening.created_by_id == other.id)) == 0


def test_a_child_under_five_is_refused_with_the_rules_words(client, make):
    posyandu = make.posyandu()
    token = login(client, make.user("kader", posyandu))
    person, screening = _teen_ops(posyandu.id, years=4)
    answered = results(push(client, token, [person, screening]))
    assert answered[1]["status"] == "rejected"
    assert "5–18" in str(answered[1]["errors"])


def test_a_returned_youth_screening_is_corrected_by_superseding_it(client, make):
    posyandu = make.posyandu()
    token = login(client, make.user("kader", posyandu))
    person, screening = _teen_ops(posyandu.id)
    results(push(client, token, [person, screening]))
    first = db.session.get(YouthScreening, screening["id"])
    first.status, first.review_note = "returned", "Hb diukur ulang: 12,5"
    db.session.commit()
    fixed = {**screening["data"], "supersedes": screening["id"], "hb_g_dl": 12.5}
    answered = results(push(client, token, [op("correction", fixed)]))
    assert answered[0]["status"] == "applied", answered
    db.session.expire_all()
    versions = db.session.scalars(select(YouthScreening).order_by(YouthScreening.version)).all()
    assert [(v.version, v.is_current, v.anaemia_class) for v in versions] == [
        (1, False, "anaemia_moderate"), (2, True, "normal")]
    assert versions[1].status == "submitted" and versions[1].supersedes_id == screening["id"]
