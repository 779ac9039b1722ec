"""What a kind's risk module declares (Reason) and what the high-risk list shows (RiskRow), with fact helpers."""
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable

from ...domain.data import load
from ...models import Person


@dataclass(frozen=True)
class Reason:
    """One reason a person is on the high-risk list.

    With a `condition` (model -> SQL condition on its promoted columns): met by the person's latest current record
    of the kind. Without one, the reason is found by its module's `rows(kind, codes, allowed, today)` (an overdue
    vaccine, a missed ANC contact). No clinical number is written in a condition: it uses a flag or category the
    rules promoted, or reads its threshold from the rule data each time the list is asked for.
    """
    code: str  # catalog risk.reason.<code>
    group: str  # the life-cycle group it is listed under (high_risk.GROUPS)
    condition: Callable | None = None
    facts: Callable | None = None  # record -> the values that show the risk (codes, numbers, rule labels)
    words: str = "labels"  # how web/risk_details.py words the facts (its WORDS)
    urgent: bool = False  # refer today (the `urgent` of the rule's referral): the row says so in red
    # (rule data file, dotted path) of a number of days: the record lists its person only while it is at most that
    # many days old (a newborn's danger sign: the 28 days of the neonatal period); None: while it is the latest
    listed_days: tuple[str, str] | None = None

    def listed_until(self, seen: date) -> date | None:
        """The last day a record dated `seen` lists its person for this reason (None: no limit)."""
        if self.listed_days is None:
            return None
        file, path = self.listed_days
        days = load(file)
        for key in path.split("."):
            days = days[key]
        return seen + timedelta(days=days)


@dataclass
class RiskRow:
    reason: str
    group: str
    person: Person
    entity: str
    visit: object  # the latest current visit showing the reason; holds the follow-up mark (None: no visit yet)
    first_seen: date
    last_seen: date | None
    facts: dict  # what shows the risk, as codes and numbers (Reason.facts); web/risk_details.py words it
    urgent: bool = False

    @property
    def level(self) -> str:
        """Badge colour: children, pregnancies and urgent referrals are red for the pustu, other adult risks amber."""
        return "warn" if self.group == "adult" and not self.urgent else "bad"

    @property
    def followed_up(self) -> bool:
        return self.visit is not None and self.visit.follow_up_at is not None


def labels(entries, codes=None):
    """Result labels ({"code", "id", "en"}) the rules attached, optionally only some codes: web/ picks the language."""
    return [entry for entry in entries or []
            if isinstance(entry, dict) and (codes is None or entry.get("code") in codes)]


def values(*names):
    return lambda visit: {name: getattr(visit, name) for name in names}


def z_of(index):
    return lambda visit: {"index": index, "z": getattr(visit, index)}
