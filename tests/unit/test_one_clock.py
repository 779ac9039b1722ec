"""One clock: no server module or field-app script reads the system clock except posyandu_app/clock.py and
static/js/clock.js, so the date-matrix tests (tests/instants.py, Playwright page.clock) move every 'today'."""
import re
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "posyandu_app"
PY_CLOCK_READS = re.compile(r"\b(date\.today|datetime\.now|datetime\.utcnow|time\.time|time\.time_ns|func\.now|"
                            r"func\.current_date|func\.current_timestamp)\s*\(")
JS_CLOCK_READS = re.compile(r"new Date\(\s*\)|Date\.now\(\s*\)")
# The rule twins import nothing outside rules/ (tests/js/growth_rules.test.mjs); checkDates' UTC default serves
# direct callers only: every screen passes clock.js's today() in.
JS_EXCEPTIONS = {"rules/age.js"}


def test_server_code_reads_time_only_through_the_clock_module():
    readers = [f"{path.relative_to(APP)}:{number}" for path in APP.rglob("*.py") if path.name != "clock.py"
               for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if PY_CLOCK_READS.search(line)]
    assert readers == []


def test_field_app_reads_time_only_through_clock_js():
    scripts = APP / "static" / "js"
    readers = [f"{path.relative_to(scripts)}:{number}" for path in scripts.rglob("*.js")
               if path.name != "clock.js" and path.relative_to(scripts).as_posix() not in JS_EXCEPTIONS
               for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if JS_CLOCK_READS.search(line)]
    assert readers == []
