"""High-risk reason of a child's vaccines: a dose past its due age (immunization_rules.json latest age), or one
given too early or too soon after the previous dose, which does not count (services/immunization_due.py)."""
from .. import immunization_due
from .common import Reason, RiskRow

REASONS = (Reason("overdue_vaccine", "child"),)


def rows(kind, wanted, allowed, today):
    children = list(immunization_due.overdue_children(allowed, today))
    latest_of = immunization_due.latest_doses([child.person.id for child in children])
    for child in children:
        latest = latest_of.get(child.person.id)
        yield RiskRow("overdue_vaccine", "child", child.person, kind.entity, latest, child.first_overdue or today,
                      latest.visit_date if latest else None,
                      {"labels": [child.labels[code] for code in child.overdue + child.invalid]})
