"""School-age and adolescent screening (5-18 years): anaemia, iron tablets, MUAC, blood pressure, smoking, vaping.

Entry point: `assess_youth_screening(person, visit)`; twin of static/js/rules/youth.js, data in youth_rules.json.

person: {"sex": "M"|"F", "birth_date": "YYYY-MM-DD"} (required; 1,827 days old to 18 years on the visit date)
visit (every measurement optional; a missing one skips its rule):
    visit_date  "YYYY-MM-DD" (required)
    hb_g_dl     2..25            ttd_given  0..52 whole tablets given today
    muac_cm     10..60 (classed for girls of 15+ only)
    systolic    50..300 mmHg     diastolic  20..200 mmHg, both or neither, diastolic < systolic
    smoking, vaping   true|false
Result (plain JSON):
    {"visit_date", "age_years",
     "haemoglobin": {"value", "group": label, "class": label} | null,
     "ttd": {"due": bool, "given": int | null, "status": label | null} | null   (null: not a girl of 12-18, none given)
     "muac": {"value", "kek": bool} | null,        (null: not measured, or not a girl of 15+)
     "blood_pressure": {"class": label | null, "remeasure": bool} | null,
     "smoking": bool | null, "vaping": bool | null,
     "flags": [label], "referrals": [{"code", "id", "en", "urgent"}]}
    where label = {"code", "id", "en"}; every flag and referral text is the kader's action.
Bad input raises DomainValidationError (field -> {"code", "id", "en"}).
"""
from .data import load
from .inputs import Reader, age_years, iso, label, raise_if, referral


def _rules():
    return load("youth_rules")


def _read_person(person, visit_reader, errors):
    """Sex, visit day and age in years; the age must be min_days old to max_years on the visit day."""
    age_rule = _rules()["age"]
    reader = Reader(person, "person", errors)
    sex = reader.choice("sex", ("M", "F"), required=True)
    birth = reader.date("birth_date", required=True)
    visit = visit_reader.date("visit_date", required=True)
    age = None
    if birth is not None and visit is not None:
        if birth > visit:
            reader.fail("birth_date", "after_visit_date")
        elif visit - birth < age_rule["min_days"] or age_years(birth, visit) > age_rule["max_years"]:
            reader.fail("birth_date", "age_out_of_range", min=age_rule["min_years"], max=age_rule["max_years"])
        else:
            age = age_years(birth, visit)
    return sex, visit, age


def anaemia_group(sex, age):
    """The WHO 2011 group of a person (5-11, 12-14, girls 15+, boys 15+)."""
    return next(group for group in _rules()["anaemia"]["groups"]
                if group["age_min_years"] <= age <= group["age_max_years"] and group["sex"] in (None, sex))


def anaemia_class(sex, age, hb):
    """(group, class) of a haemoglobin value: the highest class whose minimum of the group the value reaches."""
    group = anaemia_group(sex, age)
    code = "anaemia_severe"
    for name, low in sorted(group["mins"].items(), key=lambda item: item[1]):
        if hb >= low:
            code = name
    return group, next(entry for entry in _rules()["anaemia"]["classes"] if entry["code"] == code)


def blood_pressure_class(age, systolic, diastolic):
    """AAP 2017 class from 13 years (each number on its own, the higher class wins); None below 13 years."""
    pressure = _rules()["blood_pressure"]
    if age < pressure["age_min_years"]:
        return None
    classes = pressure["classes"]
    index = max(i for i, entry in enumerate(classes) if systolic >= entry["systolic_min"]
                or (entry["diastolic_min"] is not None and diastolic >= entry["diastolic_min"]))
    return classes[index]


def _in_group(rule, sex, age):
    return sex == rule["sex"] and rule["age_min_years"] <= age <= rule.get("age_max_years", age)


def assess_youth_screening(person, visit):
    """Assess one school-age/adolescent screening visit. Sources: see youth_rules.json."""
    rules, errors = _rules(), {}
    reader = Reader(visit, "visit", errors)
    sex, visit_day, age = _read_person(person, reader, errors)
    hb = reader.number("hb_g_dl", rules["limits"]["hb_g_dl"])
    ttd_given = reader.number("ttd_given", rules["limits"]["ttd_given"], integer=True)
    muac = reader.number("muac_cm", rules["limits"]["muac_cm"])
    pressure = reader.blood_pressure()
    smoking = reader.boolean("smoking")
    vaping = reader.boolean("vaping")
    raise_if(errors)

    group, hb_entry = anaemia_class(sex, age, hb) if hb is not None else (None, None)
    ttd_rule = rules["ttd"]
    due = _in_group(ttd_rule, sex, age)
    ttd_status = None
    if due:
        ttd_status = ttd_rule["statuses"]["given" if ttd_given else "due"]
    ttd = {"due": due, "given": ttd_given, "status": label(ttd_status) if ttd_status else None} \
        if due or ttd_given is not None else None
    muac_rule = rules["muac"]
    kek = muac < muac_rule["kek_below_cm"] if muac is not None and _in_group(muac_rule, sex, age) else None
    bp_entry = blood_pressure_class(age, *pressure) if pressure is not None else None
    remeasure = pressure is not None and bp_entry is None
    smoke = rules["smoking"]

    # Findings in one fixed order (the JS twin keeps the same).
    findings = [ttd_status, bp_entry, rules["blood_pressure"]["under_age"] if remeasure else None,
                smoke["smoking"] if smoking else None, smoke["vaping"] if vaping else None]
    reasons = [hb_entry.get("referral") if hb_entry else None, muac_rule["referral"] if kek else None,
               bp_entry.get("referral") if bp_entry else None]
    return {
        "visit_date": iso(visit_day), "age_years": age,
        "haemoglobin": None if hb_entry is None else {"value": hb, "group": label(group), "class": label(hb_entry)},
        "ttd": ttd,
        "muac": None if kek is None else {"value": muac, "kek": kek},
        "blood_pressure": None if pressure is None else {
            "class": label(bp_entry) if bp_entry else None, "remeasure": remeasure},
        "smoking": smoking, "vaping": vaping,
        "flags": [label(entry) for entry in findings if entry and entry.get("flag")],
        "referrals": [referral(entry) for entry in reasons if entry],
    }
