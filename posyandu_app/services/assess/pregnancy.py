"""Pregnancy assessments: the episode (EDD, 4 Terlalu, ANC progress) and each ANC visit (flags, danger signs)."""
from datetime import date

from sqlalchemy import select

from ...clock import field_today
from ...domain import pregnancy
from ...domain.data import load
from ...extensions import db
from ...models import Person, PregnancyEpisode, PregnancyVisit
from .common import iso, person_of

# The danger signs of the rule data (static/data/pregnancy_rules.json), never copied here.
DANGER_SIGNS = {flag["code"] for flag in load("pregnancy_rules")["flags"] if flag.get("danger_sign")}


def episode_input(episode: PregnancyEpisode, person: Person) -> dict:
    return {"hpht": iso(episode.hpht), "gravida": episode.gravida, "para": episode.para, "abortus": episode.abortus,
            "previous_birth_date": iso(episode.previous_birth_date), "mother_birth_date": iso(person.birth_date),
            "pre_pregnancy_weight_kg": episode.pre_pregnancy_weight_kg, "height_cm": episode.height_cm,
            "delivery_date": iso(episode.delivery_date)}


def assess_episode(episode: PregnancyEpisode) -> dict:
    """Status, EDD, 4 Terlalu and ANC progress of a pregnancy as of today (re-run after each of its visits)."""
    person = person_of(episode)
    visits = db.session.execute(select(PregnancyVisit.visit_date, PregnancyVisit.ttd_given).where(
        PregnancyVisit.episode_id == episode.id, PregnancyVisit.is_current.is_(True))).all()
    as_of = max([field_today(), *(day for day, _ in visits)])
    result = pregnancy.assess_pregnancy_episode(
        episode_input(episode, person), iso(as_of),
        visits=[{"visit_date": iso(day), "ttd_given": ttd} for day, ttd in visits])
    episode.results = result
    episode.edd = date.fromisoformat(result["edd"]) if result.get("edd") else None
    episode.high_risk = bool(result["referrals"])
    return result


def assess_pregnancy_visit(visit: PregnancyVisit) -> dict:
    episode = visit.episode or db.session.get(PregnancyEpisode, visit.episode_id)
    person = person_of(visit)
    earlier = db.session.scalars(select(PregnancyVisit.visit_date).where(
        PregnancyVisit.episode_id == visit.episode_id, PregnancyVisit.is_current.is_(True),
        PregnancyVisit.id != visit.id, PregnancyVisit.visit_date < visit.visit_date)).all()
    visit_input = {name: getattr(visit, name) for name in (
        "weight_kg", "muac_cm", "systolic", "diastolic", "hb_g_dl", "fundal_height_cm", "fetal_heart_rate",
        "ttd_given", "class_attended", "pmt_given")}
    visit_input.update(visit_date=iso(visit.visit_date), danger_signs=list(visit.danger_signs or []),
                       tb_symptoms=list(visit.tb_symptoms or []))
    result = pregnancy.assess_pregnancy_visit(episode_input(episode, person), visit_input,
                                              previous_visit_dates=[iso(day) for day in earlier])
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
