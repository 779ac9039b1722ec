"""High-risk reason of a mother's postnatal home visit (KF): a danger sign, urgent, listed for the 42 days of the
postnatal period after the visit (postnatal_rules.json kf.max_day)."""
from .common import Reason, labels

REASONS = (
    Reason("postnatal_danger", "pregnancy", lambda m: m.danger.is_(True),
           lambda v: {"labels": labels((v.results or {}).get("danger_signs"))}, "labels", urgent=True,
           listed_days=("postnatal_rules", "kf.max_day")),
)
