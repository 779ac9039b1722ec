"""Author tests/vectors/growth_who2007.json: the WHO 2007 reference (5-19 years) expectations, never from the twins.

Usage: python scripts/author_who2007_vectors.py DIR
  DIR holds, from github.com/WorldHealthOrganization/anthroplus: data-raw/survey_who2007_z.csv and
  data-raw/growthstandards/{bfa,hfa,wfa}who2007.txt (scripts/build_who2007_tables.py reads the same tables).
Sources of the expected values:
  - "who_survey":  anthroplus's own test data set (tests/testthat/test-zscores.R, "zscore references match from
                   previous implementation": survey_who2007_z.csv, WHO's earlier WHO 2007 macro output), with the
                   test's adjustments (no z above 228 months, no weight-for-age above 120 months);
  - "who_test":    the other expectations of test-zscores.R, by hand (60.32 / 60.911701 months; inclusive upper
                   bounds 120 / 228 vs 120.1 / 228.1; 60 months scored; oedema blanks WAZ and BAZ);
  - "independent": a 40-digit Decimal reference below (interpolation and restricted z as anthroplus, reading the raw
                   tables), for seams, bounds and flag edges; warnings and categories by hand.
"""
import csv
import json
import sys
from decimal import ROUND_HALF_UP, Decimal as D, getcontext
from pathlib import Path

getcontext().prec = 40
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "vectors" / "growth_who2007.json"
DAYS = 30.4375
NULL = {"waz": None, "haz": None, "whz": None, "baz": None, "hcz": None, "acz": None}
FLAG = {"waz": (-6, 5), "haz": (-6, 6), "baz": (-5, 5)}


def read_tables(folder):
    out = {}
    for key, fname in (("wfa", "wfawho2007.txt"), ("hfa", "hfawho2007.txt"), ("bfa", "bfawho2007.txt")):
        rows = {}
        with open(folder / fname, newline="") as handle:
            for r in csv.DictReader(handle, delimiter="\t"):
                rows[("M" if r["sex"].strip() == "1" else "F", int(r["age"]))] = {k: D(r[k].strip()) for k in "lms"}
        out[key] = rows
    return out


class Reference:
    """anthroplus zscore_indicator + anthro compute_zscore(_adjusted), in Decimal."""

    def __init__(self, tables):
        self.t = tables

    def lms(self, key, sex, months):
        months = D(months)
        low = int(months)  # trunc, months >= 0
        diff = months - low
        row = self.t[key][(sex, low)]
        if diff == 0:
            return row["l"], row["m"], row["s"]
        up = self.t[key][(sex, low + 1)]
        return tuple(row[k] + diff * (up[k] - row[k]) for k in "lms")

    @staticmethod
    def plain(y, l, m, s):
        return ((D(y) / m) ** l - 1) / (s * l)

    def restricted(self, y, l, m, s):
        y = D(y)
        z = self.plain(y, l, m, s)

        def sd(k):
            return m * (1 + l * s * k) ** (1 / l)
        if z > 3:
            return 3 + (y - sd(3)) / (sd(3) - sd(2))
        if z < -3:
            return -3 + (y - sd(-3)) / (sd(-2) - sd(-3))
        return z

    def z(self, sex, months, weight=None, height=None, oedema=False):
        months = D(months)
        out = dict(NULL)
        if not 60 <= months <= 228:
            return out, {k: None for k in out}
        if weight is not None and not oedema and months <= 120:
            out["waz"] = self.restricted(weight, *self.lms("wfa", sex, months))
        if height is not None:
            out["haz"] = self.plain(height, *self.lms("hfa", sex, months))
        if weight is not None and height is not None and not oedema:
            metres = D(height) / 100
            out["baz"] = self.restricted(D(weight) / (metres * metres), *self.lms("bfa", sex, months))
        z = {k: None if v is None else float(v.quantize(D("0.01"), rounding=ROUND_HALF_UP)) for k, v in out.items()}
        flags = {k: None if v is None else (v < FLAG[k][0] or v > FLAG[k][1]) for k, v in z.items()}
        return z, flags


def num(text):
    return None if text in ("", "NA") else float(text)


