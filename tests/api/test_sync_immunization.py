"""Immunization over sync: doses pushed together are assessed against each other, warned doses are flagged (never
silently accepted), a replay applies nothing twice, and a kader pulls only her posyandu's doses."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from posyandu_app.extensions import db
from posyandu_app.models import Immunization
from tests.factories import login

from .sync_helpers import force_op_by_op, op, pull_all, push, results


@pytest.fixture(params=["one flush", "op by op"])
def ingest_path(request, monkeypatch):
    if request.param == "op by op":
        force_op_by_op(monkeypatch)
    return request.param


def dose_op(person_id, antigen, dose, given, **data):
    return op("immunization", {"person_id": person_id, "visit_date": given.isoformat(), "antigen": antigen,
                               "dose": dose, **data})


def test_two_doses_in_one_push_are_stored_and_the_too_early_one_is_warned(client, make, ingest_path):
    kader = make.user("kader")
    birth = date.today() - timedelta(days=120)
    child = make.person(kader.facility, name="Bayi Satu", birth_date=birth)
    token = login(client, kader)
    first = dose_op(child.id, "dpt_hb_hib", 1, birth + timedelta(days=62), place="elsewhere")
    # 27 days after dose 1: one day short of the 28-day minimum interval
    second = dose_op(child.id, "dpt_hb_hib", 2, birth + timedelta(days=89))
    answered = results(push(client, token, [first, second]))
    assert [r["status"] for r in answered] == ["applied", "applied"]
    one, two = answered[0]["record"], answered[1]["record"]
    assert one["warned"] is False and one["counted"] is True and one["place"] == "elsewhere"
    assert two["warned"] is True and two["flagged"] is True and two["counted"] is True  # within the grace days
    assert [w["code"] for w in two["results"]["warnings"]] == ["too_early_interval"]
    assert "1 hari terlalu awal" in two["results"]["warnings"][0]["id"]
    assert two["place"] == "posyandu" and two["age_days"] == 89
    again = results(push(client, token, [first, second]))  # the phone resends: applied once
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert db.session.scalar(select(func.count()).select_from(Immunization)) == 2


def test_impossible_doses_are_rejected_with_field_errors(client, make):
    kader = make.user("kader")
    child = make.person(kader.facility, name="Bayi Dua", birth_date=date.today() - timedelta(days=60))
    token = login(client, kader)
    ops = [dose_op(child.id, "hb0", 2, date.today()),  # HB0 has one dose
           dose_op(child.id, "cacar", 1, date.today()),
           dose_op(child.id, "bcg", 1, date.today() - timedelta(days=61))]  # before birth
    answered = results(push(client, token, ops))
    assert [r["status"] for r in answered] == ["rejected"] * 3
    assert set(answered[0]["errors"]) == {"dose"}
    assert set(answered[1]["errors"]) == {"antigen"}
    assert set(answered[2]["errors"]) == {"visit_date"}
    assert all(answered[i]["errors"][f]["id"] and answered[i]["errors"][f]["en"]
               for i, f in ((0, "dose"), (1, "antigen"), (2, "visit_date")))


def test_a_kader_pulls_her_posyandu_doses_only_and_cannot_write_elsewhere(client, make):
    pustu = make.pustu()
    pos_a, pos_b = make.posyandu(pustu), make.posyandu(pustu)
    child_a = make.person(pos_a, name="Anak Alfa", birth_date=date.today() - timedelta(days=200))
    child_b = make.person(pos_b, name="Anak Beta", birth_date=date.today() - timedelta(days=200))
    kader_b = make.user("kader", pos_b)
    token = login(client, kader_b)
    assert [r["status"] for r in results(push(client, token, [dose_op(child_b.id, "bcg", 1, date.today())]))] \
        == ["applied"]
    client.post("/api/v1/auth/logout", headers={"X-CSRFToken": token})
    token = login(client, make.user("kader", pos_a))
    refused = results(push(client, token, [dose_op(child_b.id, "opv", 1, date.today())]))
    assert refused[0]["status"] == "rejected"
    assert [r["status"] for r in results(push(client, token, [dose_op(child_a.id, "bcg", 1, date.today())]))] \
        == ["applied"]
    changes, _ = pull_all(client)
    doses = [c for c in changes if c["entity"] == "immunization"]
    assert [c["data"]["person_id"] for c in doses] == [child_a.id]
    assert doses[0]["data"]["antigen"] == "bcg" and doses[0]["data"]["posyandu_id"] == pos_a.id


def test_a_dose_that_did_not_count_is_given_again_and_the_repeat_counts(client, make, ingest_path):
    kader = make.user("kader")
    birth = date.today() - timedelta(days=200)
    child = make.person(kader.facility, name="Bayi Ulang", birth_date=birth)
    token = login(client, kader)
    first = dose_op(child.id, "dpt_hb_hib", 1, birth + timedelta(days=62))
    early = dose_op(child.id, "dpt_hb_hib", 2, birth + timedelta(days=70))  # 20 days short: does not count
    repeat = dose_op(child.id, "dpt_hb_hib", 2, birth + timedelta(days=100))  # 38 days after dose 1
    one, two = (r["record"] for r in results(push(client, token, [first, early])))
    assert two["counted"] is False and two["warned"] is True
    (three,) = (r["record"] for r in results(push(client, token, [repeat])))
    # The repeat is judged on its own: counted, no warning (the early record keeps its own).
    assert three["counted"] is True and three["warned"] is False and three["results"]["warnings"] == []
    assert three["results"]["dose"]["given"] == repeat["data"]["visit_date"]
    stored = {r.visit_date: r for r in db.session.scalars(select(Immunization).where(Immunization.dose == 2))}
    assert stored[birth + timedelta(days=70)].counted is False and stored[birth + timedelta(days=100)].counted is True
