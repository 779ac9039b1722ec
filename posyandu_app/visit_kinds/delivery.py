"""A delivery (persalinan): the birth that ends a pregnancy, recorded below its episode; it closes the episode."""
from ..domain.data import load
from ..models.visits import Delivery
from ..sync_fields import Uuid, choice, integer, number
from .kind import Client, Close, Offer, Review, Twin, VisitData, VisitKind

_RULES, _BIRTH = load("delivery_rules"), load("growth_rules")["birth"]
_codes = lambda entries: (entry["code"] for entry in entries)  # noqa: E731


class DeliveryData(VisitData):
    """`visit_date` is the day of birth; `baby_id` the newborn's person, registered with it (a live birth)."""
    episode_id = Uuid(required=True)
    outcome = choice(*_codes(_RULES["outcomes"]), required=True)
    place = choice(*_codes(_RULES["places"]))
    attendant = choice(*_codes(_RULES["attendants"]))
    babies = integer(_RULES["babies"]["min"], _RULES["babies"]["max"])
    baby_sex = choice("M", "F")
    birth_weight_kg = number(_BIRTH["weight_kg"]["min"], _BIRTH["weight_kg"]["max"])
    birth_length_cm = number(_BIRTH["length_cm"]["min"], _BIRTH["length_cm"]["max"])
    baby_id = Uuid()


KIND = VisitKind(
    entity="delivery", model=Delivery, schema=DeliveryData, name="Delivery",
    assess="delivery.assess_delivery", parent="episode_id",
    promoted=("gestational_weeks", "live_birth", "facility_birth", "skilled_attendant", "low_birth_weight", "preterm"),
    rule_data=("delivery_rules", "growth_rules", "pregnancy_rules", "adult_rules"),
    # the codes a reviewer reads by the result's labels (the form's words), not promoted: measured as typed
    promoted_from=(("outcome", "outcome", None), ("place", "place", None), ("attendant", "attendant", None)),
    review=Review(
        measured=("outcome", "place", "attendant", "babies", "baby_sex", "birth_weight_kg", "birth_length_cm"),
        results=("gestational_weeks",),
        history=("outcome", "place", "attendant", "birth_weight_kg"),
        # a stillbirth shows by its referral (the mother's postnatal check), as every result's referrals do
        badges=(("low_birth_weight", "review.badge.low_birth_weight", "bad"),
                ("preterm", "review.badge.preterm", "warn"))),
    client=Client(title="field.delivery_title", screen="delivery", route="delivery", result="delivery",
                  twin=Twin("delivery", "assessDelivery", ("delivery", "hpht")),
                  offer=Offer(label="field.action_delivery", needs_open="pregnancy"),
                  closes=Close(field="outcome", value="delivered", date_field="delivery_date")),
)