def survey_cases(folder):
    cases = []
    with open(folder / "survey_who2007_z.csv", newline="") as handle:
        for r in csv.DictReader(handle):
            months = float(r["agemons"])
            z = {"waz": num(r["zwfa"]), "haz": num(r["zhfa"]), "whz": None, "baz": num(r["zbfa"]), "hcz": None,
                 "acz": None}
            f = {"waz": num(r["fwfa"]), "haz": num(r["fhfa"]), "whz": None, "baz": num(r["fbfa"]), "hcz": None,
                 "acz": None}
            if months > 228:  # test-zscores.R: "unlike the WHO 2007, the age upper limits are inclusive"
                z.update(waz=None, haz=None, baz=None)
                f.update(waz=None, haz=None, baz=None)
            if months > 120:
                z["waz"], f["waz"] = None, None
            flags = {k: None if v is None else bool(v) for k, v in f.items()}
            cases.append({
                "id": f"who2007_survey_{r['id']}", "fn": "zscores", "confidence": "who_survey",
                "input": {"sex": "M" if r["sex"] == "1" else "F", "age_days": months * DAYS,
                          "weight_kg": num(r["weight"]), "length_cm": num(r["height"]), "measured": "H",
                          "oedema": r["oedema"] == "y"},
                "expect": {"z": z, "flags": flags}})
    return cases


def zc(ref, cid, note, sex, months, weight=None, height=None, oedema=False, warnings=(), confidence="independent",
       z=None, days=None):
    """A zscores case: z and flags from the Decimal reference (or given by WHO's test), warnings by hand."""
    rz, rf = ref.z(sex, months, weight, height, oedema)
    if weight is not None and 120 < months <= 228:  # by hand: weight given past the weight-for-age ages
        warnings = ["waz_over_120_months", *[w for w in warnings if w != "waz_over_120_months"]]
    if z is not None:
        assert all(rz[k] == v for k, v in z.items()), (cid, rz, z)  # WHO's numbers and the reference agree
    return {"id": cid, "fn": "zscores", "confidence": confidence, "note": note,
            "input": {"sex": sex, "age_days": days if days is not None else months * DAYS, "weight_kg": weight,
                      "length_cm": height, "measured": "H", "oedema": oedema},
            "expect": {"z": rz, "flags": rf, "whz_table": None, "warnings": list(warnings)}}


def flag_edge(ref, index, sex, months, height, side):
    """The weight (or height) in 0.01 steps where the rounded z first passes the flag limit on `side`."""
    limit = FLAG[index][1 if side > 0 else 0]
    value = D(height if index == "haz" else 30)
    step = D("0.01") * side
    for _ in range(200000):
        w, h = (None, value) if index == "haz" else (value, D(height))
        z = ref.z(sex, months, w, h)[0][index]
        if (side > 0 and z > limit) or (side < 0 and z < limit):
            return float(value), float(value - step)
        value += step
    raise SystemExit(f"no flag edge for {index}")


