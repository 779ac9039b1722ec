"""Growth check assessment: WHO z-scores, KMS (N/T, BGM) and nutrition categories of a child's weighing."""
from sqlalchemy import select

from ...clock import field_today
from ...domain import growth
from ...domain.data import load
from ...extensions import db
from ...models import GrowthVisit
from .common import code, iso, person_of

# Code lists of the rule data (static/data/growth_rules.json), never copied here: the promoted flags follow the data.
WASTED = {band["code"] for band in load("growth_rules")["categories"]["whz"]["bands"] if band.get("wasted")}
UNDERWEIGHT = {band["code"] for band in load("growth_rules")["categories"]["waz"]["bands"] if band.get("underweight")}


def assess_growth(visit: GrowthVisit, previous_weighings=None) -> dict:
    """`previous_weighings` [{"date", "weight_kg"}]: the child's earlier current weighings, when the caller already
    holds them (the sync ingest prefetches them for a whole batch); otherwise they are read here."""
    person = person_of(visit)
    if previous_weighings is None:
        earlier = db.session.execute(
            select(GrowthVisit.visit_date, GrowthVisit.weight_kg).where(
                GrowthVisit.person_id == visit.person_id, GrowthVisit.is_current.is_(True),
                GrowthVisit.weight_kg.is_not(None), GrowthVisit.id != visit.id,
                GrowthVisit.visit_date < visit.visit_date)).all()
        previous_weighings = [{"date": iso(day), "weight_kg": kg} for day, kg in earlier]
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
    visit.wfa_category = code(categories["waz"])
    visit.hfa_category = code(categories["haz"])
    visit.wfh_category = code(categories["whz"])
    visit.stunted = bool(result["stunting"])
    visit.wasted = visit.wfh_category in WASTED
    visit.underweight = visit.wfa_category in UNDERWEIGHT
    visit.needs_referral = bool(result["referrals"])
    visit.flagged = any(result["flags"].values()) or result["position_flag"]
    return result
