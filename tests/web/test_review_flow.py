"""Review loop: queue → verify / return with a note → the kader's correction re-enters the queue; bulk verify."""
from datetime import date, timedelta

from sqlalchemy import select

from posyandu_app.formats import day
from posyandu_app.extensions import db
from posyandu_app.models import AuditLog, ChangeLog, GrowthVisit, Review

from .review_helpers import Session, build_world


def _change_seq(entity, record_id):
    return db.session.scalar(select(ChangeLog.seq).where(ChangeLog.entity == entity, ChangeLog.record_id == record_id))


def test_queue_shows_measured_values_results_and_flags(client, make):
    world = build_world(make)
    child = make.person(world.posyandu, name="Rizky Saputra", sex="M")
    make.growth(child, weight_kg=7.1, length_cm=70.2, waz=-2.61, haz=-2.3, stunted=True, flagged=True,
                results={"referrals": [{"code": "stunting", "id": "Stunting (PB/U < -2 SD)", "en": "Stunting"}]})
    page = Session(client, world.bidan).get("/review").get_data(as_text=True)
    assert "Rizky Saputra" in page
    assert "7,1" in page and "70,2" in page and "-2,61" in page  # Indonesian decimal comma
    assert "Stunting (PB/U &lt; -2 SD)" in page
    assert "Ditandai: periksa" in page


def test_return_reaches_the_kader_then_the_correction_comes_back_to_the_queue(client, make):
    world = build_world(make)
    child = make.person(world.posyandu, name="Dimas Pratama", sex="M")
    visit = make.growth(child, length_cm=52.0, created_by_id=world.kader.id)
    seq_before = _change_seq("growth", visit.id)
    bidan = Session(client, world.bidan)

    response = bidan.post(f"/review/growth/{visit.id}/return", {"note": "perlu diperbaiki: ukur ulang panjang badan"})
    assert response.status_code == 303

    db.session.expire_all()
    visit = db.session.get(GrowthVisit, visit.id)
    assert visit.status == "returned"
    assert visit.review_note == "perlu diperbaiki: ukur ulang panjang badan"
    assert visit.reviewed_by_id == world.bidan.id and visit.reviewed_at is not None
    # What the kader's phone pulls: the visit row got a new change-log sequence.
    assert _change_seq("growth", visit.id) > (seq_before or 0)
    assert db.session.scalar(select(Review.decision).where(Review.record_id == visit.id)) == "returned"
    assert db.session.scalar(select(AuditLog.action).where(AuditLog.record_id == visit.id)) == "return"
    assert "Dimas Pratama" not in bidan.get("/review").get_data(as_text=True)

    correction = make.correction(visit, length_cm=75.5)
    page = bidan.get("/review").get_data(as_text=True)
    assert "Dimas Pratama" in page and "75,5" in page
    assert "koreksi" in page and f"/review/growth/{visit.id}" in page
    assert "ukur ulang panjang badan" in page  # the note that asked for it, next to the correction
    assert page.count("queue-item") == 1  # only the current version is queued

    old_page = bidan.get(f"/review/growth/{visit.id}").get_data(as_text=True)
    assert "sudah diganti oleh koreksi" in old_page and "ukur ulang panjang badan" in old_page
    assert bidan.post(f"/review/growth/{visit.id}/verify").status_code == 303
    assert db.session.get(GrowthVisit, visit.id).status == "returned"  # a superseded version cannot be verified

    assert bidan.post(f"/review/growth/{correction.id}/verify").status_code == 303
    db.session.expire_all()
    assert db.session.get(GrowthVisit, correction.id).status == "verified"
    assert "Dimas Pratama" not in bidan.get("/review").get_data(as_text=True)


def test_return_without_a_note_is_refused_and_changes_nothing(client, make):
    world = build_world(make)
    visit = make.growth(make.person(world.posyandu))
    response = Session(client, world.bidan).post(f"/review/growth/{visit.id}/return", {"note": "   "})
    assert response.status_code == 400
    assert "Tulis apa yang perlu diperbaiki kader." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(GrowthVisit, visit.id).status == "submitted"


