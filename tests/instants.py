"""The date matrix: instants at which the date-sensitive tests run, and a fixture that moves the clock there.

A health app counts days (ages, pregnancy weeks, KF windows), months (reports, PWS, 'due this month') and
'not in the future' across Indonesia's three zones (WIB UTC+7, WITA UTC+8, WIT UTC+9) on a server that runs on
UTC. A suite that only runs on the day CI happens to run hides month edges, leap days and the evening hours when
Papua is already tomorrow. Use:

    @at_instants()                 # every instant
    @at_instants(*QUICK)           # a subset, for slow tests (the demo seed takes ~2 s)
    def test_x(app, instant): ...  # `instant` is the frozen UTC datetime

time-machine freezes datetime.now / date.today / time.time for the whole process (tick=False: one instant, so
a test cannot drift across midnight while it runs).
"""
from datetime import datetime, timezone

import pytest
import time_machine


def _utc(*parts):
    return datetime(*parts, tzinfo=timezone.utc)


# id -> instant (UTC). Comments give the date in WIB / WIT where it differs from UTC's.
INSTANTS = {
    "1st-0100Z": _utc(2027, 3, 1, 1, 0),             # 1 March, after a 28-day February; before the posyandu day
    "9th-1200Z": _utc(2026, 12, 9, 12, 0),           # the day before the demo posyandu day, everywhere
    "9th-1630Z-10th-in-Papua": _utc(2026, 12, 9, 16, 30),  # WIT 10 Dec 01:30: the posyandu day has come in Papua
    "10th-0300Z": _utc(2026, 12, 10, 3, 0),          # posyandu day, everywhere
    "28Feb-1000Z": _utc(2027, 2, 28, 10, 0),         # last day of a 28-day February
    "29th-0800Z": _utc(2027, 1, 29, 8, 0),
    "30Nov-2300Z-1Dec-everywhere": _utc(2026, 11, 30, 23, 0),  # UTC's 30 Nov; 1 Dec in WIB, WITA and WIT
    "31st-1200Z": _utc(2026, 12, 31, 12, 0),         # last day of a 31-day month, everywhere
    "29Feb2028-0500Z": _utc(2028, 2, 29, 5, 0),      # leap day
    "28Feb2028-1630Z-leap-day-in-Papua": _utc(2028, 2, 28, 16, 30),  # WIT 29 Feb 01:30
    "31Oct-1600Z-1Nov-in-Papua": _utc(2026, 10, 31, 16, 0),  # WIT 1 Nov 01:00, WIB still 31 Oct 23:00
    "31Dec-2330Z-1Jan": _utc(2026, 12, 31, 23, 30),  # UTC's New Year's Eve; 1 Jan 2027 in all three zones
    "30Jun-2359Z": _utc(2026, 6, 30, 23, 59),        # 1 July in all three zones
}
# The slow tests' subset: the 1st and the 9th (before the posyandu day), the evening when Papua is already on the
# posyandu day, the year's turn and the leap day.
QUICK = ("1st-0100Z", "9th-1200Z", "9th-1630Z-10th-in-Papua", "31Dec-2330Z-1Jan", "29Feb2028-0500Z")


def at_instants(*ids):
    """Parametrize a test over the instants (all of them, or the given ids) via the `instant` fixture."""
    chosen = ids or tuple(INSTANTS)
    return pytest.mark.parametrize("instant", [pytest.param(INSTANTS[key], id=key) for key in chosen],
                                   indirect=True)


@pytest.fixture
def instant(request):
    """The clock frozen at the parametrized instant (default: the first of the matrix) for the whole test."""
    moment = getattr(request, "param", INSTANTS["1st-0100Z"])
    with time_machine.travel(moment, tick=False):
        yield moment
