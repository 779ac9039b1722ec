"""Hand-written growth vector cases (inputs and non-z expectations); z values come from WHO or the reference."""
import json
from pathlib import Path

RULES = json.loads((Path(__file__).resolve().parent.parent / "posyandu_app/static/data/growth_rules.json")
                   .read_text(encoding="utf-8"))
NULL_Z = dict.fromkeys(("waz", "haz", "whz", "baz", "hcz", "acz"))
UNDER5_ONLY_NULL = dict.fromkeys(("whz", "hcz", "acz"))  # from 60 months the WHO 2007 reference has no WFH, head, MUAC


def msg(key, **params):
    out = {}
    for lang in ("id", "en"):
        text = RULES["validation"]["messages"][key][lang]
        for name, value in params.items():
            text = text.replace("{" + name + "}", str(value))
        out[lang] = text
    return out


def lim(field):
    return msg(field, **RULES["validation"]["limits"][field])


def who_cases(zcase):
    """WHO anthro's own test expectations (tests/testthat), entered by hand."""
    return [
        {"id": "who_haz_boy_987d_lying_72.86_flagged", "fn": "zscores", "confidence": "who_test",
         "note": "test-zscores.R: length for age uses adjusted lenhei",
         "input": {"sex": "M", "age_days": 987, "length_cm": 72.86, "measured": "L"},
         "expect": {"z": {"haz": -6.09}, "flags": {"haz": True}, "length_adjusted_cm": 72.16}},
        {"id": "who_waz_girl_1522d_17kg", "fn": "zscores", "confidence": "who_test",
         "note": "test-zscore-weight-for-age.R", "input": {"sex": "F", "age_days": 1522, "weight_kg": 17},
         "expect": {"z": {"waz": 0.24}, "flags": {"waz": False}}},
        {"id": "who_waz_girl_1d_10.37kg_flagged", "fn": "zscores", "confidence": "who_test",
         "note": "test-zscore-weight-for-age.R: default flag threshold -6;5",
         "input": {"sex": "F", "age_days": 1, "weight_kg": 10.37}, "expect": {"flags": {"waz": True}}},
        {"id": "who_age_60.0_months_who2007", "fn": "zscores", "confidence": "who_test",
         "note": "test-zscores.R: 60 months = 1826.25 days -> no WHO 2006 z; the WHO 2007 reference takes over "
                 "(its z: growth_who2007.json): no WFH, head or MUAC z",
         "input": {"sex": "M", "age_days": 1826.25, "weight_kg": 20, "length_cm": 80, "measured": "H",
                   "head_cm": 50, "muac_cm": 15},
         "expect": {"z": UNDER5_ONLY_NULL, "whz_table": None, "warnings": ["under5_only_indices"],
                    "age_months": 60.0}},
        {"id": "who_age_60.1_months_who2007", "fn": "zscores", "confidence": "who_test",
         "input": {"sex": "M", "age_days": 1829.29375, "weight_kg": 20}, "expect": {"z": UNDER5_ONLY_NULL}},
        zcase("who_age_59.99_months_z", "test-zscores.R: 59.99 months = 1825.95625 days -> day 1826, scored "
              "(that z exists: WHO; its values: independent reference)",
              {"sex": "M", "age_days": 1825.95625, "weight_kg": 20, "length_cm": 80, "measured": "H",
               "head_cm": 50, "muac_cm": 15}, confidence="who_test", age_months=59.99, warnings=[]),
        {"id": "who_standing_8_months_not_adjusted", "fn": "zscores", "confidence": "who_test",
         "note": "test-zscores.R: young children measured standing: c9mo_flag, clenhei 60.0, zlen -4.81",
         "input": {"sex": "M", "age_days": 243.5, "length_cm": 60, "measured": "H"},
         "expect": {"position_flag": True, "length_adjusted_cm": 60.0, "z": {"haz": -4.81},
                    "warnings": ["standing_under_9_months"]}},
        {"id": "who_standing_9_months_adjusted", "fn": "zscores", "confidence": "who_test",
         "input": {"sex": "M", "age_days": 273.9375, "length_cm": 60, "measured": "H"},
         "expect": {"position_flag": False, "length_adjusted_cm": 60.7, "z": {"haz": -5.02}, "warnings": []}},
        {"id": "who_girl_24_months_no_measure", "fn": "zscores", "confidence": "who_test",
         "note": "test-zscores.R: height measurements are used for age 24 months (730.5 days -> day 731)",
         "input": {"sex": "F", "age_days": 730.5, "length_cm": 77.5},
         "expect": {"z": {"haz": -2.55}, "length_adjusted_cm": 77.5, "warnings": ["position_unknown"]}},
        {"id": "who_girl_24_months_standing", "fn": "zscores", "confidence": "who_test",
         "input": {"sex": "F", "age_days": 730.5, "length_cm": 77.5, "weight_kg": 8.8, "measured": "H"},
         "expect": {"z": {"haz": -2.55}, "length_adjusted_cm": 77.5, "whz_table": "wfh"}},
        *[{"id": f"who_clenhei_{age}d_{m}", "fn": "zscores", "confidence": "who_test",
           "note": "test-zscores.R: adds adjusted lenhei", "input": {"sex": "M", "age_days": age, "length_cm": 100,
                                                                    "measured": m},
           "expect": {"length_adjusted_cm": clen}}
          for age, m, clen in ((730, "H", 100.7), (800, "H", 100.0), (730, "L", 100.0), (800, "L", 99.3))],
        {"id": "who_haz_boy_44d_50cm", "fn": "zscores", "confidence": "who_test",
         "note": "test-zscore-length-for-age.R: round(((50/56.4833)^1 - 1)/0.03492, 2)",
         "input": {"sex": "M", "age_days": 44, "length_cm": 50, "measured": "L"}, "expect": {"z": {"haz": -3.29}}},
        {"id": "who_oedema_weight_indices_missing", "fn": "zscores", "confidence": "who_test",
         "note": "anthro_zscores docs: oedema -> zwei, zwfl, zbmi not calculated",
         "input": {"sex": "M", "age_days": 100, "length_cm": 60, "weight_kg": 7, "measured": "L", "oedema": True},
         "expect": {"z": {"waz": None, "whz": None, "baz": None}, "warnings": ["oedema_weight_indices"]}},
    ]