def test_bidan_clears_a_day_of_submissions(client, make):
    world = build_world(make)
    day = date.today() - timedelta(days=1)
    plain = [make.growth(make.person(world.posyandu, name=f"Anak {i}"), visit_date=day) for i in range(8)]
    flagged = [make.growth(make.person(world.posyandu, name=f"Anak Tanda {i}"), visit_date=day, flagged=True)
               for i in range(2)]
    adult = make.screening(make.person(world.posyandu, name="Pak Joko", sex="M", birth_date=date(1970, 1, 1)),
                           visit_date=day)
    bidan = Session(client, world.bidan)
    page = bidan.get("/review").get_data(as_text=True)
    assert "11 kiriman menunggu" in page

    items = [f"growth:{v.id}" for v in plain + flagged] + [f"screening:{adult.id}"]
    response = bidan.post("/review/bulk-verify", {"items": items})
    assert response.status_code == 303
    page = bidan.get("/review").get_data(as_text=True)
    assert "9 kiriman diverifikasi; 2 dilewati" in page
    assert "2 kiriman menunggu" in page  # only the flagged ones, each needing its own look

    bidan.post(f"/review/growth/{flagged[0].id}/verify")
    bidan.post(f"/review/growth/{flagged[1].id}/return", {"note": "timbang ulang"})
    assert "Tidak ada kiriman baru yang menunggu verifikasi" in bidan.get("/review").get_data(as_text=True)
    db.session.expire_all()
    statuses = [db.session.get(GrowthVisit, v.id).status for v in plain + flagged]
    assert statuses == ["verified"] * 9 + ["returned"]
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.user_id == world.bidan.id)).all()
    assert sorted(actions) == ["return"] + ["verify"] * 10  # every decision is audited, bulk ones included


def test_bulk_verify_skips_items_outside_scope(client, make):
    world = build_world(make)
    foreign = make.growth(make.person(world.sibling_posyandu))
    Session(client, world.bidan).post("/review/bulk-verify", {"items": [f"growth:{foreign.id}"]})
    db.session.expire_all()
    assert db.session.get(GrowthVisit, foreign.id).status == "submitted"


def test_queue_filters_by_posyandu_type_date_and_flag(client, make):
    world = build_world(make)
    second = make.posyandu(world.pustu, name="Posyandu Melati")
    today = date.today()
    make.growth(make.person(world.posyandu, name="Anak Mawar"), visit_date=today)
    make.growth(make.person(second, name="Anak Melati"), visit_date=today - timedelta(days=10), flagged=True)
    make.screening(make.person(world.posyandu, name="Ibu Dewasa", birth_date=date(1980, 5, 5)), visit_date=today)
    bidan = Session(client, world.bidan)

    def names(query):
        page = bidan.get(f"/review?{query}").get_data(as_text=True)
        return {name for name in ("Anak Mawar", "Anak Melati", "Ibu Dewasa") if name in page}

    assert names("") == {"Anak Mawar", "Anak Melati", "Ibu Dewasa"}
    assert names(f"posyandu={second.id}") == {"Anak Melati"}
    assert names("entity=screening") == {"Ibu Dewasa"}
    assert names(f"date_from={(today - timedelta(days=3)).isoformat()}") == {"Anak Mawar", "Ibu Dewasa"}
    assert names("flagged=y") == {"Anak Melati"}
    # A posyandu outside the bidan's pustu is not a filter choice: it is ignored, never shown.
    assert names(f"posyandu={world.sibling_posyandu.id}") == {"Anak Mawar", "Anak Melati", "Ibu Dewasa"}


def test_supervisor_queue_covers_the_whole_puskesmas(client, make):
    world = build_world(make)
    make.growth(make.person(world.posyandu, name="Anak Satu"))
    make.growth(make.person(world.sibling_posyandu, name="Anak Dua"))
    make.growth(make.person(world.foreign_posyandu, name="Anak Luar"))
    page = Session(client, world.supervisor).get("/review").get_data(as_text=True)
    assert "Anak Satu" in page and "Anak Dua" in page and "Anak Luar" not in page


def test_queue_card_shows_earlier_visits_and_the_weight_trend(client, make):
    world = build_world(make)
    child = make.person(world.posyandu, name="Fajar Hidayat", sex="M")
    make.growth(child, visit_date=date.today() - timedelta(days=60), weight_kg=8.8, waz=-1.1, status="verified")
    make.growth(child, visit_date=date.today() - timedelta(days=30), weight_kg=8.9, waz=-1.4, status="verified")
    make.growth(child, visit_date=date.today(), weight_kg=8.9, waz=-1.8)
    page = Session(client, world.bidan).get("/review").get_data(as_text=True)
    assert "Riwayat (2 kunjungan sebelumnya)" in page
    assert day(date.today() - timedelta(days=60), "id") in page and "8,8" in page
    assert page.count('<svg class="spark"') == 1


def test_pages_switch_to_english(client, make):
    world = build_world(make)
    make.growth(make.person(world.posyandu, name="Ayu Lestari"))
    bidan = Session(client, world.bidan)
    assert "Antrean verifikasi" in bidan.get("/review").get_data(as_text=True)
    client.get("/lang/en?next=/review")
    page = bidan.get("/review").get_data(as_text=True)
    assert '<html lang="en">' in page and "Review queue" in page and "Ayu Lestari" in page
