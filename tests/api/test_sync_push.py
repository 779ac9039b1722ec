"""Push: applied records come back authoritative; replays change nothing; bad ops are rejected alone."""
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from posyandu_app.extensions import db
from posyandu_app.models import AppliedOp, AuditLog, GrowthVisit, Person, Screening
from posyandu_app.services import assessment
from posyandu_app.services.assess import pregnancy as pregnancy_assessment
from posyandu_app.services.assess import screening as screening_assessment
from tests.factories import login

from .sync_helpers import force_op_by_op, growth_op, new_id, op, person_op, pull_all, push, results


@pytest.fixture(params=["one flush", "op by op"])
def ingest_path(request, monkeypatch):
    """Both ways a batch is written must behave the same (see services/sync_push.py)."""
    if request.param == "op by op":
        force_op_by_op(monkeypatch)
    return request.param


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_person_and_visit_in_one_batch_come_back_as_server_records(client, make):
    kader = make.user("kader")
    token = login(client, kader)
    person = person_op(sex="L")
    visit = growth_op(person["id"], results={"waz": 99, "kms_code": "N"}, status="verified")
    answered = results(push(client, token, [person, visit]))
    assert [r["status"] for r in answered] == ["applied", "applied"]
    person_record, visit_record = answered[0]["record"], answered[1]["record"]
    assert person_record["sex"] == "M" and person_record["version"] == 1
    assert person_record["posyandu_id"] == kader.facility_id
    # The client's own results and status are never trusted.
    assert visit_record["status"] == "submitted" and visit_record["waz"] != 99
    assert visit_record["results"].get("waz") != 99
    assert visit_record["is_current"] is True and visit_record["supersedes_id"] is None
    assert {"results", "version", "review_note", "reviewed_at"} <= set(visit_record)
    stored = db.session.get(GrowthVisit, visit["id"])
    assert stored.person_id == person["id"] and stored.weight_kg == 8.4 and stored.device_id == "device-1"


def test_server_recomputes_results_with_previous_weighings_from_the_database(client, make, monkeypatch):
    kader = make.user("kader")
    child = make.person(kader.facility, birth_date=date.today() - timedelta(days=300))
    make.growth(child, visit_date=date.today() - timedelta(days=60), weight_kg=7.0)
    make.growth(child, visit_date=date.today() - timedelta(days=31), weight_kg=7.4)
    old = make.growth(child, visit_date=date.today() - timedelta(days=30), weight_kg=7.3)
    old.is_current = False
    db.session.commit()
    seen = []

    def fake_assess(visit, previous_weighings):
        seen.append(sorted((w["date"], w["weight_kg"]) for w in previous_weighings))
        visit.results = {"kms_code": "N"}
        visit.kms_code = "N"

    monkeypatch.setattr(assessment, "assess_growth", fake_assess)
    token = login(client, kader)
    answered = results(push(client, token, [growth_op(child.id, weight_kg=7.9, results={"kms_code": "T"})]))
    assert answered[0]["record"]["kms_code"] == "N" and answered[0]["record"]["results"] == {"kms_code": "N"}
    # Only current visits count; the superseded 7.3 kg weighing does not.
    assert seen == [[((date.today() - timedelta(days=60)).isoformat(), 7.0),
                     ((date.today() - timedelta(days=31)).isoformat(), 7.4)]]


def test_replay_of_a_whole_batch_changes_nothing(client, make, ingest_path):
    kader = make.user("kader")
    token = login(client, kader)
    person = person_op()
    batch = [person, growth_op(person["id"]), growth_op(person["id"], visit_date="2099-01-01")]
    first = results(push(client, token, batch))
    assert [r["status"] for r in first] == ["applied", "applied", "rejected"]
    counts = [count(model) for model in (Person, GrowthVisit, AuditLog, AppliedOp)]
    again = results(push(client, token, batch))
    assert [r["status"] for r in again] == ["duplicate", "duplicate", "rejected"]
    assert again[0]["record"] == first[0]["record"] and again[1]["record"] == first[1]["record"]
    assert again[2]["errors"] == first[2]["errors"]
    assert [count(model) for model in (Person, GrowthVisit, AuditLog, AppliedOp)] == counts


