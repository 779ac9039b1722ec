"""A vaccine dose given to a child (imunisasi), at the posyandu or read from the KIA book: one record per dose."""
from ..domain.data import load
from ..models.visits import Immunization
from ..sync_fields import choice, integer
from .kind import Client, Offer, Review, Twin, VisitData, VisitKind

_RULES = load("immunization_rules")


class ImmunizationData(VisitData):
    """`visit_date` is the day the dose was given; the dose number's range per antigen is the rule twin's check."""
    antigen = choice(*(antigen["code"] for antigen in _RULES["antigens"]), required=True)
    dose = integer(1, max(len(antigen["doses"]) for antigen in _RULES["antigens"]), required=True)
    place = choice(*(place["code"] for place in _RULES["places"]), load_default="posyandu")


KIND = VisitKind(
    entity="immunization", model=Immunization, schema=ImmunizationData, name="Immunization",
    risks="immunization",
    assess="immunization.assess_immunization", promoted=("age_days", "counted", "warned"),
    rule_data=("immunization_rules",),
    history_of_person=True,  # a dose's warnings depend on the child's other doses (intervals, order)
    review=Review(
        measured=("antigen", "place"),  # the antigen row names the dose: "DPT-HB-Hib 2" (web/visit_view.py)
        results=("age_days",),
        history=("antigen", "place"),
        badges=(("warned", "review.badge.immunization_warned", "warn"),)),
    client=Client(title="field.immunization_title", screen="immunization", route="immunization",
                  result="immunization", twin=Twin("immunization", "assessImmunization",
                                                   ("birth_date", "doses", "today")),
                  offer=Offer(label="field.action_immunization", groups=("balita",))),
)