def hand_cases(ref):
    out = []
    # anthroplus test-zscores.R, by hand
    out.append(zc(ref, "who_test_60.32_months", "test-zscores.R 'age ~ 60 months': zwfa 0.21, zbfa -0.58, zhfa 0.96",
                  "F", 60.32, 18.7, 113.8, z={"waz": 0.21, "baz": -0.58, "haz": 0.96}, confidence="who_test"))
    out.append(zc(ref, "who_test_60.911701_months", "test-zscores.R 'age ~ 60 months': zwfa 0.79, zbfa 0.42, "
                  "zhfa 0.85", "F", 60.911701, 20.5, 113.6, z={"waz": 0.79, "baz": 0.42, "haz": 0.85},
                  confidence="who_test"))
    for months, warnings in ((120, []), (228, ["waz_over_120_months"]), (120.1, ["waz_over_120_months"]),
                             (228.1, ["age_over_228_months"])):
        out.append(zc(ref, f"who_test_upper_bound_{months}", "test-zscores.R 'age upper bounds are inclusive' "
                      "(sex 1, height 60, weight 30): which z are missing; values from the reference", "M", months,
                      30, 60, warnings=warnings, confidence="who_test"))
    out.append(zc(ref, "who_test_60_months_scored", "test-zscores.R 'age >= 60 months is supported' (1826.25 days)",
                  "M", 60, 30, 60, confidence="who_test"))
    out.append(zc(ref, "who_test_oedema_120_months", "test-zscores.R oedema = y: no WAZ, no BAZ; HAZ kept", "M", 120,
                  30, 60, oedema=True, warnings=["oedema_weight_indices"], confidence="who_test"))
    # the seam with the WHO 2006 standards: 1826.25 days = 60.0 months is the first WHO 2007 age
    out.append(zc(ref, "seam_day_1827", "day 1827 = 60.025 months: WHO 2007, rows 60 and 61 interpolated", "F",
                  1827 / DAYS, 18.0, 109.9, days=1827))
    out.append(zc(ref, "seam_day_1827_boy", "day 1827, boy", "M", 1827 / DAYS, 19.2, 111.0, days=1827))
    out.append(zc(ref, "month_61_whole", "61.0 months: row 61 alone", "M", 61, 19.0, 112.0))
    out.append(zc(ref, "day_3652.5_waz_last", "120.0 months: last WAZ age", "F", 120, 31.0, 138.0))
    out.append(zc(ref, "day_3653_no_waz", "3653 days = 120.016 months: no WAZ, HAZ and BAZ scored", "F", 3653 / DAYS,
                  31.0, 138.0, warnings=["waz_over_120_months"], days=3653))
    out.append(zc(ref, "day_6939.75_last", "228.0 months (6939.75 days): last scored age", "F", 228, 55.0, 160.0))
    out.append(zc(ref, "day_6940_none", "6940 days = 228.008 months: no z at all", "F", 6940 / DAYS, 55.0, 160.0,
                  warnings=["age_over_228_months"], days=6940))
    out.append(zc(ref, "month_229_none", "229.0 months: past the reference (anthroplus repeats row 228 as 229 for "
                  "interpolation only; never scored)", "M", 229, 60.0, 172.0, warnings=["age_over_228_months"]))
    out.append(zc(ref, "month_60_5_interpolated", "60.5 months: halfway between rows 60 and 61", "F", 60.5, 18.9,
                  112.0))
    out.append(zc(ref, "head_muac_from_5y", "head and MUAC from 5 years: no z, a warning", "M", 70, 20.0, 115.0,
                  warnings=["under5_only_indices"]))
    out[-1]["input"].update(head_cm=51.0, muac_cm=17.0)
    out.append(zc(ref, "no_position_from_5y", "position not given from 5 years: standing, no warning", "M", 100,
                  25.0, 128.0))
    out[-1]["input"]["measured"] = None
    out.append(zc(ref, "restricted_baz_high", "BMI-for-age beyond +3: restricted", "F", 150, 90.0, 150.0))
    out.append(zc(ref, "restricted_baz_low", "BMI-for-age below -3: restricted", "M", 150, 22.0, 150.0))
    out.append(zc(ref, "restricted_waz_high", "weight-for-age beyond +3: restricted", "M", 96, 60.0, 130.0))
    out.append(zc(ref, "restricted_waz_low", "weight-for-age below -3: restricted", "M", 96, 14.0, 130.0))
    for index, sex, months, height, side in (("baz", "F", 150, 150, 1), ("baz", "M", 150, 150, -1),
                                             ("waz", "M", 96, 130, 1), ("waz", "M", 96, 130, -1),
                                             ("haz", "F", 180, 0, 1), ("haz", "F", 180, 0, -1)):
        start = 160 if index == "haz" else height
        flagged, last_ok = flag_edge(ref, index, sex, months, start, side)
        for value, tag in ((last_ok, "last_plain"), (flagged, "first_flagged")):
            w, h = (None, value) if index == "haz" else (value, height)
            out.append(zc(ref, f"flag_{index}_{'high' if side > 0 else 'low'}_{tag}",
                          f"{index} flag edge on the rounded z ({tag})", sex, months, w, h))
    return out


def category_cases():
    out = []
    for index, table in (("baz", [(-3.01, "severely_thin"), (-3.0, "thin"), (-2.01, "thin"), (-2.0, "normal"),
                                  (1.0, "normal"), (1.01, "overweight"), (2.0, "overweight"), (2.01, "obese")]),
                         ("haz", [(-3.01, "severely_stunted"), (-3.0, "stunted"), (-2.01, "stunted"),
                                  (-2.0, "normal"), (3.5, "normal")])):
        for z, code in table:
            out.append({"id": f"cat518_{index}_{z}", "fn": "category_5_18", "confidence": "hand",
                        "note": "PMK 2/2020 IMT/U 5-18 tahun; WHO 2007 stunting (growth_rules.json categories_5_18)",
                        "input": {"index": index, "z": z}, "expect": code})
    out.append({"id": "cat518_flagged", "fn": "category_5_18", "confidence": "hand", "note": "flagged: no category",
                "input": {"index": "baz", "z": 5.5, "flagged": True}, "expect": None})
    return out


