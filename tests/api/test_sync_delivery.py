"""A birth over sync (issue 17): the newborn's person op and the delivery in one push close the pregnancy in the same
transaction, register the baby linked to the mother, apply exactly once when the phone sends the batch again, and a
second birth on the same pregnancy, or one in another posyandu, is refused."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from posyandu_app.extensions import db
from posyandu_app.models import AuditLog, Delivery, Person, PregnancyEpisode
from tests.factories import login

from .sync_helpers import force_op_by_op, new_id, op, pull_all, push, results


@pytest.fixture(params=["one flush", "op by op"])
def ingest_path(request, monkeypatch):
    if request.param == "op by op":
        force_op_by_op(monkeypatch)
    return request.param


def birth_ops(mother, episode, born, baby_id=None, **data):
    baby_id = baby_id or new_id()
    baby = op("person", {"name": f"Bayi Ny. {mother.name}", "sex": "F", "birth_date": born.isoformat(),
                         "mother_name": mother.name, "birth_weight_kg": 2.4, "birth_length_cm": 46,
                         "posyandu_id": mother.posyandu_id}, baby_id)
    delivery = op("delivery", {"person_id": mother.id, "episode_id": episode.id, "visit_date": born.isoformat(),
                               "outcome": "live_birth", "place": "home", "attendant": "dukun", "babies": 1,
                               "baby_sex": "F", "birth_weight_kg": 2.4, "birth_length_cm": 46, "baby_id": baby_id,
                               **data})
    return baby, delivery


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_birth_closes_the_pregnancy_and_registers_the_baby_exactly_once(client, make, ingest_path):
    kader = make.user("kader")
    mother = make.person(kader.facility, name="Dewi Lestari", birth_date=date(1998, 3, 1))
    episode = make.pregnancy_episode(mother, hpht=date.today() - timedelta(weeks=39))
    token = login(client, kader)
    born = date.today() - timedelta(days=1)
    baby, delivery = birth_ops(mother, episode, born)
    answered = results(push(client, token, [baby, delivery]))
    assert [r["status"] for r in answered] == ["applied", "applied"]
    record = answered[1]["record"]
    assert record["baby_id"] == baby["id"] and record["live_birth"] is True
    assert record["low_birth_weight"] is True and record["facility_birth"] is False
    assert record["skilled_attendant"] is False and record["needs_referral"] is True
    assert [r["code"] for r in record["results"]["referrals"]] == ["refer_low_birth_weight", "refer_unattended"]
    db.session.expire_all()
    closed = db.session.get(PregnancyEpisode, episode.id)
    assert (closed.outcome, closed.delivery_date, closed.version) == ("delivered", born, 2)
    assert closed.results["status"]["code"] == "postpartum"  # assessed again as delivered
    newborn = db.session.get(Person, baby["id"])
    assert (newborn.mother_name, newborn.birth_date, newborn.posyandu_id) == ("Dewi Lestari", born, mother.posyandu_id)
    assert db.session.scalar(select(AuditLog.action).where(AuditLog.entity == "pregnancy",
                                                           AuditLog.record_id == episode.id)) == "update"
    again = results(push(client, token, [baby, delivery]))  # the answer was lost: the phone sends the same batch
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]  # replayed, not applied again
    resent = op("delivery", delivery["data"], delivery["id"])  # the same delivery under a new op_id
    assert results(push(client, token, [resent]))[0]["status"] == "duplicate"
    assert (count(Delivery), count(Person)) == (1, 2)
    assert db.session.get(PregnancyEpisode, episode.id).version == 2
    changes, _ = pull_all(client)
    pulled = {(c["entity"], c["id"]): c for c in changes}
    assert pulled[("pregnancy", episode.id)]["data"]["outcome"] == "delivered"  # other phones see it closed
    assert ("delivery", delivery["id"]) in pulled and ("person", baby["id"]) in pulled


def test_a_second_birth_on_a_closed_pregnancy_is_refused_a_correction_moves_the_date(client, make, ingest_path):
    kader = make.user("kader")
    mother = make.person(kader.facility, name="Sri Wahyuni", birth_date=date(1995, 1, 1))
    episode = make.pregnancy_episode(mother, hpht=date.today() - timedelta(weeks=40))
    token = login(client, kader)
    born = date.today() - timedelta(days=3)
    first = op("delivery", {"person_id": mother.id, "episode_id": episode.id, "visit_date": born.isoformat(),
                            "outcome": "stillbirth", "place": "hospital", "attendant": "doctor"})
    second = op("delivery", {**first["data"], "visit_date": date.today().isoformat()})
    answered = results(push(client, token, [first, second]))
    assert [r["status"] for r in answered] == ["applied", "rejected"]
    assert set(answered[1]["errors"]) == {"episode_id"}
    assert answered[0]["record"]["results"]["referrals"][0]["code"] == "refer_stillbirth"
    fixed = op("correction", {**first["data"], "supersedes": first["id"],
                              "visit_date": (born + timedelta(days=1)).isoformat()})
    assert results(push(client, token, [fixed]))[0]["status"] == "applied"
    db.session.expire_all()
    episode = db.session.get(PregnancyEpisode, episode.id)
    assert episode.delivery_date == born + timedelta(days=1) and episode.version == 3


def test_a_birth_in_another_posyandu_or_naming_a_foreign_baby_is_refused(client, make):
    pustu = make.pustu()
    pos_a, pos_b = make.posyandu(pustu), make.posyandu(pustu)
    mother_b = make.person(pos_b, name="Ibu Beta", birth_date=date(1996, 5, 5))
    episode_b = make.pregnancy_episode(mother_b, hpht=date.today() - timedelta(weeks=38))
    mother_a = make.person(pos_a, name="Ibu Alfa", birth_date=date(1997, 5, 5))
    episode_a = make.pregnancy_episode(mother_a, hpht=date.today() - timedelta(weeks=38))
    stranger = make.person(pos_b, name="Bayi Lain", birth_date=date.today())
    token = login(client, make.user("kader", pos_a))
    _, elsewhere = birth_ops(mother_b, episode_b, date.today())
    _, foreign_baby = birth_ops(mother_a, episode_a, date.today(), baby_id=stranger.id)
    answered = results(push(client, token, [elsewhere, foreign_baby]))
    assert [r["status"] for r in answered] == ["rejected", "rejected"]
    assert set(answered[1]["errors"]) == {"baby_id"} and "record" not in answered[1]
    db.session.expire_all()
    assert db.session.get(PregnancyEpisode, episode_a.id).outcome == "ongoing"
    assert db.session.get(PregnancyEpisode, episode_b.id).outcome == "ongoing"