def test_a_replay_answers_with_the_record_as_the_server_holds_it_now(client, make, ingest_path):
    """The phone lost the first answer; by the time it retries, the bidan has verified the visit."""
    kader = make.user("kader")
    child = make.person(kader.facility)
    token = login(client, kader)
    visit = growth_op(child.id)
    assert results(push(client, token, [visit]))[0]["record"]["status"] == "submitted"
    db.session.get(GrowthVisit, visit["id"]).status = "verified"
    db.session.commit()
    again = results(push(client, token, [visit]))[0]
    assert again["status"] == "duplicate" and again["record"]["status"] == "verified"
    assert again["record"]["id"] == visit["id"] and again["record"]["weight_kg"] == 8.4
    assert count(GrowthVisit) == 1


def test_same_op_twice_in_one_batch_is_applied_once(client, make, ingest_path):
    kader = make.user("kader")
    token = login(client, kader)
    person = person_op()
    answered = results(push(client, token, [person, dict(person)]))
    assert [r["status"] for r in answered] == ["applied", "duplicate"]
    assert count(Person) == 1


def test_a_visit_id_already_stored_under_another_op_is_a_duplicate(client, make):
    kader = make.user("kader")
    child = make.person(kader.facility)
    token = login(client, kader)
    visit = growth_op(child.id)
    results(push(client, token, [visit]))
    answered = results(push(client, token, [{**visit, "op_id": new_id(), "data": {**visit["data"], "weight_kg": 9}}]))
    assert answered[0]["status"] == "duplicate" and answered[0]["record"]["weight_kg"] == 8.4
    assert count(GrowthVisit) == 1


def test_bad_ops_are_rejected_with_bilingual_field_errors_and_the_rest_applies(client, make, ingest_path):
    kader = make.user("kader")
    child = make.person(kader.facility, birth_date=date.today() - timedelta(days=100))
    token = login(client, kader)
    ops = [
        growth_op(child.id, weight_kg=600),
        growth_op(child.id, visit_date=(date.today() + timedelta(days=3)).isoformat()),
        growth_op(child.id, visit_date=(date.today() - timedelta(days=200)).isoformat()),
        growth_op(new_id()),
        person_op(name="", birth_date="2020-13-01", nik="123"),
        growth_op(child.id),
        {**growth_op(child.id), "recorded_at": "kemarin"},
    ]
    answered = results(push(client, token, ops))
    assert [r["status"] for r in answered] == ["rejected"] * 5 + ["applied", "rejected"]
    assert set(answered[0]["errors"]) == {"weight_kg"}
    assert answered[0]["errors"]["weight_kg"] == {"id": "Harus antara 0 dan 250.", "en": "Must be between 0 and 250."}
    assert answered[1]["errors"]["visit_date"]["id"] == "Tanggal tidak boleh di masa depan."
    assert answered[2]["errors"]["visit_date"]["en"] == "The visit date is before the birth date."
    assert answered[3]["errors"]["person_id"]["id"].startswith("Orang ini tidak ada di server di wilayah Anda")
    assert set(answered[4]["errors"]) == {"name", "birth_date", "nik"}
    assert set(answered[6]["errors"]) == {"recorded_at"}
    assert count(GrowthVisit) == 1 and count(Person) == 1


def test_stale_person_edit_is_a_conflict_with_the_server_copy(client, make, ingest_path):
    kader = make.user("kader")
    person = make.person(kader.facility, name="Budi")
    token = login(client, kader)
    edited = results(push(client, token, [op("person", {"name": "Budi Santoso"}, person.id, base_version=1)]))[0]
    assert edited["status"] == "applied" and edited["record"]["version"] == 2
    assert edited["record"]["name"] == "Budi Santoso" and edited["record"]["mother_name"] == "Rina Wati"
    stale = results(push(client, token, [op("person", {"phone": "0812"}, person.id, base_version=1)]))[0]
    assert stale["status"] == "conflict"
    assert stale["record"]["version"] == 2 and stale["record"]["name"] == "Budi Santoso"
    assert stale["errors"]["base_version"]["en"].startswith("This record was changed on the server (version 2)")
    assert db.session.get(Person, person.id).phone is None
    recreated = results(push(client, token, [person_op(person.id)]))[0]
    assert recreated["status"] == "conflict" and recreated["record"]["id"] == person.id
    unknown = results(push(client, token, [person_op(new_id(), base_version=3)]))[0]
    assert unknown["status"] == "rejected" and set(unknown["errors"]) == {"id"}