def assess_cases(ref):
    def a(cid, note, inp, **expect):
        return {"id": cid, "fn": "assess_growth", "confidence": "hand", "note": note,
                "input": {"today": "2026-12-05", "measured": "H", **inp}, "expect": expect}
    no_kms = {"code": None, "kbm_g": None, "two_t": False, "bgm": None, "above_orange": None}
    return [
        a("assess_10y_girl", "10-year-old girl (3783 days): WHO 2007 z, IMT/U and TB/U categories, no KMS",
          {"sex": "F", "birth_date": "2016-03-01", "visit_date": "2026-07-10", "weight_kg": 27.0, "length_cm": 139.0},
          age_days=3783, z=ref.z("F", D(3783) / D(DAYS), 27.0, 139.0)[0], categories={"waz": None},
          kms=no_kms, referrals=[], warnings=["waz_over_120_months"]),
        a("assess_12y_severely_thin", "12-year-old boy, 28 kg, 150 cm (BAZ -3.92): gizi buruk, referral, on the high-risk list",
          {"sex": "M", "birth_date": "2014-01-15", "visit_date": "2026-02-15", "weight_kg": 28.0,
           "length_cm": 150.0}, categories={"baz": "severely_thin", "haz": "normal", "waz": None},
          referrals=["severely_thin"], kms=no_kms, stunting=False),
        a("assess_14y_obese_stunted", "14-year-old girl, short and heavy: obesitas and stunting",
          {"sex": "F", "birth_date": "2012-05-05", "visit_date": "2026-11-05", "weight_kg": 62.0,
           "length_cm": 141.0}, categories={"baz": "obese", "haz": "stunted"}, stunting=True,
          referrals=["stunting", "obese"], escalations=["stunting"]),
        a("assess_day_1827_scored", "1827 days: WHO 2007 from the first day past 60 months; no KMS code",
          {"sex": "F", "birth_date": "2019-01-01", "visit_date": "2024-01-02", "weight_kg": 18.0,
           "length_cm": 109.9}, age_days=1827, z=ref.z("F", D(1827) / D(DAYS), 18.0, 109.9)[0], kms=no_kms,
          categories={"waz": None, "baz": "normal", "haz": "normal"}),
        a("assess_19y_none", "19 years 1 month: past the reference, no z and no category",
          {"sex": "M", "birth_date": "2006-01-01", "visit_date": "2025-02-01", "weight_kg": 60.0,
           "length_cm": 170.0}, z=dict(NULL), categories={"waz": None, "haz": None, "baz": None},
          stunting=None, warnings=["age_over_228_months"], referrals=[]),
        a("assess_oedema_8y", "8 years with oedema: no WAZ/BAZ, no IMT/U category, oedema referral",
          {"sex": "M", "birth_date": "2018-01-01", "visit_date": "2026-03-01", "weight_kg": 25.0,
           "length_cm": 125.0, "oedema": True}, z={"waz": None, "baz": None},
          categories={"baz": None, "haz": "normal"}, referrals=["oedema"], warnings=["oedema_weight_indices"]),
    ]


def main():
    folder = Path(sys.argv[1])
    ref = Reference(read_tables(folder))
    survey = survey_cases(folder)
    # the reference must reproduce WHO's survey numbers too, or it is not a reference
    bad = [c["id"] for c in survey if ref.z(c["input"]["sex"], D(str(c["input"]["age_days"] / DAYS)),
                                             c["input"]["weight_kg"], c["input"]["length_cm"],
                                             c["input"]["oedema"])[0] != c["expect"]["z"]]
    print(f"reference vs WHO survey: {len(survey) - len(bad)}/{len(survey)} equal", bad[:5])
    cases = hand_cases(ref) + category_cases() + assess_cases(ref) + survey
    doc = {"about": "WHO 2007 Growth Reference 5-19 years (anthroplus). Expected values from anthroplus's tests and "
                    "test data set (who_test, who_survey), an independent Decimal reference (independent) and by hand; "
                    "authored by scripts/author_who2007_vectors.py, never from the twins.",
           "cases": cases}
    lines = ",\n  ".join(json.dumps(c, ensure_ascii=False) for c in cases)
    OUT.write_text('{\n "about": ' + json.dumps(doc["about"]) + ',\n "cases": [\n  ' + lines + "\n ]\n}\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(cases)} cases ({len(survey)} survey)")


if __name__ == "__main__":
    main()