def independent_cases(zcase):
    """Boundaries; z values from the independent Decimal reference, other fields by hand."""
    c = zcase
    return [
        c("newborn_day0_boy_median_weight", "WFA boys day 0 M = 3.3464 -> z 0",
          {"sex": "M", "age_days": 0, "weight_kg": 3.3464}, z={"waz": 0.0}),
        c("newborn_day0_girl_all", "day 0: WFL 46.0, no MUAC-z before 91 days",
          {"sex": "F", "age_days": 0, "weight_kg": 2.5, "length_cm": 46.0, "measured": "L", "head_cm": 32,
           "muac_cm": 9}, whz_table="wfl", length_adjusted_cm=46.0, warnings=["muac_z_under_91_days"]),
        c("day730_lying_no_adjust_wfl", "730 days: lying is right, WFL",
          {"sex": "M", "age_days": 730, "weight_kg": 11.5, "length_cm": 85.0, "measured": "L"},
          whz_table="wfl", length_adjusted_cm=85.0),
        c("day730_standing_plus_0.7_wfl", "730 days standing: +0.7 cm, WFL",
          {"sex": "M", "age_days": 730, "weight_kg": 11.5, "length_cm": 84.3, "measured": "H"},
          whz_table="wfl", length_adjusted_cm=85.0),
        c("day731_lying_minus_0.7_wfh", "731 days lying: -0.7 cm, WFH",
          {"sex": "M", "age_days": 731, "weight_kg": 11.5, "length_cm": 85.7, "measured": "L"},
          whz_table="wfh", length_adjusted_cm=85.0),
        c("day731_standing_no_adjust_wfh", "731 days standing: no adjustment, WFH",
          {"sex": "M", "age_days": 731, "weight_kg": 11.5, "length_cm": 85.0, "measured": "H"},
          whz_table="wfh", length_adjusted_cm=85.0),
        c("day1826_last_scored_day", "day 1826 = 59.99 months",
          {"sex": "F", "age_days": 1826, "weight_kg": 18, "length_cm": 109.9, "measured": "H", "head_cm": 50,
           "muac_cm": 16}, whz_table="wfh", warnings=[]),
        c("day1827_who2007", "day 1827 = 60.02 months: WHO 2007 (z in growth_who2007.json), no WFH",
          {"sex": "F", "age_days": 1827, "weight_kg": 18, "length_cm": 109.9, "measured": "H"},
          z=dict(UNDER5_ONLY_NULL), flags=dict(UNDER5_ONLY_NULL), warnings=[]),
        c("wfl_below_45", "44.9 cm lying at 30 days: no WFL z (BMI-for-age still scored)",
          {"sex": "M", "age_days": 30, "weight_kg": 2.5, "length_cm": 44.9, "measured": "L"},
          whz_table="wfl", warnings=["length_outside_wfl"]),
        c("wfl_at_45", "45.0 cm: first row", {"sex": "M", "age_days": 10, "weight_kg": 2.4, "length_cm": 45.0,
                                             "measured": "L"}, whz_table="wfl"),
        c("wfl_at_110", "110.0 cm at 700 days: last row",
          {"sex": "F", "age_days": 700, "weight_kg": 15, "length_cm": 110.0, "measured": "L"}, whz_table="wfl"),
        c("wfl_above_110", "110.1 cm at 700 days: no z, no switch to WFH",
          {"sex": "F", "age_days": 700, "weight_kg": 15, "length_cm": 110.1, "measured": "L"},
          whz_table="wfl", warnings=["length_outside_wfl"]),
        c("wfh_below_65", "64.9 cm standing at 800 days: no z, no switch to WFL",
          {"sex": "M", "age_days": 800, "weight_kg": 7, "length_cm": 64.9, "measured": "H"},
          whz_table="wfh", warnings=["height_outside_wfh"]),
        c("wfh_at_65_after_lying_adjustment", "65.7 lying at 731 days -> 65.0 exactly: scored",
          {"sex": "M", "age_days": 731, "weight_kg": 7, "length_cm": 65.7, "measured": "L"},
          whz_table="wfh", length_adjusted_cm=65.0),
        c("wfh_at_120", "120.0 cm standing", {"sex": "F", "age_days": 1500, "weight_kg": 22, "length_cm": 120.0,
                                              "measured": "H"}, whz_table="wfh"),
        c("wfh_above_120", "120.1 cm standing", {"sex": "F", "age_days": 1500, "weight_kg": 22,
                                                 "length_cm": 120.1, "measured": "H"},
          whz_table="wfh", warnings=["height_outside_wfh"]),
        c("wfl_interpolated_72.16", "two decimals: L, M, S interpolated between 72.1 and 72.2",
          {"sex": "F", "age_days": 500, "weight_kg": 8.4, "length_cm": 72.16, "measured": "L"}, whz_table="wfl"),
        c("wfh_interpolated_95.55", "two decimals on WFH",
          {"sex": "M", "age_days": 1200, "weight_kg": 14.2, "length_cm": 95.55, "measured": "H"}, whz_table="wfh"),
        c("waz_restricted_above_3", "heavy 1-year-old: restricted z > 3",
          {"sex": "M", "age_days": 365, "weight_kg": 14.5}),
        c("waz_restricted_below_minus_3", "light 1-year-old: restricted z < -3",
          {"sex": "F", "age_days": 365, "weight_kg": 5.5}),
        c("whz_restricted_both", "very light for length",
          {"sex": "M", "age_days": 400, "weight_kg": 6.0, "length_cm": 78.0, "measured": "L"}),
        c("whz_restricted_heavy", "very heavy for length",
          {"sex": "F", "age_days": 400, "weight_kg": 14.0, "length_cm": 72.0, "measured": "L"}),
        c("muac_z_day90_none", "MUAC-z from 91 days only", {"sex": "F", "age_days": 90, "muac_cm": 12},
          warnings=["muac_z_under_91_days"], z={"acz": None}),
        c("muac_z_day91", "first MUAC-z day", {"sex": "F", "age_days": 91, "muac_cm": 12}, warnings=[]),
        c("nothing_measured", "sex and age only", {"sex": "F", "age_days": 400}, z=dict(NULL_Z), warnings=[]),
        c("oedema_haz_only", "oedema: weight indices not computed, length still is",
          {"sex": "F", "age_days": 500, "weight_kg": 7, "length_cm": 74, "measured": "L", "oedema": True},
          warnings=["oedema_weight_indices"]),
        c("hcz_small_flagged", "head 30 cm at 1000 days: |z| > 5",
          {"sex": "M", "age_days": 1000, "head_cm": 30}),
        c("standing_273_days_flagged", "8.97 months standing: position ignored",
          {"sex": "F", "age_days": 273, "length_cm": 66, "measured": "H", "weight_kg": 7.5},
          position_flag=True, length_adjusted_cm=66.0, warnings=["standing_under_9_months"]),
        c("standing_274_days_adjusted", "9.00 months standing: +0.7 cm",
          {"sex": "F", "age_days": 274, "length_cm": 66, "measured": "H", "weight_kg": 7.5},
          position_flag=False, length_adjusted_cm=66.7, warnings=[]),
        c("sex_letters_lp", "L = laki-laki (male)", {"sex": "l", "age_days": 200, "weight_kg": 7.5}),
    ]


