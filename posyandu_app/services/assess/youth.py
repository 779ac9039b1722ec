"""School-age and adolescent screening assessment (5-18 years): anaemia, TTD, KEK, blood pressure, smoking, vaping."""
from ...domain import youth
from ...domain.data import load
from .common import code, iso, person_of

# The anaemia classes of the rule data (static/data/youth_rules.json), never copied here.
ANAEMIA = {entry["code"] for entry in load("youth_rules")["anaemia"]["classes"] if entry.get("anaemia")}


def assess_youth_screening(visit) -> dict:
    person = person_of(visit)
    visit_input = {name: getattr(visit, name) for name in (
        "hb_g_dl", "ttd_given", "muac_cm", "systolic", "diastolic", "smoking", "vaping")}
    visit_input["visit_date"] = iso(visit.visit_date)
    result = youth.assess_youth_screening({"sex": person.sex, "birth_date": iso(person.birth_date)}, visit_input)
    haemoglobin, pressure, ttd = result["haemoglobin"], result["blood_pressure"], result["ttd"]
    visit.results = result
    visit.age_years = result["age_years"]
    visit.anaemia_class = code(haemoglobin["class"]) if haemoglobin else None
    visit.anaemia = visit.anaemia_class in ANAEMIA
    visit.ttd_due = bool(ttd and ttd["status"] and ttd["status"]["code"] == "ttd_due")
    visit.kek = bool(result["muac"] and result["muac"]["kek"])
    visit.bp_class = code(pressure["class"]) if pressure and pressure["class"] else None
    visit.needs_referral = bool(result["referrals"])
    visit.flagged = bool(result["flags"] or result["referrals"])
    return result
