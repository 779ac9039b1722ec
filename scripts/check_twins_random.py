"""Differential check: run the Python and JS growth twins on N random inputs and report any difference.

    /work/venv/bin/python scripts/check_twins_random.py [N]      (needs node; default N = 20000)

Complements the vectors (which say what is right) by showing the twins agree everywhere else, including
fractional ages, 3-decimal weights, oedema, invalid values and random weighing histories.
"""
import datetime as dt
import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from posyandu_app.domain.errors import DomainValidationError  # noqa: E402
from posyandu_app.domain.growth import assess_growth, zscores  # noqa: E402

NODE = """
import { readFileSync } from 'node:fs';
import { loadForTests } from './tests/js/load_data.mjs';
import { assessGrowth, zscores } from './posyandu_app/static/js/rules/growth.js';
await loadForTests(['who_growth', 'growth_rules']);
const cases = JSON.parse(readFileSync(0, 'utf8'));
const out = cases.map((c) => {
  try { return c.fn === 'zscores' ? zscores(c.input) : assessGrowth(c.input); } catch (e) { return { error: e.field_errors ?? e.fieldErrors }; }
});
process.stdout.write(JSON.stringify(out));
"""


def random_cases(n, rnd):
    cases = []
    for _ in range(n):
        if rnd.random() < 0.8:
            top = rnd.choice([1830, 7000])  # half the ages 5-19 years: the WHO 2007 reference (issue 16)
            age = rnd.choice([rnd.randint(0, top), round(rnd.uniform(0, top), 3)])
            share = min(age, 1826) / 1826 + max(0, age - 1826) / 1826  # weights/heights keep growing past 5 y
            cases.append({"fn": "zscores", "input": {
                "sex": rnd.choice("MFLPx"), "age_days": age,
                "weight_kg": rnd.choice([None, round(3 + share * 15 + rnd.gauss(0, 4), rnd.choice([1, 2, 3]))]),
                "length_cm": rnd.choice([None, round(50 + share * 60 + rnd.gauss(0, 9), rnd.choice([1, 2]))]),
                "measured": rnd.choice(["L", "H", None]),
                "head_cm": rnd.choice([None, round(34 + share * 16 + rnd.gauss(0, 3), 1)]),
                "muac_cm": rnd.choice([None, round(rnd.uniform(8, 20), 1)]), "oedema": rnd.random() < 0.05}})
            continue
        span = rnd.choice([1900, 7000])  # under five, or up to 19 years
        birth = dt.date(2019 if span < 7000 else 2006, 1, 1) + dt.timedelta(days=rnd.randint(0, 2000))
        visit = birth + dt.timedelta(days=rnd.randint(0, span))
        weight, day, previous = round(rnd.uniform(3, 18 if (visit - birth).days < 1900 else 70), 1), visit, []
        for _ in range(rnd.randint(0, 4)):
            day -= dt.timedelta(days=rnd.randint(20, 70))
            previous.append({"date": day.isoformat(), "weight_kg": round(weight - rnd.uniform(-0.3, 0.8), 3)})
        cases.append({"fn": "assess_growth", "input": {
            "sex": rnd.choice("MF"), "birth_date": birth.isoformat(), "visit_date": visit.isoformat(),
            "weight_kg": weight, "length_cm": round(rnd.uniform(45, 115 if (visit - birth).days < 1900 else 185), 1), "measured": rnd.choice(["L", "H"]),
            "muac_cm": round(rnd.uniform(9, 18), 1), "oedema": rnd.random() < 0.03, "previous_weighings": previous,
            "today": "2026-01-01"}})
    return cases


def python_out(case):
    fn = zscores if case["fn"] == "zscores" else assess_growth
    try:
        return json.loads(json.dumps(fn(**case["input"])))
    except DomainValidationError as error:
        return {"error": error.field_errors}


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    cases = random_cases(n, random.Random(20240601))
    js = json.loads(subprocess.run(["node", "--input-type=module", "-e", NODE], cwd=ROOT, check=True,
                                   input=json.dumps(cases), capture_output=True, text=True).stdout)
    bad = [(c, p, j) for c, p, j in zip(cases, map(python_out, cases), js) if p != j]
    for case, py, jsout in bad[:3]:
        print(json.dumps(case["input"]), "\n  python:", json.dumps(py), "\n  js:    ", json.dumps(jsout))
    print(f"{len(cases)} random inputs, {len(bad)} differences between the twins")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
