"""High-risk reason of a newborn home visit (KN): a danger sign, urgent, listed for the 28 days of the neonatal
period after the visit (postnatal_rules.json kn.max_day)."""
from .common import Reason, labels

REASONS = (
    Reason("newborn_danger", "child", lambda m: m.danger.is_(True),
           lambda v: {"labels": labels((v.results or {}).get("danger_signs"))}, "labels", urgent=True,
           listed_days=("postnatal_rules", "kn.max_day")),
)
