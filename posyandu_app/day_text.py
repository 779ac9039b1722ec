"""Dates as people type them: day first (as in the KIA book) or ISO; pure, so services and pages share it."""
import re
from datetime import date

DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_day(text) -> date | None:
    """ "4/12/2026", "04-12-2026", "04.12.2026" or ISO "2026-12-04" -> date; "" -> None. Raises ValueError with a
    catalog key ("format.error.date" or "format.error.no_such_day") for anything else."""
    value = str(text or "").strip()
    if not value:
        return None
    match = DAY_FIRST.match(value)
    if match:
        d, m, y = (int(part) for part in match.groups())
    elif match := ISO_DAY.match(value):
        y, m, d = (int(part) for part in match.groups())
    else:
        raise ValueError("format.error.date")
    try:
        result = date(y, m, d)
    except ValueError:
        raise ValueError("format.error.no_such_day") from None
    if y < 1900:
        raise ValueError("format.error.no_such_day")
    return result
