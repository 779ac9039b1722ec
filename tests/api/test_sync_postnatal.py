"""Sync of the KF and KN home visits (postnatal_visit, newborn_visit): pushed once, assessed by the server with the
delivery date of the mother's pregnancy or the baby's birth date, refused visibly outside the window, in scope."""
from datetime import timedelta

from sqlalchemy import func, select

from posyandu_app.clock import field_today
from posyandu_app.extensions import db
from posyandu_app.models import NewbornVisit, PostnatalVisit
from tests.factories import login

from .sync_helpers import op, person_op, pull_all, push, results


def _baby_ops(posyandu_id, days=1, **data):
    today = field_today()
    baby = person_op(name="Bayi Ny. Sari", sex="L", birth_date=(today - timedelta(days=days)).isoformat(),
                     posyandu_id=posyandu_id)
    visit = {"person_id": baby["id"], "visit_date": today.isoformat(), "danger_signs": ["convulsions"],
             "breastfeeding": "exclusive", "temperature_c": 36.8, "breaths_per_min": 48, **data}
    return baby, op("newborn_visit", visit)


def test_a_newborn_with_a_convulsion_is_stored_once_as_an_urgent_referral(client, make):
    posyandu = make.posyandu()
    token = login(client, make.user("kader", posyandu))
    baby, visit = _baby_ops(posyandu.id)
    assert [r["status"] for r in results(push(client, token, [baby, visit]))] == ["applied", "applied"]
    assert results(push(client, token, [visit]))[0]["status"] in ("applied", "duplicate")  # a resend
    assert db.session.scalar(select(func.count()).select_from(NewbornVisit)) == 1
    stored = db.session.get(NewbornVisit, visit["id"])
    assert (stored.window, stored.day, stored.danger, stored.needs_referral) == ("KN1", 1, True, True)
    referral = stored.results["referrals"][0]
    assert referral["urgent"] is True and "Segera bawa bayi ke puskesmas/bidan" in referral["id"]
    pulled = [c for c in pull_all(client)[0] if c["entity"] == "newborn_visit"]
    assert len(pulled) == 1 and pulled[0]["data"]["danger_signs"] == ["convulsions"]


def test_a_baby_older_than_28_days_is_refused_with_the_rules_words(client, make):
    posyandu = make.posyandu()
    token = login(client, make.user("kader", posyandu))
    baby, visit = _baby_ops(posyandu.id, days=29)
    answered = results(push(client, token, [baby, visit]))
    assert answered[1]["status"] == "rejected" and "0–28" in str(answered[1]["errors"])


def test_a_mothers_kf_is_dated_from_her_pregnancys_delivery(client, make):
    posyandu = make.posyandu()
    token = login(client, make.user("kader", posyandu))
    today = field_today()
    mother = make.person(posyandu, name="Sari", sex="F", birth_date=today - timedelta(days=27 * 365))
    delivered = today - timedelta(days=5)
    episode = op("pregnancy", {"person_id": mother.id, "hpht": (delivered - timedelta(days=275)).isoformat(),
                               "outcome": "delivered", "delivery_date": delivered.isoformat()})
    kf = op("postnatal_visit", {"person_id": mother.id, "visit_date": today.isoformat(),
                                "danger_signs": ["bleeding"], "breastfeeding": "partial", "referred": True})
    answered = results(push(client, token, [episode, kf]))
    assert [r["status"] for r in answered] == ["applied", "applied"], answered
    stored = db.session.get(PostnatalVisit, kf["id"])
    assert (stored.window, stored.day, stored.danger, stored.referred) == ("KF2", 5, True, True)
    assert stored.breastfeeding == "partial"


def test_a_kf_without_a_delivered_pregnancy_is_refused(client, make):
    posyandu = make.posyandu()
    token = login(client, make.user("kader", posyandu))
    mother = make.person(posyandu, name="Rina", sex="F", birth_date=field_today() - timedelta(days=25 * 365))
    kf = op("postnatal_visit", {"person_id": mother.id, "visit_date": field_today().isoformat()})
    answered = results(push(client, token, [kf]))
    assert answered[0]["status"] == "rejected" and "delivery_date" in answered[0]["errors"]
    assert db.session.scalar(select(func.count()).select_from(PostnatalVisit)) == 0


def test_another_posyandus_kader_cannot_write_a_visit_for_a_baby_she_cannot_see(client, make):
    pustu = make.pustu()
    pos_a, pos_b = make.posyandu(pustu), make.posyandu(pustu)
    baby = make.person(pos_a, name="Bayi A", sex="M", birth_date=field_today() - timedelta(days=3))
    token = login(client, make.user("kader", pos_b))
    visit = op("newborn_visit", {"person_id": baby.id, "visit_date": field_today().isoformat()})
    answered = results(push(client, token, [visit]))
    assert answered[0]["status"] == "rejected" and "record" not in answered[0]
    assert db.session.scalar(select(func.count()).select_from(NewbornVisit)) == 0
