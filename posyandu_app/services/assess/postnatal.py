"""Postnatal (KF) and newborn (KN) home-visit assessment: the window, the danger signs, the urgent referral."""
from sqlalchemy import select

from ...domain import postnatal
from ...extensions import db
from ...models import PregnancyEpisode
from .common import code, iso, person_of


def delivery_date_of(person_id, visit_date):
    """The delivery date of the mother's latest delivered pregnancy on or before the visit (None: none recorded).

    Read from the session's objects: a sync batch writes without flushing, so a pregnancy recorded as delivered
    earlier in the same batch is in the session (new or changed), not yet in the database."""
    stored = db.session.scalars(select(PregnancyEpisode).where(PregnancyEpisode.person_id == person_id)).all()
    pending = [obj for obj in db.session.new if isinstance(obj, PregnancyEpisode) and obj.person_id == person_id]
    dates = [episode.delivery_date for episode in (*stored, *pending)
             if episode.outcome == "delivered" and episode.deleted_at is None and episode.delivery_date is not None
             and episode.delivery_date <= visit_date]
    return max(dates, default=None)


def _visit_input(visit, names):
    out = {name: getattr(visit, name) for name in names}
    out["visit_date"] = iso(visit.visit_date)
    out["danger_signs"] = list(visit.danger_signs or [])
    return out


def _promote(visit, result):
    visit.results = result
    visit.day = result["day"]
    visit.window = code(result["window"])
    visit.danger = result["danger"]
    visit.needs_referral = bool(result["referrals"])
    visit.flagged = result["danger"]
    return result


def assess_postnatal_visit(visit) -> dict:
    delivery = delivery_date_of(visit.person_id, visit.visit_date)
    result = postnatal.assess_postnatal_visit(iso(delivery), _visit_input(visit, ("breastfeeding",)))
    return _promote(visit, result)


def assess_newborn_visit(visit) -> dict:
    person = person_of(visit)
    visit_input = _visit_input(visit, ("breastfeeding", "temperature_c", "breaths_per_min"))
    return _promote(visit, postnatal.assess_newborn_visit(iso(person.birth_date), visit_input))
