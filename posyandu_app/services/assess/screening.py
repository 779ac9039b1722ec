"""Adult (PTM) screening assessment; SKILAS and ADL are part of it for people aged 60 and over."""
from ...domain import adult
from ...domain.data import load
from .common import code, iso, person_of

# The ADL items' maxima of the rule data (static/data/elderly_rules.json), never copied here.
ADL_MAXIMA = {item["code"]: item["max"] for item in load("elderly_rules")["adl"]["items"]}


def assess_screening(visit) -> dict:
    person = person_of(visit)
    visit_input = {name: getattr(visit, name) for name in (
        "weight_kg", "height_cm", "waist_cm", "systolic", "diastolic", "glucose_mg_dl", "glucose_type", "smoker")}
    visit_input["visit_date"] = iso(visit.visit_date)
    for section in ("puma", "skilas", "adl"):
        if getattr(visit, section):
            visit_input[section] = getattr(visit, section)
    result = adult.assess_adult_screening({"sex": person.sex, "birth_date": iso(person.birth_date)}, visit_input)
    bmi, pressure, glucose = result["bmi"], result["blood_pressure"], result["glucose"]
    skilas, adl = result.get("skilas"), result.get("adl")
    visit.results = result
    visit.age_years = result["age_years"]
    visit.bmi = bmi["value"] if bmi else None
    visit.bmi_class = code(bmi["class"]) if bmi else None
    visit.bp_class = code(pressure["class"]) if pressure else None
    visit.glucose_class = code(glucose["class"]) if glucose else None
    visit.central_obesity = bool(result["central_obesity"])
    visit.puma_score = result["puma"]["score"] if result.get("puma") else None
    visit.skilas_positive = bool(skilas and skilas["positive"])
    visit.adl_score = adl["total"] if adl else None
    visit.adl_level = code(adl["level"]) if adl else None
    visit.needs_referral = bool(result["referrals"])
    visit.flagged = bool(result["flags"])
    return result