def implausible_cases():
    """Flag thresholds on the rounded z, just inside and just outside (WHO anthro)."""
    cases = []
    for index, (low, high) in {"waz": (-6, 5), "haz": (-6, 6), "whz": (-5, 5), "baz": (-5, 5), "hcz": (-5, 5),
                               "acz": (-5, 5)}.items():
        for z, flagged in ((low - 0.01, True), (low, False), (high, False), (high + 0.01, True)):
            z = round(z, 2)
            cases.append({"id": f"flag_{index}_{z}", "fn": "implausible", "confidence": "hand",
                          "input": {"index": index, "z": z}, "expect": flagged})
    cases.append({"id": "flag_none", "fn": "implausible", "confidence": "hand",
                  "input": {"index": "waz", "z": None}, "expect": None})
    return cases


def error_cases():
    """Impossible input -> DomainValidationError.field_errors (messages from growth_rules.json)."""
    base = {"sex": "F", "birth_date": "2024-01-10", "visit_date": "2024-06-10", "today": "2024-06-10"}

    def e(cid, fn, change, errors):
        inp = {**base, **change} if fn == "assess_growth" else change
        if errors is None:
            return {"id": cid, "fn": fn, "confidence": "hand", "input": inp, "expect": {"sex": "F"}}
        return {"id": cid, "fn": fn, "confidence": "hand", "input": inp, "errors": errors}

    return [
        e("err_weight_zero", "assess_growth", {"weight_kg": 0}, {"weight_kg": lim("weight_kg")}),
        e("err_weight_negative", "assess_growth", {"weight_kg": -3}, {"weight_kg": lim("weight_kg")}),
        e("err_weight_over_250", "assess_growth", {"weight_kg": 250.1}, {"weight_kg": lim("weight_kg")}),
        e("err_weight_text", "assess_growth", {"weight_kg": "7,5"}, {"weight_kg": msg("not_a_number")}),
        e("err_length_below_35", "assess_growth", {"length_cm": 34.9}, {"length_cm": lim("length_cm")}),
        e("err_length_above_230", "assess_growth", {"length_cm": 230.1}, {"length_cm": lim("length_cm")}),
        e("err_head_range", "assess_growth", {"head_cm": 5}, {"head_cm": lim("head_cm")}),
        e("err_muac_range", "assess_growth", {"muac_cm": 40}, {"muac_cm": lim("muac_cm")}),
        e("err_sex_unknown", "assess_growth", {"sex": "X"}, {"sex": msg("sex")}),
        e("err_sex_missing", "assess_growth", {"sex": None}, {"sex": msg("required")}),
        e("err_measured", "assess_growth", {"measured": "S"}, {"measured": msg("measured")}),
        e("err_birth_after_visit", "assess_growth", {"birth_date": "2024-06-11"},
          {"birth_date": msg("birth_after_visit")}),
        e("err_future_visit", "assess_growth", {"visit_date": "2024-06-12"}, {"visit_date": msg("future_date")}),
        e("err_bad_date", "assess_growth", {"birth_date": "2024-02-30"}, {"birth_date": msg("date_invalid")}),
        e("err_date_format", "assess_growth", {"visit_date": "10/06/2024"}, {"visit_date": msg("date_invalid")}),
        e("err_missing_dates", "assess_growth", {"birth_date": None, "visit_date": ""},
          {"birth_date": msg("required"), "visit_date": msg("required")}),
        e("err_previous_weighings", "assess_growth", {"weight_kg": 7, "previous_weighings": [
            {"date": "2024-05-10", "weight_kg": 0}]}, {"previous_weighings": msg("previous_weighings")}),
        e("err_previous_before_birth", "assess_growth", {"weight_kg": 7, "previous_weighings": [
            {"date": "2023-12-10", "weight_kg": 3}]}, {"previous_weighings": msg("previous_weighings")}),
        e("err_oedema_not_bool", "assess_growth", {"oedema": "y"}, {"oedema": msg("oedema")}),
        e("err_several_fields", "assess_growth", {"sex": "Q", "weight_kg": 0, "length_cm": 20},
          {"sex": msg("sex"), "weight_kg": lim("weight_kg"), "length_cm": lim("length_cm")}),
        e("err_zscores_age_negative", "zscores", {"sex": "M", "age_days": -1}, {"age_days": lim("age_days")}),
        e("err_zscores_age_missing", "zscores", {"sex": "M", "age_days": None}, {"age_days": msg("required")}),
        e("ok_at_limits", "assess_growth", {"weight_kg": 60, "length_cm": 150}, None),
    ]


