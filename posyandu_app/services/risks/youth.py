"""High-risk reasons of a 5-18 years screening: the anaemia and blood-pressure classes youth_rules.json marks
`high_risk` (moderate/severe anaemia, stage 2), and KEK as the twins promote it."""
from ...domain.data import load
from .common import Reason, values

_RULES = load("youth_rules")
ANAEMIA = tuple(c["code"] for c in _RULES["anaemia"]["classes"] if c.get("high_risk"))
HIGH_BP = tuple(c["code"] for c in _RULES["blood_pressure"]["classes"] if c.get("high_risk"))

REASONS = (
    Reason("youth_anaemia", "school", lambda m: m.anaemia_class.in_(ANAEMIA), values("hb_g_dl"), "hb"),
    Reason("youth_hypertension", "school", lambda m: m.bp_class.in_(HIGH_BP), values("systolic", "diastolic"), "bp"),
    Reason("youth_kek", "school", lambda m: m.kek.is_(True), values("muac_cm"), "muac"),
)
