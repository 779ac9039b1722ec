"""A posyandu's day each month: set on the facility pages, audited, and read by the late-uploads report, where a
posyandu whose day has not come yet this month is waiting, not late."""
from datetime import datetime, timezone

import time_machine
from sqlalchemy import select

from posyandu_app.extensions import db
from posyandu_app.models import AuditLog, Facility
from posyandu_app.services.reports import pws, units
from posyandu_app.services.reports.periods import Month

from .review_helpers import Session, build_world


def test_the_day_is_set_changed_and_refused_outside_the_calendar(client, make):
    world = build_world(make)
    session = Session(client, world.supervisor)
    assert session.post(f"/admin/facilities/{world.pustu.id}/new",
                        {"code": "POS-MLT", "name": "Posyandu Melati", "posyandu_day": "10"}).status_code == 303
    melati = db.session.scalar(select(Facility).where(Facility.code == "POS-MLT"))
    assert melati.posyandu_day == 10
    assert "posyandu tiap tanggal 10" in session.get("/admin/facilities").get_data(as_text=True)
    assert session.post(f"/admin/facilities/{melati.id}/rename",
                        {"code": "POS-MLT", "name": "Posyandu Melati", "posyandu_day": "31"}).status_code == 303
    refused = session.post(f"/admin/facilities/{melati.id}/rename",
                           {"code": "POS-MLT", "name": "Posyandu Melati", "posyandu_day": "32"})
    assert refused.status_code == 400 and "Pilih tanggal 1 sampai 31." in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Facility, melati.id).posyandu_day == 31
    renamed = db.session.scalars(select(AuditLog).where(AuditLog.action == "rename")).all()
    assert [(row.before["posyandu_day"], row.after["posyandu_day"]) for row in renamed] == [(10, 31)]


def test_a_day_of_31_falls_on_the_last_day_of_a_shorter_month(make):
    posyandu = make.posyandu(posyandu_day=31)
    assert [posyandu.posyandu_day_in(2027, month).day for month in (1, 2, 4)] == [31, 28, 30]
    assert posyandu.posyandu_day_in(2028, 2).day == 29
    assert make.posyandu().posyandu_day_in(2027, 1) is None


def _status(make, instant, day):
    world = build_world(make)
    world.posyandu.posyandu_day = day
    db.session.commit()
    with time_machine.travel(instant, tick=False):
        rows = pws.late_uploads(units.resolve(world.bidan), Month(2026, 12))
    row = next(row for row in rows if row["facility"].id == world.posyandu.id)
    return row["late"], row["waiting"], row["due_on"]


def test_before_its_day_a_silent_posyandu_is_waiting_not_late(make):
    late, waiting, due_on = _status(make, datetime(2026, 12, 5, 3, 0, tzinfo=timezone.utc), 10)
    assert (late, waiting, due_on.isoformat()) == (False, True, "2026-12-10")


def test_from_its_day_in_papua_a_silent_posyandu_is_late(make):
    # 9 Dec 16:30 UTC is 10 Dec 01:30 WIT: the day has come where it comes first (the one clock's field day).
    assert _status(make, datetime(2026, 12, 9, 16, 30, tzinfo=timezone.utc), 10)[:2] == (True, False)


def test_without_a_day_a_silent_posyandu_is_late_as_before(make):
    assert _status(make, datetime(2026, 12, 5, 3, 0, tzinfo=timezone.utc), None)[:2] == (True, False)


def test_the_report_page_says_which_day_it_waits_for(client, make):
    world = build_world(make)
    world.posyandu.posyandu_day = 20
    db.session.commit()
    with time_machine.travel(datetime(2026, 12, 5, 3, 0, tzinfo=timezone.utc), tick=False):
        page = Session(client, world.bidan).get("/reports/late?month=2026-12").get_data(as_text=True)
    assert "Belum hari posyandu (20 Des 2026)" in page