def assess_cases(reference):
    """assess_growth: hand expectations (codes, categories, KMS); z from the independent reference."""
    import datetime as dt

    def a(cid, note, inp, **expect):
        birth, visit = dt.date.fromisoformat(inp["birth_date"]), dt.date.fromisoformat(inp["visit_date"])
        ref_keys = ("sex", "weight_kg", "length_cm", "measured", "head_cm", "muac_cm", "oedema")
        ref = reference(age_days=(visit - birth).days, **{k: v for k, v in inp.items() if k in ref_keys})
        ref["sex"] = {"L": "M", "P": "F"}.get(inp["sex"].upper(), inp["sex"].upper())
        ref["sex"] = ref["sex"] if ref["sex"] in ("M", "F") else None
        return {"id": cid, "fn": "assess_growth", "confidence": "independent+hand", "note": note, "input": inp,
                "expect": {**ref, **expect}}

    def cats(**codes):
        return {k: (None if v is None else {"code": v}) for k, v in codes.items()}

    no_vit = {"due": False, "capsule": None}
    return [
        a("assess_normal_girl_n_vitamin_a_due", "gain 300 g >= KBM 200 at 12 months; February: red capsule",
          {"sex": "F", "birth_date": "2023-02-15", "visit_date": "2024-02-19", "weight_kg": 9.0, "length_cm": 75.0,
           "measured": "L", "head_cm": 45, "muac_cm": 14.5,
           "previous_weighings": [{"date": "2024-01-18", "weight_kg": 8.7}]},
          age_days=369, age_completed_months=12, whz_table="wfl",
          categories=cats(waz="normal", haz="normal", whz="normal", baz="normal", hcz="normal", muac="normal"),
          stunting=False, kms={"code": "N", "gain_g": 300, "kbm_g": 200, "two_t": False, "bgm": False,
                               "above_orange": False},
          vitamin_a={"due": True, "capsule": "red"}, referrals=[], escalations=[], warnings=[]),
        a("assess_oedema_infant_escalations", "oedema + 3.8 kg at 3 months: gizi buruk under 6 months and < 4 kg",
          {"sex": "M", "birth_date": "2024-01-01", "visit_date": "2024-04-15", "weight_kg": 3.8, "length_cm": 55,
           "measured": "L", "oedema": True},
          age_days=105, categories=cats(waz=None, haz="severely_stunted", whz=None, baz=None, hcz=None, muac=None),
          stunting=True, kms={"code": "B", "bgm": None, "above_orange": None, "two_t": False},
          referrals=["stunting", "oedema"], escalations=["stunting", "severe_under_6_months", "severe_under_4_kg"],
          warnings=["oedema_weight_indices"], vitamin_a=no_vit),
        a("assess_severe_wasting_bgm_muac", "2 years: WHZ < -3, BGM, MUAC 11.2, BAZ implausible",
          {"sex": "M", "birth_date": "2022-06-01", "visit_date": "2024-05-31", "weight_kg": 8.0, "length_cm": 86.0,
           "measured": "L", "muac_cm": 11.2},
          age_days=730, whz_table="wfl",
          categories=cats(waz="severely_underweight", haz="normal", whz="severely_wasted", baz=None, hcz=None,
                          muac="severe"),
          kms={"code": "B", "bgm": True, "above_orange": False},
          referrals=["bgm", "severely_wasted", "muac_severe", "implausible_baz"], escalations=[],
          vitamin_a={"due": False, "capsule": "red"}),
        a("assess_2t_referral", "gains 50 g twice at 18-19 months (KBM 200): 2T",
          {"sex": "F", "birth_date": "2022-09-01", "visit_date": "2024-04-23", "weight_kg": 6.5, "length_cm": 76.0,
           "measured": "L", "previous_weighings": [{"date": "2024-02-20", "weight_kg": 6.4},
                                                    {"date": "2024-03-21", "weight_kg": 6.45}]},
          age_days=600, kms={"code": "T", "gain_g": 50, "kbm_g": 200, "two_t": True, "bgm": True},
          categories=cats(haz="stunted", whz="severely_wasted"),
          referrals=["kms_2t", "bgm", "severely_wasted", "stunting"], escalations=["stunting"]),
        a("assess_above_orange", "WAZ > +1: above the orange line (UNCONFIRMED line)",
          {"sex": "M", "birth_date": "2022-01-01", "visit_date": "2024-06-19", "weight_kg": 15.5, "length_cm": 90.0,
           "measured": "H"},
          age_days=900, whz_table="wfh",
          categories=cats(waz="risk_overweight", haz="normal", whz="overweight", baz="overweight"),
          kms={"code": "B", "bgm": False, "above_orange": True}, referrals=["above_orange"]),
        a("assess_implausible_newborn", "9.5 kg at 30 days: flags, no categories, no BGM/orange",
          {"sex": "F", "birth_date": "2024-03-01", "visit_date": "2024-03-31", "weight_kg": 9.5, "length_cm": 53,
           "measured": "L"},
          categories=cats(waz=None, haz="normal", whz=None, baz=None),
          kms={"bgm": None, "above_orange": None},
          referrals=["implausible_waz", "implausible_whz", "implausible_baz"]),
        a("assess_no_weight_vitamin_a_blue", "no weight: no KMS code; 8 months in August: blue capsule due",
          {"sex": "F", "birth_date": "2023-12-01", "visit_date": "2024-08-07", "length_cm": 66, "measured": "L",
           "head_cm": 42},
          age_days=250, age_completed_months=8,
          kms={"code": None, "gain_g": None, "kbm_g": None, "two_t": False, "bgm": None, "above_orange": None},
          vitamin_a={"due": True, "capsule": "blue"}, referrals=[]),
        a("assess_n_at_kbm_across_year", "December -> January is the previous session; gain = KBM exactly -> N",
          {"sex": "M", "birth_date": "2022-12-06", "visit_date": "2024-01-10", "weight_kg": 9.5, "length_cm": 76.5,
           "measured": "L", "previous_weighings": [{"date": "2023-12-12", "weight_kg": 9.3}]},
          age_days=400, kms={"code": "N", "gain_g": 200, "kbm_g": 200, "two_t": False}, referrals=[]),
        a("assess_day_1826_scored", "1826 days by dates (59.99 months): scored",
          {"sex": "F", "birth_date": "2019-01-01", "visit_date": "2024-01-01", "weight_kg": 18, "length_cm": 108,
           "measured": "H"}, age_days=1826, age_months=59.99, age_completed_months=59,
          vitamin_a={"due": False, "capsule": "red"}, warnings=[]),
        a("assess_day_1827_who2007", "1827 days (60.02 months): WHO 2007 z (growth_who2007.json); no KMS code",
          {"sex": "F", "birth_date": "2019-01-01", "visit_date": "2024-01-02", "weight_kg": 18, "length_cm": 108,
           "measured": "H"}, age_days=1827, age_completed_months=60, z=dict(UNDER5_ONLY_NULL),
          flags=dict(UNDER5_ONLY_NULL), categories={"waz": None, "whz": None, "hcz": None, "muac": None},
          kms={"code": None, "bgm": None}, vitamin_a=no_vit, warnings=[], referrals=[]),
        a("assess_sex_p_standing_young_muac_age", "P = perempuan; standing at 4 months; MUAC category only 6-59",
          {"sex": "p", "birth_date": "2024-01-01", "visit_date": "2024-06-01", "weight_kg": 6.5, "length_cm": 63,
           "measured": "H", "muac_cm": 12.0},
          age_days=152, position_flag=True, length_adjusted_cm=63.0, categories=cats(muac=None),
          warnings=["standing_under_9_months", "muac_category_age"]),
    ]


