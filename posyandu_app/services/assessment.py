"""Runs the domain rules on stored records: the server's authoritative result, promoted for reports and queues.

Each function takes a flushed model instance, computes with the pure domain twin, stores the whole result in
`results`, copies the figures that reports and review queues filter on into their columns, and raises
DomainValidationError (per-field messages in Indonesian and English) when the input is impossible.
"""
from datetime import date

from sqlalchemy import select

from ..clock import field_today
from ..domain import adult, growth, pregnancy, youth
from ..domain.data import load
from ..extensions import db
from ..models import GrowthVisit, Person, PregnancyEpisode, PregnancyVisit

# Code lists of the rule data (static/data/*.json), never copied here: the promoted flags follow the data.
ADL_MAXIMA = {item["code"]: item["max"] for item in load("elderly_rules")["adl"]["items"]}
WASTED = {band["code"] for band in load("growth_rules")["categories"]["whz"]["bands"] if band.get("wasted")}
UNDERWEIGHT = {band["code"] for band in load("growth_rules")["categories"]["waz"]["bands"] if band.get("underweight")}
DANGER_SIGNS = {flag["code"] for flag in load("pregnancy_rules")["flags"] if flag.get("danger_sign")}
YOUTH_ANAEMIA = {entry["code"] for entry in load("youth_rules")["anaemia"]["classes"] if entry.get("anaemia")}


def _iso(value):
    return value.isoformat() if value is not None else None


def _person(record) -> Person:
    return record.person or db.session.get(Person, record.person_id)


def _code(entry):
    return entry["code"] if entry else None


def assess_growth(visit: GrowthVisit, previous_weighings=None) -> dict:
    """`previous_weighings` [{"date", "weight_kg"}]: the child's earlier current weighings, when the caller already
    holds them (the sync ingest prefetches them for a whole batch); otherwise they are read here."""
    person = _person(visit)
    if previous_weighings is None:
        earlier = db.session.execute(
            select(GrowthVisit.visit_date, GrowthVisit.weight_kg).where(
                GrowthVisit.person_id == visit.person_id, GrowthVisit.is_current.is_(True),
                GrowthVisit.weight_kg.is_not(None), GrowthVisit.id != visit.id,
                GrowthVisit.visit_date < visit.visit_date)).all()
        previous_weighings = [{"date": _iso(day), "weight_kg": kg} for day, kg in earlier]
    result = growth.assess_growth(
        person.sex, person.birth_date, visit.visit_date, weight_kg=visit.weight_kg, length_cm=visit.length_cm,
        measured=visit.measured, head_cm=visit.head_cm, muac_cm=visit.muac_cm, oedema=bool(visit.oedema),
        previous_weighings=previous_weighings, today=field_today())
    z, categories, kms = result["z"], result["categories"], result["kms"]
    visit.results = result
    visit.age_days = result["age_days"]
    visit.age_months = result["age_completed_months"]
    visit.waz, visit.haz, visit.whz, visit.baz, visit.hcz, visit.acz = (z[k] for k in growth.INDICES)
    visit.kms_code = kms["code"]
    visit.two_t = bool(kms["two_t"])
    visit.bgm = bool(kms["bgm"])
    visit.wfa_category = _code(categories["waz"])
    visit.hfa_category = _code(categories["haz"])
    visit.wfh_category = _code(categories["whz"])
    visit.stunted = bool(result["stunting"])
    visit.wasted = visit.wfh_category in WASTED
    visit.underweight = visit.wfa_category in UNDERWEIGHT
    visit.needs_referral = bool(result["referrals"])
    visit.flagged = any(result["flags"].values()) or result["position_flag"]
    return result


def _episode_input(episode: PregnancyEpisode, person: Person) -> dict:
    return {"hpht": _iso(episode.hpht), "gravida": episode.gravida, "para": episode.para, "abortus": episode.abortus,
            "previous_birth_date": _iso(episode.previous_birth_date), "mother_birth_date": _iso(person.birth_date),
            "pre_pregnancy_weight_kg": episode.pre_pregnancy_weight_kg, "height_cm": episode.height_cm,
            "delivery_date": _iso(episode.delivery_date)}


def assess_episode(episode: PregnancyEpisode) -> dict:
    """Status, EDD, 4 Terlalu and ANC progress of a pregnancy as of today (re-run after each of its visits)."""
    person = _person(episode)
    visits = db.session.execute(select(PregnancyVisit.visit_date, PregnancyVisit.ttd_given).where(
        PregnancyVisit.episode_id == episode.id, PregnancyVisit.is_current.is_(True))).all()
    as_of = max([field_today(), *(day for day, _ in visits)])
    result = pregnancy.assess_pregnancy_episode(
        _episode_input(episode, person), _iso(as_of),
        visits=[{"visit_date": _iso(day), "ttd_given": ttd} for day, ttd in visits])
    episode.results = result
    episode.edd = date.fromisoformat(result["edd"]) if result.get("edd") else None
    episode.high_risk = bool(result["referrals"])
    return result


