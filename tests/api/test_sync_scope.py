"""Scope in sync: a kader of posyandu A can neither write nor read anything of posyandu B."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from posyandu_app.extensions import db
from posyandu_app.models import GrowthVisit, Person, PregnancyEpisode, PregnancyVisit, Screening
from tests.factories import login

from .sync_helpers import growth_op, new_id, op, person_op, pull_all, push, results


@pytest.fixture
def two_posyandu(make):
    pustu = make.pustu()
    pos_a, pos_b = make.posyandu(pustu), make.posyandu(pustu)
    mother_b = make.person(pos_b, name="Ibu Beta", birth_date=date(1996, 2, 2))
    episode_b = make._add(PregnancyEpisode(person_id=mother_b.id, posyandu_id=pos_b.id,
                                           hpht=date.today() - timedelta(days=80)))
    child_b = make.person(pos_b, name="Anak Beta")
    visit_b = make.growth(child_b, status="returned")
    return {"a": pos_a, "b": pos_b, "pustu": pustu, "mother_b": mother_b, "episode_b": episode_b,
            "child_b": child_b, "visit_b": visit_b}


def test_kader_a_cannot_push_anything_about_posyandu_b(client, make, two_posyandu):
    world = two_posyandu
    kader_a = make.user("kader", world["a"])
    token = login(client, kader_a)
    today = date.today().isoformat()
    ops = {
        "growth": growth_op(world["child_b"].id),
        "screening": op("screening", {"person_id": world["mother_b"].id, "visit_date": today, "systolic": 120,
                                      "diastolic": 80}),
        "pregnancy": op("pregnancy", {"person_id": world["mother_b"].id, "hpht": today}),
        "pregnancy_visit": op("pregnancy_visit", {"person_id": world["mother_b"].id,
                                                  "episode_id": world["episode_b"].id, "visit_date": today}),
        "person edit": op("person", {"name": "Diubah"}, world["child_b"].id, base_version=1),
        "person in B": person_op(posyandu_id=world["b"].id),
        "episode edit": op("pregnancy", {"gravida": 4}, world["episode_b"].id, base_version=1),
        "correction": op("correction", {"supersedes": world["visit_b"].id, "visit_date": today, "weight_kg": 9.0}),
    }
    answered = results(push(client, token, list(ops.values())))
    for name, result in zip(ops, answered):
        assert result["status"] == "rejected", name
        assert "record" not in result, name  # never the other posyandu's data
        # "not in your area" (posyandu_id), or "not on the server in your area": the same as for an unknown id
        messages = [message["en"] for message in result["errors"].values()]
        assert len(messages) == 1 and ("in your area" in messages[0] or messages[0] == "Outside your area."), name
    assert db.session.get(Person, world["child_b"].id).name == "Anak Beta"
    for model in (GrowthVisit, Screening, PregnancyVisit):
        assert db.session.scalar(select(func.count()).select_from(model).where(model.created_by_id == kader_a.id)) == 0
    assert db.session.get(GrowthVisit, world["visit_b"].id).is_current is True


def test_pull_never_leaks_another_posyandu(client, make, two_posyandu):
    world = two_posyandu
    kader_a = make.user("kader", world["a"])
    mine = make.person(world["a"], name="Anak Alfa")
    make.growth(mine)
    login(client, kader_a)
    changes, _ = pull_all(client, limit=2)
    assert {change["data"]["posyandu_id"] for change in changes} == {world["a"].id}
    assert {change["entity"] for change in changes} == {"person", "growth"}


def test_bidan_sees_and_writes_all_posyandu_of_the_pustu_but_must_name_one(client, make, two_posyandu):
    world = two_posyandu
    bidan = make.user("bidan", world["pustu"])
    make.person(make.posyandu(), name="Di desa lain")
    token = login(client, bidan)
    changes, _ = pull_all(client)
    assert {change["data"]["posyandu_id"] for change in changes} == {world["b"].id}
    answered = results(push(client, token, [person_op(), person_op(posyandu_id=world["a"].id),
                                            growth_op(world["child_b"].id)]))
    assert [r["status"] for r in answered] == ["rejected", "applied", "applied"]
    assert answered[0]["errors"]["posyandu_id"]["id"] == "Pilih posyandu."


def test_a_kader_cannot_move_a_person_out_of_their_scope(client, make, two_posyandu):
    world = two_posyandu
    kader_a = make.user("kader", world["a"])
    person = make.person(world["a"])
    token = login(client, kader_a)
    moved = results(push(client, token, [op("person", {"posyandu_id": world["b"].id}, person.id, base_version=1)]))
    assert moved[0]["status"] == "rejected" and set(moved[0]["errors"]) == {"posyandu_id"}
    assert db.session.get(Person, person.id).posyandu_id == world["a"].id


def test_unknown_person_reference_is_rejected_not_created(client, make):
    kader = make.user("kader")
    token = login(client, kader)
    answered = results(push(client, token, [growth_op(new_id())]))[0]
    assert answered["status"] == "rejected" and set(answered["errors"]) == {"person_id"}


def test_a_visit_recorded_for_a_person_merged_meanwhile_goes_to_the_surviving_person(client, make):
    from datetime import datetime, timezone
    kader = make.user("kader")
    survivor = make.person(kader.facility, name="Dewi Lestari")
    merged = make.person(kader.facility, name="Dewi L.")
    merged.merged_into_id, merged.deleted_at = survivor.id, datetime.now(timezone.utc)
    db.session.commit()
    token = login(client, kader)
    answered = results(push(client, token, [growth_op(merged.id)]))[0]
    assert answered["status"] == "applied" and answered["record"]["person_id"] == survivor.id
    deleted = make.person(kader.facility, name="Salah input")
    deleted.deleted_at = datetime.now(timezone.utc)
    db.session.commit()
    refused = results(push(client, token, [growth_op(deleted.id)]))[0]
    assert refused["status"] == "rejected" and refused["errors"]["person_id"]["en"].startswith("This person was deleted")
