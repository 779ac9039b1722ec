"""Report periods: calendar months, the last 12 months, and age bands as birth-date cut-offs (WHO months)."""
import math
import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, or_

from ...clock import field_today
from ...domain.data import load
from ...models import Person

_AGE = load("growth_rules")["age"]
DAYS_PER_MONTH = _AGE["days_per_month"]  # WHO anthro: months = days / days_per_month (growth_rules.json `age`)
UNDER_FIVE_MONTHS = _AGE["z_max_age_months"]  # balita: below the end of the WHO standards
UNDER_FIVE_DAYS = math.ceil(UNDER_FIVE_MONTHS * DAYS_PER_MONTH)  # from this age in days a child is no balita
# SKDN age bands in completed months (growth_rules.json `report_age_bands`, DOMAIN.md 2.4).
AGE_BANDS = tuple((band["code"], band["from_months"], band["to_months"])
                  for band in load("growth_rules")["report_age_bands"]["bands"])
ADULT_FROM_YEARS = load("adult_rules")["age_min_years"]["value"]  # usia produktif, as the screening rules start
BAND_CODES = tuple(code for code, _, _ in AGE_BANDS)
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
# Report months the server answers for: a PWS board looks 12 months back and `last` one month ahead, so a
# month near year 1 or 9999 would leave the calendar (a 500); no posyandu record falls outside these years.
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str | None, default: "Month | None" = None) -> "Month":
        """'2026-11' -> Month; None/blank -> default (this month); anything else raises ValueError."""
        text = (text or "").strip()  # blank like absent: the filter form lets whitespace through as "no value"
        if not text:
            return default or cls.of(field_today())
        match = MONTH_PATTERN.match(text)
        if not match or not 1 <= int(match.group(2)) <= 12 \
                or not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
            raise ValueError(text)
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> "Month":
        return cls(day.year, day.month)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return self.shift(1).first - timedelta(days=1)

    def shift(self, months: int) -> "Month":
        year, index = divmod(self.year * 12 + self.month - 1 + months, 12)
        return Month(year, index + 1)

    def __str__(self) -> str:
        return self.key


def months_ending(month: Month, count: int = 12) -> list[Month]:
    """The `count` months up to and including `month`, oldest first."""
    return [month.shift(offset) for offset in range(1 - count, 1)]


def min_age_days(months: int) -> int:
    """Smallest age in days whose completed WHO months (floor(days / 30.4375)) reach `months`."""
    return math.ceil(months * DAYS_PER_MONTH)


def under_five_born_after(as_of: date) -> date:
    """Children born after this date are 0-59 months old on `as_of` (age in days < 1827)."""
    return as_of - timedelta(days=UNDER_FIVE_DAYS)


def years_ago(as_of: date, years: int) -> date:
    """The latest birth date of someone who is at least `years` old on `as_of` (29 Feb -> 28 Feb)."""
    try:
        return as_of.replace(year=as_of.year - years)
    except ValueError:
        return as_of.replace(year=as_of.year - years, day=28)


def band_from_birth_date(birth_date_column, as_of: date):
    """SQL CASE: the SKDN band of a child on `as_of` from the birth date (NULL when not 0-59 months)."""
    whens = []
    for code, _, high in AGE_BANDS:
        whens.append((birth_date_column > as_of - timedelta(days=min_age_days(high + 1)), code))
    return case(*whens, else_=None)


def band_from_months(months_column):
    """SQL CASE: the SKDN band from completed months (NULL past the last band)."""
    return case(*[(months_column <= high, code) for code, _, high in AGE_BANDS], else_=None)


def visit_band(age_months_column, birth_date_column, as_of: date):
    """A visit's band: its own age in months (promoted by the growth rules), or, before the rules ran, the
    child's age at the end of the month."""
    return case((age_months_column.is_not(None), band_from_months(age_months_column)),
                else_=band_from_birth_date(birth_date_column, as_of))


def byte_order(column):
    """The column compared byte by byte: on PostgreSQL a UUID text partition key sorts ~2x faster in the "C"
    collation than in the database's locale (the order itself does not matter to the reports)."""
    from ...extensions import db
    return column.collate("C") if db.engine.dialect.name == "postgresql" else column


def in_month(column, month: Month):
    return and_(column >= month.first, column <= month.last)


def on_register(month: Month):
    """Persons on the register when `month` ended. A child who moved away in March still counts in February; one
    who moved in February no longer does (S, K and D are as on the month's last day)."""
    return registered_on(month.last)


def registered_on(day):
    """Persons on the register at the end of `day` (a date, or an SQL date expression): not deleted or merged into
    another record (a duplicate is never a second person) and not left on or before that day."""
    return and_(Person.deleted_at.is_(None), Person.merged_into_id.is_(None), not_left_by(day))


def not_left_by(day):
    """Not left the register on or before `day` (a date, or an SQL date expression)."""
    return or_(Person.left_on.is_(None), Person.left_on > day)