def rounding_cases():
    """Round half away from zero on the shortest decimal form (String(x) in JS, repr(x) in Python), by hand.
    12.344999999999999 and -6.094999999999999 are the doubles just below 12.345 and -6.095 (17 digits)."""
    rows = [(1.005, 2, 1.01), (-2.345, 2, -2.35), (0.125, 2, 0.13), (-0.125, 2, -0.13), (2.675, 2, 2.68),
            (12.345, 2, 12.35), (12.344999999999999, 2, 12.34), (-6.095, 2, -6.1), (-6.094999999999999, 2, -6.09),
            (0.29, 2, 0.29), (-0.001, 2, 0.0), (1e-7, 2, 0.0), (100, 2, 100), (-6.005, 2, -6.01), (3.14159, 2, 3.14),
            (199.5, 0, 200), (-0.5, 0, -1), (2.5, 0, 3), (200.00000000000017, 0, 200), (None, 2, None)]
    return [{"id": f"round_{x}_{d}", "fn": "round_half_away", "confidence": "hand",
             "input": {"x": x, "decimals": d}, "expect": r} for x, d, r in rows]


def growth_cases(zcase, reference):
    return [*who_cases(zcase), *independent_cases(zcase), *implausible_cases(), *error_cases(),
            *assess_cases(reference), *rounding_cases()]