def test_a_server_error_inside_one_op_leaves_no_trace_and_is_retried_later(client, make, ingest_path, monkeypatch):
    kader = make.user("kader")
    adult = make.person(kader.facility, name="Pak Darmo", sex="M", birth_date=date(1960, 5, 1))
    child = make.person(kader.facility)
    token = login(client, kader)

    def broken(visit):
        visit.results = {"half": "done"}
        raise RuntimeError("rule bug")

    monkeypatch.setattr(screening_assessment, "assess_screening", broken)  # the kind's own module (its `assess`)
    screening = op("screening", {"person_id": adult.id, "visit_date": date.today().isoformat(), "systolic": 150,
                                 "diastolic": 95})
    batch = [growth_op(child.id), screening, growth_op(child.id, visit_date=(date.today() - timedelta(days=1)).isoformat())]
    answered = results(push(client, token, batch))
    assert [r["status"] for r in answered] == ["applied", "rejected", "applied"]
    assert answered[1]["retry"] is True and "_schema" in answered[1]["errors"]
    assert count(Screening) == 0 and count(GrowthVisit) == 2
    assert db.session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.entity == "screening")) == 0
    assert db.session.scalar(select(AppliedOp).where(AppliedOp.op_id == screening["op_id"])) is None

    monkeypatch.undo()
    again = results(push(client, token, batch))
    assert [r["status"] for r in again] == ["duplicate", "applied", "duplicate"]
    assert count(Screening) == 1


def test_domain_validation_errors_reject_the_op_with_their_messages(client, make, monkeypatch):
    from posyandu_app.domain.errors import DomainValidationError
    kader = make.user("kader")
    child = make.person(kader.facility)
    token = login(client, kader)

    def refuse(visit, previous_weighings=()):
        raise DomainValidationError({"length_cm": {"id": "Panjang tidak masuk akal", "en": "Implausible length"}})

    monkeypatch.setattr(assessment, "assess_growth", refuse)
    answered = results(push(client, token, [growth_op(child.id)]))[0]
    assert answered == {"op_id": answered["op_id"], "status": "rejected",
                        "errors": {"length_cm": {"id": "Panjang tidak masuk akal", "en": "Implausible length"}}}
    assert count(GrowthVisit) == 0


def test_every_applied_change_is_audited(client, make):
    kader = make.user("kader")
    token = login(client, kader)
    person = person_op()
    results(push(client, token, [person, growth_op(person["id"])]))
    results(push(client, token, [op("person", {"phone": "0812 555"}, person["id"], base_version=1)]))
    entries = db.session.scalars(select(AuditLog).order_by(AuditLog.id)).all()
    assert [(e.action, e.entity, e.user_id) for e in entries] == [
        ("create", "person", kader.id), ("create", "growth", kader.id), ("update", "person", kader.id)]
    assert entries[2].before["phone"] is None and entries[2].after["phone"] == "0812 555"


