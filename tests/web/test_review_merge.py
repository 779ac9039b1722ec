"""Probable duplicates: side-by-side view, merge keeps every visit (the other becomes a tombstone), or 'different'."""
from datetime import date, timedelta

from sqlalchemy import func, select

from posyandu_app.extensions import db
from posyandu_app.models import AuditLog, ChangeLog, GrowthVisit, Person, PregnancyEpisode, PregnancyVisit, Screening

from .review_helpers import Session, build_world


def _pair(make, world):
    birth = date.today() - timedelta(days=500)
    original = make.person(world.posyandu, name="Putri Lestari", birth_date=birth, nik=None, phone=None)
    flagged = make.person(world.posyandu, name="Putri Lestari", birth_date=birth, nik="3201054505240001",
                          phone="081234567890", duplicate_of_id=original.id, duplicate_reason="name_birth_mother")
    return original, flagged


def test_side_by_side_view_shows_both_records_and_their_visits(client, make):
    world = build_world(make)
    original, flagged = _pair(make, world)
    make.growth(original)
    make.growth(flagged)
    make.growth(flagged, visit_date=date.today() - timedelta(days=30))
    bidan = Session(client, world.bidan)
    assert "Putri Lestari" in bidan.get("/people/duplicates").get_data(as_text=True)
    page = bidan.get(f"/people/{flagged.id}/duplicate").get_data(as_text=True)
    assert "3201054505240001" in page and "081234567890" in page
    assert f'value="{original.id}"' in page and f'value="{flagged.id}"' in page


def test_merge_keeps_every_visit_and_tombstones_the_other(client, make):
    world = build_world(make)
    original, flagged = _pair(make, world)
    visits = [make.growth(original), make.growth(flagged),
              make.growth(flagged, visit_date=date.today() - timedelta(days=31))]
    screening = make.screening(flagged)
    episode = make.pregnancy_episode(flagged)
    anc = make.pregnancy_visit(episode)
    bidan = Session(client, world.bidan)

    response = bidan.post(f"/people/{flagged.id}/merge", {"keep": original.id})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/people/{original.id}")

    db.session.expire_all()
    kept, gone = db.session.get(Person, original.id), db.session.get(Person, flagged.id)
    assert {v.id for v in db.session.scalars(select(GrowthVisit).where(GrowthVisit.person_id == kept.id))} == {
        v.id for v in visits}
    assert db.session.get(Screening, screening.id).person_id == kept.id
    assert db.session.get(PregnancyEpisode, episode.id).person_id == kept.id
    assert db.session.get(PregnancyVisit, anc.id).person_id == kept.id
    assert db.session.scalar(select(func.count(GrowthVisit.id)).where(GrowthVisit.person_id == gone.id)) == 0
    assert gone.deleted_at is not None and gone.merged_into_id == kept.id
    # Empty fields of the kept record are filled from the merged one.
    assert kept.nik == "3201054505240001" and kept.phone == "081234567890"
    assert kept.duplicate_of_id is None
    # Phones learn of it through pull: a tombstone for the gone person, changes for every moved row.
    assert db.session.scalar(select(ChangeLog.deleted).where(ChangeLog.entity == "person",
                                                             ChangeLog.record_id == gone.id)) is True
    moved_logged = db.session.scalars(select(ChangeLog.record_id).where(ChangeLog.entity == "growth")).all()
    assert {v.id for v in visits} <= set(moved_logged)
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "merge")).after["moved"]["growth"]

    # The old address of the merged person leads to the kept one.
    followed = bidan.get(f"/people/{gone.id}")
    assert followed.status_code == 302 and followed.headers["Location"].endswith(f"/people/{kept.id}")
    page = bidan.get(f"/people/{kept.id}").get_data(as_text=True)
    assert page.count("/review/growth/") >= 3 and "Digabung" in page


def test_merge_can_keep_the_flagged_record(client, make):
    world = build_world(make)
    original, flagged = _pair(make, world)
    visit = make.growth(original)
    Session(client, world.bidan).post(f"/people/{flagged.id}/merge", {"keep": flagged.id})
    db.session.expire_all()
    assert db.session.get(GrowthVisit, visit.id).person_id == flagged.id
    assert db.session.get(Person, original.id).merged_into_id == flagged.id


def test_merge_refuses_a_third_person(client, make):
    world = build_world(make)
    original, flagged = _pair(make, world)
    stranger = make.person(world.posyandu, name="Orang Lain")
    response = Session(client, world.bidan).post(f"/people/{flagged.id}/merge", {"keep": stranger.id})
    assert response.status_code == 400 and "Pilih data yang dipertahankan." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Person, original.id).deleted_at is None
    assert db.session.get(Person, flagged.id).deleted_at is None


def test_mark_as_different_clears_the_flag(client, make):
    world = build_world(make)
    original, flagged = _pair(make, world)
    bidan = Session(client, world.bidan)
    assert bidan.post(f"/people/{flagged.id}/not-duplicate").status_code == 303
    db.session.expire_all()
    person = db.session.get(Person, flagged.id)
    assert person.duplicate_of_id is None and person.deleted_at is None
    before = db.session.scalar(select(AuditLog.before).where(AuditLog.action == "not_duplicate"))
    assert before["duplicate_of_id"] == original.id
    assert "Putri Lestari" not in bidan.get("/people/duplicates").get_data(as_text=True)