def nutrition_cases():
    """PMK 2/2020 cut-offs just below / at / above every threshold, by hand."""
    cases = []
    expected = {
        "waz": [(-3.01, "severely_underweight"), (-3.0, "underweight"), (-2.01, "underweight"), (-2.0, "normal"),
                (1.0, "normal"), (1.01, "risk_overweight")],
        "haz": [(-3.01, "severely_stunted"), (-3.0, "stunted"), (-2.01, "stunted"), (-2.0, "normal"), (3.0, "normal"),
                (3.01, "tall")],
        "whz": [(-3.01, "severely_wasted"), (-3.0, "wasted"), (-2.01, "wasted"), (-2.0, "normal"), (1.0, "normal"),
                (1.01, "possible_risk_overweight"), (2.0, "possible_risk_overweight"), (2.01, "overweight"),
                (3.0, "overweight"), (3.01, "obese")],
        "hcz": [(-2.01, "small"), (-2.0, "normal"), (2.0, "normal"), (2.01, "large")],
    }
    expected["baz"] = expected["whz"]
    for index, rows in expected.items():
        for z, code in rows:
            cases.append({"id": f"category_{index}_{z}", "fn": "category", "confidence": "hand",
                          "input": {"index": index, "z": z}, "expect": {"code": code}})
    cases += [
        {"id": "category_flagged_none", "fn": "category", "confidence": "hand",
         "input": {"index": "waz", "z": -6.5, "flagged": True}, "expect": None},
        {"id": "category_missing_none", "fn": "category", "confidence": "hand",
         "input": {"index": "whz", "z": None}, "expect": None},
        {"id": "category_label_id_en", "fn": "category", "confidence": "hand", "input": {"index": "whz", "z": -3.5},
         "expect": {"code": "severely_wasted", "id": "Gizi buruk", "en": "Severely wasted"}},
    ]
    for muac, months, code in ((11.4, 12, "severe"), (11.5, 12, "moderate"), (12.4, 12, "moderate"),
                               (12.5, 12, "normal"), (11.0, 5.99, None), (11.0, 6.0, "severe"),
                               (11.0, 59.99, "severe"), (11.0, 60.0, None), (None, 12, None)):
        cases.append({"id": f"muac_{muac}_at_{months}_months", "fn": "muac_category", "confidence": "hand",
                      "input": {"muac_cm": muac, "age_months": months},
                      "expect": None if code is None else {"code": code}})
    for haz, flagged, result in ((-2.01, False, True), (-2.0, False, False), (None, False, None),
                                 (-6.5, True, None)):
        cases.append({"id": f"stunting_{haz}_{'flagged' if flagged else 'ok'}", "fn": "is_stunted",
                      "confidence": "hand", "input": {"haz": haz, "flagged": flagged}, "expect": result})
    return cases