@pytest.mark.parametrize("data, reason", [
    ({"nik": "3201014506210001"}, "nik"),
    ({"name": "ny. AISYAH  putri", "mother_name": "Rina Wati"}, "name_birth_mother"),
])
def test_probable_duplicates_are_applied_but_flagged(client, make, ingest_path, data, reason):
    kader = make.user("kader")
    neighbour = make.posyandu(kader.facility.parent)
    birth = date.today() - timedelta(days=420)
    existing = make.person(neighbour, name="Aisyah Putri", birth_date=birth, mother_name="Ibu Rina Wati",
                           nik="3201014506210001")
    token = login(client, kader)
    base = {"birth_date": birth.isoformat(), "name": "Siti Lain", "mother_name": "Orang Lain"}
    answered = results(push(client, token, [person_op(**{**base, **data})]))[0]
    assert answered["status"] == "applied"
    # The match is in a sibling posyandu: the kader learns "probably registered elsewhere", never its id.
    assert answered["record"]["duplicate_of_id"] is None and answered["record"]["duplicate_elsewhere"] is True
    assert answered["record"]["duplicate_reason"] == reason
    changes, _ = pull_all(client)
    mine = next(change["data"] for change in changes if change["id"] == answered["record"]["id"])
    assert mine["duplicate_of_id"] is None and mine["duplicate_elsewhere"] is True
    assert existing.id not in json.dumps(changes)
    # The bidan's scope covers both posyandu: she sees the pair.
    login(client, make.user("bidan", kader.facility.parent))
    changes, _ = pull_all(client)
    flagged = next(change["data"] for change in changes if change["id"] == answered["record"]["id"])
    assert flagged["duplicate_of_id"] == existing.id and flagged["duplicate_elsewhere"] is False


def test_a_probable_duplicate_in_the_same_posyandu_is_named(client, make):
    kader = make.user("kader")
    existing = make.person(kader.facility, name="Aisyah Putri", nik="3201014506210001")
    token = login(client, kader)
    answered = results(push(client, token, [person_op(nik="3201014506210001", name="Siti Lain")]))[0]
    assert answered["record"]["duplicate_of_id"] == existing.id and answered["record"]["duplicate_elsewhere"] is False


def test_same_identity_in_another_pustu_is_not_flagged(client, make):
    kader = make.user("kader")
    birth = date.today() - timedelta(days=420)
    make.person(make.posyandu(), name="Aisyah Putri", birth_date=birth, mother_name="Rina Wati")
    token = login(client, kader)
    answered = results(push(client, token, [person_op(birth_date=birth.isoformat(), mother_name="Rina Wati")]))[0]
    assert answered["status"] == "applied" and answered["record"]["duplicate_of_id"] is None


def test_pregnancy_episode_and_visit(client, make, ingest_path):
    kader = make.user("kader")
    mother = make.person(kader.facility, name="Ibu Sari", birth_date=date(1998, 3, 1))
    father = make.person(kader.facility, name="Pak Sari", sex="M", birth_date=date(1995, 3, 1))
    token = login(client, kader)
    hpht = (date.today() - timedelta(days=200)).isoformat()
    episode = op("pregnancy", {"person_id": mother.id, "hpht": hpht, "gravida": 2, "para": 1, "abortus": 0})
    visit = op("pregnancy_visit", {"person_id": mother.id, "episode_id": episode["id"],
                                   "visit_date": date.today().isoformat(), "muac_cm": 22.0, "systolic": 120,
                                   "diastolic": 80, "danger_signs": []})
    wrong = op("pregnancy", {"person_id": father.id, "hpht": hpht})
    early = op("pregnancy_visit", {**visit["data"], "visit_date": (date.today() - timedelta(days=220)).isoformat()})
    answered = results(push(client, token, [episode, visit, wrong, early]))
    assert [r["status"] for r in answered] == ["applied", "applied", "rejected", "rejected"]
    assert answered[0]["record"]["outcome"] == "ongoing" and answered[0]["record"]["version"] == 1
    assert answered[1]["record"]["episode_id"] == episode["id"]
    assert set(answered[2]["errors"]) == {"person_id"} and set(answered[3]["errors"]) == {"visit_date"}
    delivered = op("pregnancy", {"outcome": "delivered", "delivery_date": date.today().isoformat()},
                   episode["id"], base_version=1)
    stale = op("pregnancy", {"gravida": 3}, episode["id"], base_version=1)
    answered = results(push(client, token, [delivered, stale]))
    assert answered[0]["status"] == "applied", answered[0]
    assert answered[0]["record"]["version"] == 2
    assert answered[1]["status"] == "conflict" and answered[1]["record"]["outcome"] == "delivered"


