"""The report filter (GET query string): month=YYYY-MM and unit=all|pustu:<id>|posyandu:<id>."""
import re
from dataclasses import dataclass

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Optional, Regexp, ValidationError

from ..i18n import translate
from ..services.reports.periods import Month

MONTHS_OFFERED = 36  # the month select: this month and three years back (older months stay reachable by link)
UNIT_PATTERN = re.compile(r"^(all|pustu:\d{1,9}|posyandu:\d{1,9})$")


def _valid_month(form, field):
    try:
        Month.parse(field.data)
    except ValueError:
        raise ValidationError("reports.error.month") from None


class ReportFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a read-only GET: links and bookmarks must work

    month = StringField(validators=[Optional(), _valid_month])
    unit = StringField(validators=[Optional(), Regexp(UNIT_PATTERN, message="reports.error.unit")])


@dataclass
class Filters:
    month: Month
    unit_param: str
    errors: list[str]  # translated messages; the invalid value is replaced by its default

    def month_choices(self) -> list[Month]:
        """The months of the month select, newest first, always including the one shown. A select of month names,
        not <input type=month>, whose look and order follow the browser's locale, not the chosen language."""
        this_month = Month.parse(None)
        months = [this_month.shift(-step) for step in range(MONTHS_OFFERED)]
        return sorted(set(months) | {self.month}, reverse=True)


def parse_filters(args) -> Filters:
    """The filters from the query string; a bad month falls back to this month, a bad unit to the whole scope."""
    form = ReportFilterForm(args)
    form.validate()
    month = Month.parse(None) if form.month.errors else Month.parse(form.month.data)
    unit = "all" if form.unit.errors or not form.unit.data else form.unit.data
    errors = [translate(message) for field in (form.month, form.unit) for message in field.errors]
    return Filters(month, unit, errors)