def kms_cases():
    """KMS codes, KBM, 2T, BGM/orange line and vitamin A, reasoned by hand from Buku KIA 2023 / DOMAIN.md 2.3."""
    birth = "2023-01-15"  # 12-20 months in 2024: KBM 200 g

    def k(cid, note, visit, kg, weighings, **expect):
        return {"id": cid, "fn": "kms_code", "confidence": "hand", "note": note,
                "input": {"birth_date": expect.pop("birth", birth), "visit_date": visit, "weight_kg": kg,
                          "previous_weighings": [{"date": d, "weight_kg": w} for d, w in weighings]},
                "expect": expect}

    cases = [{"id": f"kbm_month_{m}", "fn": "kbm_g", "confidence": "hand", "input": {"months": m}, "expect": g}
             for m, g in ((0, 800), (1, 800), (2, 900), (3, 800), (4, 600), (5, 500), (6, 400), (7, 400), (8, 300),
                          (9, 300), (10, 300), (11, 300), (12, 200), (30, 200), (60, 200), (61, None))]
    cases += [
        k("kms_first_weighing_b", "no weighing before: B", "2024-03-10", 9.0, [], code="B", gain_g=None, two_t=False),
        k("kms_skipped_month_o", "last weighing two months ago: O", "2024-03-10", 9.0, [("2024-01-12", 8.8)],
          code="O", gain_g=None, kbm_g=None),
        k("kms_n_at_kbm", "gain 200 g = KBM: N", "2024-03-10", 9.0, [("2024-02-11", 8.8)], code="N", gain_g=200,
          kbm_g=200),
        k("kms_t_below_kbm", "gain 199 g < KBM: T", "2024-03-10", 9.0, [("2024-02-11", 8.801)], code="T",
          gain_g=199, two_t=False),
        k("kms_t_weight_loss", "weight fell: T", "2024-03-10", 8.7, [("2024-02-11", 8.8)], code="T", gain_g=-100),
        k("kms_t_no_change", "same weight: T", "2024-03-10", 8.8, [("2024-02-11", 8.8)], code="T", gain_g=0),
        k("kms_2t", "T last month and T now: 2T", "2024-03-10", 8.9,
          [("2024-01-10", 8.8), ("2024-02-11", 8.85)], code="T", gain_g=50, two_t=True),
        k("kms_t_after_o_not_2t", "last month was O (skipped the month before): not 2T", "2024-03-10", 8.9,
          [("2023-12-10", 8.8), ("2024-02-11", 8.85)], code="T", two_t=False),
        k("kms_skip_breaks_2t", "T two months ago, skipped last month: O now, no 2T", "2024-03-10", 8.9,
          [("2023-12-10", 8.8), ("2024-01-11", 8.8)], code="O", two_t=False),
        k("kms_t_after_b_not_2t", "last month was the first weighing (B): not 2T", "2024-03-10", 8.9,
          [("2024-02-11", 8.85)], code="T", two_t=False),
        k("kms_n_after_t", "T last month, N now", "2024-03-10", 9.2,
          [("2024-01-10", 8.8), ("2024-02-11", 8.85)], code="N", two_t=False),
        k("kms_latest_of_month_used", "two weighings last month: the later one counts", "2024-03-10", 9.0,
          [("2024-02-25", 8.7), ("2024-02-05", 8.9)], code="N", gain_g=300),
        k("kms_same_month_ignored", "a weighing earlier in the visit month is ignored", "2024-03-20", 9.0,
          [("2024-02-11", 8.8), ("2024-03-02", 8.99)], code="N", gain_g=200),
        k("kms_later_weighing_ignored", "weighings after the visit month are ignored", "2024-03-20", 9.0,
          [("2024-02-11", 8.8), ("2024-05-02", 9.5)], code="N", gain_g=200),
        k("kms_year_boundary", "December -> January", "2024-01-08", 8.6, [("2023-12-28", 8.3)], code="N",
          gain_g=300),
        k("kms_unsorted", "weighings in any order", "2024-03-10", 8.9,
          [("2024-02-11", 8.85), ("2023-11-10", 8.5), ("2024-01-10", 8.8)], code="T", two_t=True),
        k("kms_month7_unconfirmed_400", "7 completed months: KBM 400 (UNCONFIRMED), 350 g -> T", "2024-08-20", 8.0,
          [("2024-07-20", 7.65)], birth="2024-01-10", code="T", gain_g=350, kbm_g=400),
        k("kms_month11_unconfirmed_300", "11 completed months: KBM 300 (UNCONFIRMED), 250 g -> T", "2024-12-20", 9.0,
          [("2024-11-20", 8.75)], birth="2024-01-10", code="T", gain_g=250, kbm_g=300),
        k("kms_month1_800", "1 completed month: 800 g -> N", "2024-02-05", 4.3, [("2024-01-20", 3.5)],
          birth="2024-01-01", code="N", gain_g=800, kbm_g=800),
        k("kms_month2_899_t", "2 completed months: 899 g < 900 -> T", "2024-03-05", 5.199, [("2024-02-05", 4.3)],
          birth="2024-01-01", code="T", gain_g=899, kbm_g=900),
        k("kms_month0_uses_800", "0 completed months, weighed in two calendar months: 800 g", "2024-02-15", 4.0,
          [("2024-01-22", 3.2)], birth="2024-01-20", code="N", gain_g=800, kbm_g=800),
        k("kms_no_weight", "not weighed this visit: no code", "2024-03-10", None, [("2024-02-11", 8.8)], code=None,
          gain_g=None, kbm_g=None, two_t=False),
        k("kms_over_60_months", "61 completed months: no KBM, no code", "2024-03-10", 19.0, [("2024-02-11", 18.8)],
          birth="2019-02-01", code=None, gain_g=200, kbm_g=None),
    ]
    for waz, flagged, bgm, orange in ((-3.01, False, True, False), (-3.0, False, False, False),
                                      (1.0, False, False, False), (1.01, False, False, True),
                                      (None, False, None, None), (-6.5, True, None, None)):
        cases.append({"id": f"lines_waz_{waz}_{'flagged' if flagged else 'ok'}", "fn": "weight_lines",
                      "confidence": "hand", "input": {"waz": waz, "flagged": flagged},
                      "expect": {"bgm": bgm, "above_orange": orange}})
    for months, visit, due, capsule in ((5, "2024-02-10", False, None), (6, "2024-02-10", True, "blue"),
                                        (11, "2024-08-10", True, "blue"), (12, "2024-08-10", True, "red"),
                                        (59, "2024-02-10", True, "red"), (60, "2024-02-10", False, None),
                                        (12, "2024-03-10", False, "red"), (8, "2024-01-31", False, "blue")):
        cases.append({"id": f"vitamin_a_{months}m_{visit}", "fn": "vitamin_a", "confidence": "hand",
                      "input": {"months": months, "visit": visit}, "expect": {"due": due, "capsule": capsule}})
    return cases