def assess_pregnancy_visit(visit: PregnancyVisit) -> dict:
    episode = visit.episode or db.session.get(PregnancyEpisode, visit.episode_id)
    person = _person(visit)
    earlier = db.session.scalars(select(PregnancyVisit.visit_date).where(
        PregnancyVisit.episode_id == visit.episode_id, PregnancyVisit.is_current.is_(True),
        PregnancyVisit.id != visit.id, PregnancyVisit.visit_date < visit.visit_date)).all()
    visit_input = {name: getattr(visit, name) for name in (
        "weight_kg", "muac_cm", "systolic", "diastolic", "hb_g_dl", "fundal_height_cm", "fetal_heart_rate",
        "ttd_given", "class_attended", "pmt_given")}
    visit_input.update(visit_date=_iso(visit.visit_date), danger_signs=list(visit.danger_signs or []),
                       tb_symptoms=list(visit.tb_symptoms or []))
    result = pregnancy.assess_pregnancy_visit(_episode_input(episode, person), visit_input,
                                              previous_visit_dates=[_iso(day) for day in earlier])
    codes = {flag["code"] for flag in result["flags"]}
    visit.results = result
    visit.gestational_weeks = result["gestational_age"]["weeks"]
    visit.trimester = int(result["trimester"]["code"][-1]) if result.get("trimester") else None
    visit.anc_contact = result["anc"]["contact_number"]
    visit.kek = "kek" in codes
    visit.anaemia = bool(codes & {"anaemia", "anaemia_severe"})
    visit.hypertension = bool(codes & {"hypertension", "preeclampsia_risk"})
    visit.danger = bool(codes & DANGER_SIGNS)
    visit.needs_referral = bool(result["referrals"])
    visit.flagged = bool(codes)
    db.session.flush()
    assess_episode(episode)
    return result


def assess_screening(visit) -> dict:
    """PTM screening; SKILAS and ADL are part of it for people aged 60 and over."""
    person = _person(visit)
    visit_input = {name: getattr(visit, name) for name in (
        "weight_kg", "height_cm", "waist_cm", "systolic", "diastolic", "glucose_mg_dl", "glucose_type", "smoker")}
    visit_input["visit_date"] = _iso(visit.visit_date)
    for section in ("puma", "skilas", "adl"):
        if getattr(visit, section):
            visit_input[section] = getattr(visit, section)
    result = adult.assess_adult_screening({"sex": person.sex, "birth_date": _iso(person.birth_date)}, visit_input)
    bmi, pressure, glucose = result["bmi"], result["blood_pressure"], result["glucose"]
    skilas, adl = result.get("skilas"), result.get("adl")
    visit.results = result
    visit.age_years = result["age_years"]
    visit.bmi = bmi["value"] if bmi else None
    visit.bmi_class = _code(bmi["class"]) if bmi else None
    visit.bp_class = _code(pressure["class"]) if pressure else None
    visit.glucose_class = _code(glucose["class"]) if glucose else None
    visit.central_obesity = bool(result["central_obesity"])
    visit.puma_score = result["puma"]["score"] if result.get("puma") else None
    visit.skilas_positive = bool(skilas and skilas["positive"])
    visit.adl_score = adl["total"] if adl else None
    visit.adl_level = _code(adl["level"]) if adl else None
    visit.needs_referral = bool(result["referrals"])
    visit.flagged = bool(result["flags"])
    return result


def assess_youth_screening(visit) -> dict:
    """School-age and adolescent screening (5-18 years): anaemia, TTD, KEK, blood pressure, smoking, vaping."""
    person = _person(visit)
    visit_input = {name: getattr(visit, name) for name in (
        "hb_g_dl", "ttd_given", "muac_cm", "systolic", "diastolic", "smoking", "vaping")}
    visit_input["visit_date"] = _iso(visit.visit_date)
    result = youth.assess_youth_screening({"sex": person.sex, "birth_date": _iso(person.birth_date)}, visit_input)
    haemoglobin, pressure, ttd = result["haemoglobin"], result["blood_pressure"], result["ttd"]
    visit.results = result
    visit.age_years = result["age_years"]
    visit.anaemia_class = _code(haemoglobin["class"]) if haemoglobin else None
    visit.anaemia = visit.anaemia_class in YOUTH_ANAEMIA
    visit.ttd_due = bool(ttd and ttd["status"] and ttd["status"]["code"] == "ttd_due")
    visit.kek = bool(result["muac"] and result["muac"]["kek"])
    visit.bp_class = _code(pressure["class"]) if pressure and pressure["class"] else None
    visit.needs_referral = bool(result["referrals"])
    visit.flagged = bool(result["flags"] or result["referrals"])
    return result
