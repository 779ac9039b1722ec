"""Delivery assessment: place, attendant and outcome flags, BBLR and preterm (promoted for the births recap)."""
from ...domain import delivery
from ...extensions import db
from ...models import PregnancyEpisode
from .common import iso
from .pregnancy import assess_episode

FIELDS = ("outcome", "place", "attendant", "babies", "baby_sex", "birth_weight_kg", "birth_length_cm")


def assess_delivery(visit) -> dict:
    """The delivery's result; the episode it closed is assessed again (now delivered: the postnatal schedule)."""
    episode = visit.episode or db.session.get(PregnancyEpisode, visit.episode_id)
    visit_input = {name: getattr(visit, name) for name in FIELDS}
    visit_input["visit_date"] = iso(visit.visit_date)
    result = delivery.assess_delivery(visit_input, hpht=iso(episode.hpht) if episode is not None else None)
    visit.results = result
    visit.gestational_weeks = result["gestational_weeks"]
    visit.live_birth = result["live_birth"]
    visit.facility_birth = result["facility"]
    visit.skilled_attendant = result["skilled"]
    visit.low_birth_weight = result["low_birth_weight"]
    visit.preterm = result["preterm"]
    visit.needs_referral = bool(result["referrals"])
    visit.flagged = bool(result["flags"] or result["referrals"])
    if episode is not None:
        db.session.flush()
        assess_episode(episode)
    return result
