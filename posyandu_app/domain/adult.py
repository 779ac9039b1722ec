"""Adult PTM screening (usia produktif >= 15): BMI, waist, blood pressure, glucose, PUMA, plus lansia sections.

Entry point: `assess_adult_screening(person, visit)`; it also runs SKILAS/ADL (elderly.py) when they are given.

person: {"sex": "M"|"F", "birth_date": "YYYY-MM-DD"} (required; age 15..130 on the visit date)
visit (every measurement optional; a missing one skips its rule):
    visit_date      "YYYY-MM-DD" (required)
    weight_kg       20..300          height_cm   100..230       waist_cm   40..200
    systolic        50..300 mmHg     diastolic   20..200 mmHg, both or neither, diastolic < systolic
    glucose_mg_dl   20..600          glucose_type "random"|"fasting" (required with glucose_mg_dl)
    smoker          true|false
    puma            age >= 40 only; all keys required: {"cigarettes_per_day": 0..200, "smoking_years": 0..100,
                    "breathless": bool, "phlegm": bool, "cough": bool, "spirometry": bool}
    skilas, adl     age >= 60 only; shapes in elderly.py
    Other keys (ids, notes) are ignored. Numbers must be JSON numbers; dates ISO strings (or datetime.date).
Result (plain JSON):
    {"visit_date", "age_years",
     "bmi": {"value", "class": label} | null, "central_obesity": bool | null,
     "blood_pressure": {"class": label, "follow_up": label} | null,
     "glucose": {"class": label, "follow_up": label, "unconfirmed": bool} | null,
     "glucose_test": {"recommended": bool, "reasons": [label]},
     "puma": {"score", "pack_years", "refer": bool} | null,
     "skilas": ... | null, "adl": ... | null,          (see elderly.py)
     "flags": [label], "referrals": [{"code", "id", "en", "urgent"}]}
    where label = {"code", "id", "en"}. Thresholds and labels: static/data/adult_rules.json.
Bad input raises DomainValidationError (field -> {"code", "id", "en"}); nested fields read "puma.cough".
"""
from . import elderly
from .data import load
from .inputs import Reader, iso, label, limits, raise_if, read_person, referral, round1


def _rules():
    return load("adult_rules")


def _band(classes, value):
    """The last class whose `min` the value reaches (classes are listed by ascending min)."""
    return [entry for entry in classes if value >= entry["min"]][-1]


def bmi(weight_kg, height_cm):
    """BMI = weight / height², rounded half up to 1 decimal (the value the kader sees and that is classed)."""
    metres = height_cm / 100
    return round1(weight_kg / (metres * metres))


def bmi_class(value):
    """Asia-Pacific BMI class: < 18.5 under, 18.5-22.9 normal, 23-24.9 at risk, 25-29.9 obese I, >= 30 obese II.

    Source: WHO WPRO/IASO/IOTF 2000 (DOMAIN.md §4); thresholds in adult_rules.json `bmi_classes`.
    """
    return _band(_rules()["bmi_classes"]["classes"], value)


def blood_pressure_class(systolic, diastolic):
    """Blood pressure class; each number is classed on its own and the higher class wins (150/70 -> HT 1).

    Source: KMK 1186/2022 PPK via DOMAIN.md §4; thresholds in adult_rules.json `blood_pressure`.
    """
    classes = _rules()["blood_pressure"]["classes"]
    index = max(i for i, entry in enumerate(classes)
                if systolic >= entry["systolic_min"] or diastolic >= entry["diastolic_min"])
    return classes[index]


def glucose_class(value, glucose_type):
    """Glucose class: random >= 200 / fasting >= 126 possible diabetes; random 140-199 / fasting 100-125 prediabetes.

    Random 100-139 is treated as normal (UNCONFIRMED). Source: KMK 33/2025 Juknis PKG via DOMAIN.md §4.
    """
    return _band(_rules()["glucose"]["classes"][glucose_type], value)


def puma_score(sex, age, cigarettes_per_day, smoking_years, answers):
    """PUMA COPD score: sex, age band, pack-years band and 1 point per yes answer; returns (score, pack_years).

    Source: KMK 33/2025 Juknis PKG via DOMAIN.md §4; points in adult_rules.json `puma`.
    """
    rules = _rules()["puma"]
    pack_years = round1(cigarettes_per_day / 20 * smoking_years)
    bands = rules["pack_years"]
    pack_points = 2 if pack_years > bands["two_points_above"] else 1 if pack_years >= bands["one_point_min"] else 0
    age_points = _band(rules["age_points"], age)["points"]
    return rules["sex_points"][sex] + age_points + pack_points + sum(answers), pack_years


