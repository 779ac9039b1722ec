"""The phone's clock decides the date a kader sees: a posyandu day recorded offline at 23:50 WIT on the last day of
a month, and a visit just after midnight, land in the months the kader saw, whenever they reach the server."""
from datetime import date, datetime, timezone

from posyandu_app.extensions import db
from posyandu_app.models import GrowthVisit, Screening
from posyandu_app.services.reports import skdn
from posyandu_app.services.reports.periods import Month

from .helpers import (count, first_page, login, pending_count, record_elderly_screening, record_growth,
                      stored_rows, wait_for_worker, wait_until)

# WIT is UTC+9: 23:50 WIT on 31 October is 14:50 UTC; 00:10 WIT on 1 November is still 31 October in UTC.
LAST_EVENING = datetime(2026, 10, 31, 14, 50, tzinfo=timezone.utc)
AFTER_MIDNIGHT = datetime(2026, 10, 31, 15, 10, tzinfo=timezone.utc)
NEXT_MORNING = datetime(2026, 10, 31, 23, 0, tzinfo=timezone.utc)  # 08:00 WIT, 1 November: signal again


def test_a_month_end_evening_in_papua_lands_in_the_month_the_kader_saw(live_server, world, phone):
    context = phone(timezone_id="Asia/Jayapura")
    page = first_page(context)
    page.clock.set_fixed_time(LAST_EVENING)
    login(page, live_server, world["kader"])
    wait_for_worker(page)
    context.set_offline(True)

    record_growth(page, world["names"]["child"], weight="7.0", length="72.0")
    page.clock.set_fixed_time(AFTER_MIDNIGHT)
    record_elderly_screening(page, world["names"]["elder"])
    # The forms took the phone's date: 31 October, then 1 November after midnight in Papua (UTC: still 31 Oct).
    waiting = {op["entity"]: op["data"]["visit_date"] for op in stored_rows(page, "outbox")}
    assert waiting == {"growth": "2026-10-31", "screening": "2026-11-01"}

    page.clock.set_fixed_time(NEXT_MORNING)
    context.set_offline(False)  # the upload happens the next morning
    wait_until(lambda: pending_count(page) == 0, message="outbox emptied")
    growth = wait_until(lambda: db.session.query(GrowthVisit).one_or_none(), message="growth visit stored")
    screening = wait_until(lambda: db.session.query(Screening).one_or_none(), message="screening stored")
    assert growth.visit_date == date(2026, 10, 31) and screening.visit_date == date(2026, 11, 1)
    # recorded_at is the instant on the phone's clock (UTC), not the upload's.
    assert growth.recorded_at.replace(tzinfo=timezone.utc) == LAST_EVENING
    # The October report counts the weighing, the November one does not.
    posyandu_id = world["posyandu_id"]
    weighed = {month: sum(cell["D"] for cell in skdn.collect([posyandu_id], month)[posyandu_id]["cells"].values())
               for month in (Month(2026, 10), Month(2026, 11))}
    assert weighed == {Month(2026, 10): 1, Month(2026, 11): 0}
    assert count(GrowthVisit) == 1
