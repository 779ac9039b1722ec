"""Corrections: a returned visit is superseded by a new one, history kept, back in the review queue."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from posyandu_app.extensions import db
from posyandu_app.models import AuditLog, GrowthVisit, PregnancyEpisode, PregnancyVisit
from posyandu_app.services import assessment
from tests.factories import login

from .sync_helpers import force_op_by_op, new_id, op, pull_all, push, results


def returned_visit(make, kader, **kw):
    child = make.person(kader.facility, birth_date=date.today() - timedelta(days=300))
    return make.growth(child, weight_kg=kw.pop("weight_kg", 18.0), status=kw.pop("status", "returned"),
                       review_note="Berat tidak masuk akal, timbang ulang", reviewed_at=datetime.now(timezone.utc))


def correction(old, **data):
    values = {"supersedes": old.id, "visit_date": old.visit_date.isoformat(), "weight_kg": 8.1, "length_cm": 70.0,
              "measured": "L"}
    return op("correction", {**values, **data})


@pytest.mark.parametrize("op_by_op", [False, True])
def test_correction_supersedes_the_returned_visit_and_keeps_history(client, make, monkeypatch, op_by_op):
    if op_by_op:
        force_op_by_op(monkeypatch)
    kader = make.user("kader")
    old = returned_visit(make, kader)
    token = login(client, kader)
    _, cursor = pull_all(client)
    fix = correction(old)
    answered = results(push(client, token, [fix]))[0]
    assert answered["status"] == "applied"
    record = answered["record"]
    assert record["id"] == fix["id"] and record["supersedes_id"] == old.id
    assert record["status"] == "submitted" and record["is_current"] is True and record["version"] == 2
    assert record["person_id"] == old.person_id and record["weight_kg"] == 8.1
    db.session.expire_all()
    kept = db.session.get(GrowthVisit, old.id)
    assert kept.is_current is False and kept.weight_kg == 18.0 and kept.review_note
    audit = db.session.scalar(select(AuditLog).where(AuditLog.record_id == fix["id"]))
    assert audit.action == "correct" and audit.before["id"] == old.id and audit.after["weight_kg"] == 8.1
    changes, _ = pull_all(client, cursor)
    by_id = {change["id"]: change["data"] for change in changes}
    assert by_id[old.id]["is_current"] is False and by_id[fix["id"]]["supersedes_id"] == old.id


def test_correcting_an_already_corrected_visit_is_a_conflict_with_the_current_one(client, make):
    kader = make.user("kader")
    old = returned_visit(make, kader)
    token = login(client, kader)
    first = correction(old)
    results(push(client, token, [first]))
    late = results(push(client, token, [correction(old, weight_kg=8.3)]))[0]
    assert late["status"] == "conflict" and late["record"]["id"] == first["id"]
    assert set(late["errors"]) == {"supersedes"}
    replay_by_visit_id = results(push(client, token, [{**first, "op_id": new_id()}]))[0]
    assert replay_by_visit_id["status"] == "duplicate"


def test_verified_visits_are_final_and_unknown_ones_rejected(client, make):
    kader = make.user("kader")
    verified = returned_visit(make, kader, status="verified")
    token = login(client, kader)
    answered = results(push(client, token, [correction(verified),
                                            op("correction", {"supersedes": new_id(), "weight_kg": 8.0}),
                                            correction(returned_visit(make, kader), person_id=new_id())]))
    assert [r["status"] for r in answered] == ["rejected"] * 3
    assert answered[0]["errors"]["supersedes"]["en"].startswith("This visit is verified")
    assert answered[1]["errors"]["supersedes"]["en"] == "The corrected visit is not on the server in your area."
    assert set(answered[2]["errors"]) == {"person_id"}
    assert db.session.get(GrowthVisit, verified.id).is_current is True


def test_a_correction_must_carry_valid_measurements(client, make):
    kader = make.user("kader")
    old = returned_visit(make, kader)
    token = login(client, kader)
    answered = results(push(client, token, [correction(old, weight_kg=-1, visit_date=None)]))[0]
    assert answered["status"] == "rejected" and set(answered["errors"]) == {"weight_kg", "visit_date"}
    assert db.session.get(GrowthVisit, old.id).is_current is True


def test_correction_of_a_pregnancy_visit_keeps_its_episode(client, make):
    kader = make.user("kader")
    mother = make.person(kader.facility, name="Ibu Tini", birth_date=date(1995, 1, 1))
    episode = make._add(PregnancyEpisode(person_id=mother.id, posyandu_id=mother.posyandu_id,
                                         hpht=date.today() - timedelta(days=90)))
    old = make._add(PregnancyVisit(person_id=mother.id, posyandu_id=mother.posyandu_id, episode_id=episode.id,
                                   visit_date=date.today(), muac_cm=30.0, status="returned"))
    token = login(client, kader)
    answered = results(push(client, token, [op("correction", {"supersedes": old.id,
                                                              "visit_date": date.today().isoformat(),
                                                              "muac_cm": 23.0})]))[0]
    assert answered["status"] == "applied"
    assert answered["record"]["episode_id"] == episode.id and answered["record"]["muac_cm"] == 23.0


def test_later_weighings_are_reassessed_when_an_earlier_one_changes(client, make, monkeypatch):
    kader = make.user("kader")
    child = make.person(kader.facility, birth_date=date.today() - timedelta(days=300))
    old = make.growth(child, visit_date=date.today() - timedelta(days=30), weight_kg=9.0, status="returned")
    later = make.growth(child, visit_date=date.today(), weight_kg=8.5)

    def by_previous(visit, previous_weighings):
        earlier = [w["weight_kg"] for w in previous_weighings if w["date"] < visit.visit_date.isoformat()]
        visit.kms_code = "B" if not earlier else ("N" if visit.weight_kg > max(earlier) else "T")
        visit.results = {"kms_code": visit.kms_code}

    monkeypatch.setattr(assessment, "assess_growth", by_previous)
    token = login(client, kader)
    answered = results(push(client, token, [correction(old, visit_date=old.visit_date.isoformat(),
                                                       weight_kg=8.0)]))[0]
    assert answered["status"] == "applied"
    db.session.expire_all()
    assert db.session.get(GrowthVisit, later.id).kms_code == "N"


@pytest.mark.parametrize("op_by_op", [False, True])
def test_an_older_weighing_later_in_the_batch_reassesses_the_newer_one(client, make, monkeypatch, op_by_op):
    if op_by_op:
        force_op_by_op(monkeypatch)
    kader = make.user("kader")
    child = make.person(kader.facility, birth_date=date.today() - timedelta(days=300))
    token = login(client, kader)
    this_month, last_month = date.today(), date.today() - timedelta(days=31)
    newer = op("growth", {"person_id": child.id, "visit_date": this_month.isoformat(), "weight_kg": 8.6})
    older = op("growth", {"person_id": child.id, "visit_date": last_month.isoformat(), "weight_kg": 8.0})
    answered = results(push(client, token, [newer, older]))
    assert answered[0]["record"]["kms_code"] == "B"  # as it looked when it arrived
    db.session.expire_all()
    assert db.session.get(GrowthVisit, newer["id"]).kms_code == "N"  # after the older weighing arrived
    changes, _ = pull_all(client)
    assert {c["id"]: c["data"]["kms_code"] for c in changes if c["entity"] == "growth"}[newer["id"]] == "N"
