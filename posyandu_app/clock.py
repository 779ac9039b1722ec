"""The one clock: every 'now' and 'today' of the server comes from here, so tests can move time (time-machine).

Which 'today' (Indonesia has three zones and no daylight saving; servers run on UTC):
- utc_now(): an instant (created_at, audit, login locks, sync server_time). Stored and compared in UTC.
- field_today(): the calendar date in WIT (UTC+9), the zone whose day starts first. It is the latest date any
  kader in Indonesia can have on her phone, so it is the server's 'today' for dates: 'not in the future' checks
  (a visit recorded at 07:00 in Papua is 22:00 of the day before in UTC), the as-of date of the rules (ages,
  pregnancy weeks, ANC/KF windows), the default report month, the high-risk lists and the demo's history.
  Using one date for all of them keeps them coherent: a record accepted as 'today' is in 'this month'.
- today_in(offset): the date at a UTC offset (WIB 7, WITA 8, WIT 9): for tests and for explaining a zone.
"""
from datetime import date, datetime, timedelta, timezone

WIB, WITA, WIT = 7, 8, 9  # hours east of UTC: western (Java, Sumatra), central (Bali, Sulawesi), eastern (Papua)


def utc_now() -> datetime:
    """The current instant, timezone-aware in UTC."""
    return datetime.now(timezone.utc)


def today_in(utc_offset_hours: int) -> date:
    """The calendar date at a fixed UTC offset (Indonesian zones have no daylight saving)."""
    return (utc_now() + timedelta(hours=utc_offset_hours)).date()


def field_today() -> date:
    """Today in WIT (UTC+9), the earliest-starting Indonesian day: the server's 'today' for every date rule."""
    return today_in(WIT)