def test_a_rejected_edit_is_undone_before_the_next_op_of_the_batch(client, make, ingest_path):
    kader = make.user("kader")
    mother = make.person(kader.facility, name="Ibu Rani", birth_date=date(1997, 7, 7))
    token = login(client, kader)
    hpht = date.today() - timedelta(days=150)
    episode = op("pregnancy", {"person_id": mother.id, "hpht": hpht.isoformat(), "gravida": 1})
    results(push(client, token, [episode]))
    bad = op("pregnancy", {"gravida": 5, "delivery_date": (hpht - timedelta(days=1)).isoformat()},
             episode["id"], base_version=1)
    good = op("pregnancy", {"para": 0}, episode["id"], base_version=1)
    answered = results(push(client, token, [bad, good]))
    assert [r["status"] for r in answered] == ["rejected", "applied"]
    assert set(answered[0]["errors"]) == {"delivery_date"}
    assert answered[1]["record"]["gravida"] == 1 and answered[1]["record"]["version"] == 2
    assert answered[1]["record"]["delivery_date"] is None


def test_a_failure_after_the_rules_flushed_still_leaves_no_trace(client, make, monkeypatch):
    """The pregnancy rules flush the visit before re-assessing its episode; a failure there is undone too."""
    from posyandu_app.models import PregnancyEpisode, PregnancyVisit
    kader = make.user("kader")
    mother = make.person(kader.facility, name="Ibu Wati", birth_date=date(1996, 4, 4))
    episode = make._add(PregnancyEpisode(person_id=mother.id, posyandu_id=mother.posyandu_id,
                                         hpht=date.today() - timedelta(days=120)))
    child = make.person(kader.facility)
    token = login(client, kader)

    def broken(episode):
        raise RuntimeError("episode rule bug")

    monkeypatch.setattr(pregnancy_assessment, "assess_episode", broken)  # what its visit's assessment re-runs
    visit = op("pregnancy_visit", {"person_id": mother.id, "episode_id": episode.id,
                                   "visit_date": date.today().isoformat(), "muac_cm": 25.0})
    answered = results(push(client, token, [growth_op(child.id), visit, growth_op(child.id, visit_date=(
        date.today() - timedelta(days=40)).isoformat())]))
    assert [r["status"] for r in answered] == ["applied", "rejected", "applied"]
    assert answered[1]["retry"] is True
    assert count(PregnancyVisit) == 0 and count(GrowthVisit) == 2
    assert db.session.get(PregnancyEpisode, episode.id).results == {}


def test_weighings_earlier_in_the_same_batch_count_for_the_kms_code(client, make, ingest_path):
    kader = make.user("kader")
    child = make.person(kader.facility, birth_date=date.today() - timedelta(days=300))
    token = login(client, kader)
    last_month = (date.today() - timedelta(days=31)).isoformat()
    answered = results(push(client, token, [growth_op(child.id, visit_date=last_month, weight_kg=8.0),
                                            growth_op(child.id, weight_kg=8.6)]))
    assert [r["status"] for r in answered] == ["applied", "applied"]
    assert answered[0]["record"]["kms_code"] == "B"  # first weighing ever
    assert answered[1]["record"]["kms_code"] == "N"  # +600 g on last month's weighing
    assert answered[1]["record"]["results"]["kms"]["gain_g"] == 600


def test_free_text_of_a_large_batch_is_stored_exactly_as_typed(client, make):
    """A batch big enough to be written by COPY on PostgreSQL (services/bulk.py): tabs, newlines, backslashes,
    quotes, markup and emoji in a note come back unchanged, in the visit and in its audit row."""
    kader = make.user("kader")
    child = make.person(kader.facility, birth_date=date.today() - timedelta(days=400))
    token = login(client, kader)
    note = 'ukur ulang\tbesok\nkata ibu: "demam" \\ <b>batuk</b> 😀, é;'
    ops = [growth_op(child.id, visit_date=(date.today() - timedelta(days=day)).isoformat(), notes=note)
           for day in range(70, 0, -1)]
    assert {r["status"] for r in results(push(client, token, ops))} == {"applied"}
    db.session.expire_all()
    assert {visit.notes for visit in db.session.scalars(select(GrowthVisit))} == {note}
    assert {entry.after["notes"] for entry in db.session.scalars(select(AuditLog))} == {note}
