"""Kader home visits after a birth: the mother's postnatal visit (KF, kunjungan nifas) and the newborn's (KN)."""
from ..domain.data import load
from ..models.visits import NewbornVisit, PostnatalVisit
from ..sync_fields import choice, integer, number, string_list
from .kind import Client, Offer, Review, Twin, VisitData, VisitKind

_RULES = load("postnatal_rules")
_FEEDING = tuple(entry["code"] for entry in _RULES["breastfeeding"])
_LIMITS = _RULES["limits"]


class PostnatalVisitData(VisitData):
    """The sign codes and the window are the rule twin's checks (the delivery date is the pregnancy's)."""
    danger_signs = string_list()
    breastfeeding = choice(*_FEEDING, allow_none=True)


class NewbornVisitData(VisitData):
    danger_signs = string_list()
    breastfeeding = choice(*_FEEDING, allow_none=True)
    temperature_c = number(_LIMITS["temperature_c"]["min"], _LIMITS["temperature_c"]["max"])
    breaths_per_min = integer(_LIMITS["breaths_per_min"]["min"], _LIMITS["breaths_per_min"]["max"])


POSTNATAL = VisitKind(
    entity="postnatal_visit", model=PostnatalVisit, schema=PostnatalVisitData, name="PostnatalVisit",
    risks="postnatal",
    assess="postnatal.assess_postnatal_visit", promoted=("day", "window", "danger"),
    rule_data=("postnatal_rules", "adult_rules"),
    review=Review(measured=("danger_signs", "breastfeeding"), results=("window", "day"),
                  history=("window", "breastfeeding"),
                  badges=(("danger", "risk.reason.postnatal_danger", "bad"),)),
    client=Client(title="field.title_postnatal_visit", screen="postnatal", route="kf", result="postnatal",
                  twin=Twin("postnatal", "assessPostnatalVisit", ("delivery_date", "visit")),
                  # a woman whose pregnancy was delivered at most kf.max_day (42) days ago
                  offer=Offer(label="field.action_postnatal", sex="F",
                              since=("pregnancy", "delivery_date", ("postnatal_rules", "kf.max_day")))),
)

NEWBORN = VisitKind(
    entity="newborn_visit", model=NewbornVisit, schema=NewbornVisitData, name="NewbornVisit",
    risks="newborn",
    assess="postnatal.assess_newborn_visit", promoted=("day", "window", "danger"),
    rule_data=("postnatal_rules", "adult_rules"),
    review=Review(measured=("danger_signs", "breastfeeding", "temperature_c", "breaths_per_min"),
                  results=("window", "day"), history=("window", "breastfeeding", "temperature_c"),
                  badges=(("danger", "risk.reason.newborn_danger", "bad"),)),
    client=Client(title="field.title_newborn_visit", screen="postnatal", route="kn", result="postnatal",
                  twin=Twin("postnatal", "assessNewbornVisit", ("birth_date", "visit")),
                  offer=Offer(label="field.action_newborn", max_age_days=("postnatal_rules", "kn.max_day"))),
)
