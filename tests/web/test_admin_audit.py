"""Audit log screen: a supervisor sees her puskesmas's rows only (by actor or by record), filters by facility, user,
action and dates, and pages through; a bad date is explained in Indonesian and ignored."""
from datetime import datetime, timezone

from posyandu_app.extensions import db
from posyandu_app.models import AuditLog
from posyandu_app.services.admin import audit_view

from .review_helpers import Session, build_world


def _row(user, action, entity, record_id, day=1, hour=8):
    db.session.add(AuditLog(user_id=user.id if user else None, action=action, entity=entity, record_id=str(record_id),
                            at=datetime(2026, 11, day, hour, tzinfo=timezone.utc), after={"note": f"{action}-{day}"}))
    db.session.commit()


def _world_with_rows(make):
    world = build_world(make)
    foreign_kader = make.user("kader", world.foreign_posyandu, full_name="Kader Jauh")
    mine = make.person(world.posyandu, name="Ani Sasaran")
    theirs = make.person(world.foreign_posyandu, name="Budi Sasaran")
    _row(world.kader, "create", "person", mine.id, day=2)                     # by an account of hers
    _row(world.admin, "rename", "facility", world.sibling_posyandu.id, day=3)  # on a facility of hers
    _row(world.admin, "merge", "person", mine.id, day=4)                      # on a person of hers
    _row(foreign_kader, "create", "person", theirs.id, day=5)                 # elsewhere entirely
    _row(world.admin, "deactivate", "user", foreign_kader.id, day=6)          # on an account elsewhere
    return world


def _notes(page):
    return sorted(note for note in ("create-2", "rename-3", "merge-4", "create-5", "deactivate-6") if note in page)


def test_supervisor_sees_her_puskesmas_rows_only(client, make):
    world = _world_with_rows(make)
    page = Session(client, world.supervisor).get("/admin/audit").get_data(as_text=True)
    assert _notes(page) == ["create-2", "merge-4", "rename-3"]
    assert "Diubah nama/kode" in page and "3 catatan" in page


def test_district_admin_sees_everything(client, make):
    world = _world_with_rows(make)
    page = Session(client, world.admin).get("/admin/audit").get_data(as_text=True)
    assert _notes(page) == ["create-2", "create-5", "deactivate-6", "merge-4", "rename-3"]


def test_filters_by_facility_user_action_and_dates(client, make):
    world = _world_with_rows(make)
    session = Session(client, world.supervisor)
    page = session.get(f"/admin/audit?facility={world.posyandu.id}").get_data(as_text=True)
    assert _notes(page) == ["create-2", "merge-4"]
    assert _notes(session.get(f"/admin/audit?user={world.admin.id}").get_data(as_text=True)) == ["merge-4", "rename-3"]
    assert _notes(session.get("/admin/audit?action=create").get_data(as_text=True)) == ["create-2"]
    page = session.get("/admin/audit?date_from=03/11/2026&date_to=04/11/2026").get_data(as_text=True)
    assert _notes(page) == ["merge-4", "rename-3"]
    # Another puskesmas's posyandu is no choice of hers: the filter is dropped and nothing of it shows.
    page = session.get(f"/admin/audit?facility={world.foreign_posyandu.id}").get_data(as_text=True)
    assert _notes(page) == ["create-2", "merge-4", "rename-3"]


def test_dates_are_days_on_the_districts_clock(client, make, app):
    """20:00 UTC on 4 Nov is 5 Nov 03:00 WIB: the admin looking for what happened on the 5th finds it, at 03.00."""
    world = build_world(make)
    _row(world.supervisor, "verify", "growth", "late-night", day=4, hour=20)
    session = Session(client, world.supervisor)
    fifth = session.get("/admin/audit?date_from=05/11/2026&date_to=05/11/2026").get_data(as_text=True)
    assert "#late-night" in fifth and "5 Nov 2026 03.00 WIB" in fifth
    assert "#late-night" not in session.get("/admin/audit?date_to=04/11/2026").get_data(as_text=True)
    app.config["LOCAL_UTC_OFFSET"] = 9
    assert "5 Nov 2026 05.00 WIT" in session.get("/admin/audit?date_from=05/11/2026").get_data(as_text=True)


def test_a_bad_date_is_explained_in_indonesian(client, make):
    world = _world_with_rows(make)
    page = Session(client, world.supervisor).get("/admin/audit?date_from=31/02/2026").get_data(as_text=True)
    assert "Tanggal itu tidak ada di kalender" in page
    assert _notes(page) == ["create-2", "merge-4", "rename-3"]


def test_pages_of_fifty_newest_first(client, make):
    world = build_world(make)
    for n in range(120):
        _row(world.supervisor, "verify", "growth", f"v{n}", day=1 + n // 24, hour=n % 24)
    session = Session(client, world.supervisor)
    first = session.get("/admin/audit").get_data(as_text=True)
    assert "Halaman 1 dari 3" in first and "#v119" in first and "#v69" not in first
    third = session.get("/admin/audit?page=3&action=verify").get_data(as_text=True)
    assert "Halaman 3 dari 3" in third and "#v0<" in third and "#v20<" not in third
    assert third.count("<tr>") == 1 + 20
    assert "page=2" in third and "action=verify" in third and "Sebelumnya" in third  # the filter stays when paging
    assert session.get("/admin/audit?page=99").status_code == 200  # clamped to the last page


def test_kader_and_bidan_get_403(client, make):
    world = build_world(make)
    assert Session(client, world.bidan).get("/admin/audit").status_code == 403


def test_the_service_intersects_a_facility_filter_with_the_scope(app, make):
    world = _world_with_rows(make)
    rows, pages, total = audit_view.search(world.supervisor, audit_view.AuditFilter(facility_id=world.foreign_posyandu.id))
    assert (rows, pages, total) == ([], 1, 0)
    rows, _, _ = audit_view.search(world.admin, audit_view.AuditFilter(facility_id=world.foreign_posyandu.id))
    assert [row.after["note"] for row in rows] == ["deactivate-6", "create-5"]  # by her, and on her account


def test_csv_export_follows_scope_and_filters_and_defuses_formulas(client, make):
    world = _world_with_rows(make)
    world.kader.full_name = "=HYPERLINK(\"http://x\")"
    db.session.commit()
    session = Session(client, world.supervisor)
    response = session.get("/admin/audit.csv?action=create")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "create-2" in text and "create-5" not in text and "merge-4" not in text
    assert "'=HYPERLINK" in text and "Dibuat" in text
    assert Session(client, world.bidan).get("/admin/audit.csv").status_code == 403
