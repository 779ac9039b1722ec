"""Numbers and dates as people read and write them: 11,6 and 4 Des 2026 in Indonesian, 11.6 and 4 Dec 2026 in English.

The server pages' twin of the field app's num()/date()/parseDate() in static/js/i18n.js: the same month
abbreviations (the catalogs' reports.month_short.*), decimal comma in Indonesian, day first in date inputs whatever
the browser's locale. Exports (CSV/XLSX) do not come here: they keep ISO dates and point decimals for machines.
"""
from datetime import date, datetime, timedelta, timezone

from flask import current_app

from .clock import WIB, WIT, WITA
from .day_text import parse_day  # noqa: F401  (pages parse what they show)
from .i18n import get_language, translate

ZONE_NAMES = {WIB: "WIB", WITA: "WITA", WIT: "WIT"}



def num(value, digits: int | None = None, lang: str | None = None):
    """A number with the language's decimal mark: `digits` fixed decimals, or None for the value as stored (7.1 ->
    "7,1", 12.0 -> "12"). Anything that is not a number (text, None, a yes/no) comes back unchanged."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    text = f"{value:g}" if digits is None else f"{value:.{digits}f}"
    return text.replace(".", ",") if (lang or get_language()) == "id" else text


def day(value, lang: str | None = None) -> str:
    """A calendar date: "4 Des 2026" / "4 Dec 2026"; None -> "–"."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = value.date()
    return f"{value.day} {translate(f'reports.month_short.{value.month}', lang)} {value.year}"


def when(value, lang: str | None = None, utc_offset: int | None = None) -> str:
    """An instant (stored in UTC) on the district's clock, its zone named: "4 Des 2026 23.42 WIB" (Indonesian time
    uses a dot) / "4 Dec 2026 23:42 WIB". A bidan reads the hour her own clock showed, not the server's."""
    if value is None:
        return "–"
    offset = current_app.config["LOCAL_UTC_OFFSET"] if utc_offset is None else utc_offset
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)  # the database hands back naive UTC on SQLite
    local = value.astimezone(timezone(timedelta(hours=offset)))
    sep = "." if (lang or get_language()) == "id" else ":"
    return f"{day(local, lang)} {local.hour:02d}{sep}{local.minute:02d} {ZONE_NAMES[offset]}"


def date_input(value) -> str:
    """What a date field shows: "04/12/2026" in both languages (day first, as in the KIA book)."""
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else (value or "")


def init_app(app) -> None:
    if app.config["LOCAL_UTC_OFFSET"] not in ZONE_NAMES:
        raise RuntimeError("LOCAL_UTC_OFFSET must be 7 (WIB), 8 (WITA) or 9 (WIT)")
    app.jinja_env.filters.update(num=num, day=day, when=when, date_input=date_input)