def _read_puma(visit, age):
    rules = _rules()["puma"]
    reader = visit.child("puma", ["cigarettes_per_day", "smoking_years", *rules["yes_items"]])
    if reader is None:
        return None
    if age is not None and age < rules["age_min_years"]:
        return visit.fail("puma", "only_for_age", min=rules["age_min_years"])
    return {
        "cigarettes_per_day": reader.number("cigarettes_per_day", limits()["cigarettes_per_day"], required=True),
        "smoking_years": reader.number("smoking_years", limits()["smoking_years"], required=True),
        "answers": [reader.boolean(item, required=True) for item in rules["yes_items"]],
    }


def glucose_test_reasons(age, bmi_entry, central_obesity, bp_entry, smoker):
    """Why this person should have a glucose test: age >= 40, or risk factors (list UNCONFIRMED, in data)."""
    rules = _rules()["glucose_test"]
    overweight = next(reason for reason in rules["reasons"] if reason["code"] == "overweight")
    found = {
        "age_40_plus": age >= rules["age_min_years"],
        "overweight": bmi_entry is not None and bmi_entry["code"] in overweight["bmi_classes"],
        "central_obesity": bool(central_obesity),
        "hypertension": bp_entry is not None and bp_entry["refer"],
        "smoker": bool(smoker),
    }
    return [label(reason) for reason in rules["reasons"] if found[reason["code"]]]


def _bp_referral(bp_entry):
    """The referral of a blood pressure class: urgent for a class marked urgent (>= 180/110, issue 12), else plain."""
    if bp_entry is None or not bp_entry["refer"]:
        return None
    pressure = _rules()["blood_pressure"]
    return pressure["urgent_referral"] if bp_entry.get("urgent") else pressure["referral"]


def assess_adult_screening(person, visit):
    """Assess one PTM screening visit (and SKILAS/ADL when given, age >= 60). Sources: see adult_rules.json."""
    rules, errors = _rules(), {}
    reader = Reader(visit, "visit", errors)
    sex, visit_day, age = read_person(person, reader, rules["age_min_years"]["value"], errors)
    weight = reader.number("weight_kg", limits()["weight_kg"])
    height = reader.number("height_cm", limits()["height_cm"])
    waist = reader.number("waist_cm", limits()["waist_cm"])
    pressure = reader.blood_pressure()
    glucose = reader.number("glucose_mg_dl", limits()["glucose_mg_dl"])
    glucose_type = reader.choice("glucose_type", rules["glucose"]["types"],
                                 required=reader.data.get("glucose_mg_dl") is not None)
    smoker = reader.boolean("smoker")
    puma = _read_puma(reader, age)
    older = elderly.read_sections(reader, age)
    raise_if(errors)

    bmi_value = bmi(weight, height) if weight is not None and height is not None else None
    bmi_entry = bmi_class(bmi_value) if bmi_value is not None else None
    central = waist > rules["central_obesity"]["waist_above_cm"][sex] if waist is not None else None
    bp_entry = blood_pressure_class(*pressure) if pressure is not None else None
    glucose_entry = glucose_class(glucose, glucose_type) if glucose is not None else None
    puma_out = None
    if puma is not None:
        score, pack_years = puma_score(sex, age, puma["cigarettes_per_day"], puma["smoking_years"], puma["answers"])
        puma_out = {"score": score, "pack_years": pack_years, "refer": score >= rules["puma"]["refer_score_min"]}
    reasons = glucose_test_reasons(age, bmi_entry, central, bp_entry, smoker)
    lansia = elderly.evaluate_sections(older)

    # Findings in one fixed order (the JS twin keeps the same); `flag` in the data says which classes count.
    puma_referral = rules["puma"]["referral"] if puma_out and puma_out["refer"] else None
    findings = [bmi_entry, rules["central_obesity"] if central else None, bp_entry, glucose_entry,
                rules["smoker_flag"] if smoker else None, puma_referral]
    reasons_to_refer = [_bp_referral(bp_entry),
                        rules["glucose"]["referral"] if glucose_entry and glucose_entry.get("refer") else None,
                        puma_referral]
    return {
        "visit_date": iso(visit_day), "age_years": age,
        "bmi": None if bmi_entry is None else {"value": bmi_value, "class": label(bmi_entry)},
        "central_obesity": central,
        "blood_pressure": None if bp_entry is None else {
            "class": label(bp_entry), "follow_up": label(rules["follow_ups"][bp_entry["follow_up"]])},
        "glucose": None if glucose_entry is None else {
            "class": label(glucose_entry), "follow_up": label(rules["follow_ups"][glucose_entry["follow_up"]]),
            "unconfirmed": bool(glucose_entry.get("unconfirmed"))},
        "glucose_test": {"recommended": bool(reasons), "reasons": reasons},
        "puma": puma_out, "skilas": lansia["skilas"], "adl": lansia["adl"],
        "flags": [label(entry) for entry in findings if entry and entry.get("flag")] + lansia["flags"],
        "referrals": [referral(entry) for entry in reasons_to_refer if entry] + lansia["referrals"],
    }
