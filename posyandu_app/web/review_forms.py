"""WTForms for the review, high-risk and person pages; labels and messages are catalog keys."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, RadioField, SearchField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ..formats import date_input, parse_day

from ..services.high_risk import GROUPS, REASON_CODES
from ..services.review import NOTE_MAX
from ..visit_kinds import visit_kinds

ENTITIES = tuple(kind.entity for kind in visit_kinds())  # what the queue holds, in the registry's order


def _choices(pairs):
    return [SelectChoice(value, label) for value, label in pairs]


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class DayField(Field):
    """A date typed as dd/mm/yyyy (or ISO, for old links), whatever the browser's locale: a text input, not the
    browser's own date widget. A bad value keeps the typed text and carries a catalog key as its error."""

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else ""
        self.data = None
        self.data = parse_day(self.raw)  # a ValueError (catalog key) becomes the field's error

    def _value(self):
        return self.raw if getattr(self, "raw", None) and self.data is None else date_input(self.data)


class _GetForm(FlaskForm):
    """Filters travel in the query string: no CSRF token (they change nothing)."""

    class Meta:
        csrf = False

    def __init__(self, posyandus, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everywhere = [("", "review.filter.all_posyandu")]
        self.posyandu.choices = _choices(everywhere + [(str(p.id), p.name) for p in posyandus])


class QueueFilterForm(_GetForm):
    posyandu = SelectField("review.filter.posyandu", coerce=_optional_int, validators=[Optional()])
    entity = SelectField("review.filter.type", validators=[Optional()],
                         choices=_choices([("", "review.filter.all_types")]
                                          + [(e, f"review.type.{e}") for e in ENTITIES]))
    date_from = DayField("review.filter.date_from", validators=[Optional()])
    date_to = DayField("review.filter.date_to", validators=[Optional()])
    flagged = BooleanField("review.filter.flagged_only")


class HighRiskFilterForm(_GetForm):
    group = SelectField("risk.filter.group", validators=[Optional()],
                        choices=_choices([("", "risk.filter.all_groups")] + [(g, f"risk.group.{g}") for g in GROUPS]))
    reason = SelectField("risk.filter.reason", validators=[Optional()],
                         choices=_choices([("", "risk.filter.all_reasons")]
                                          + [(r, f"risk.reason.{r}") for r in REASON_CODES]))
    posyandu = SelectField("review.filter.posyandu", coerce=_optional_int, validators=[Optional()])
    open_only = BooleanField("risk.filter.open_only")


class ImmunizationDueForm(_GetForm):
    posyandu = SelectField("review.filter.posyandu", coerce=_optional_int, validators=[Optional()])


class PersonSearchForm(_GetForm):
    q = SearchField("people.search_label", validators=[Optional(), Length(max=120)])
    posyandu = SelectField("review.filter.posyandu", coerce=_optional_int, validators=[Optional()])


class ActionForm(FlaskForm):
    """A button that changes something: carries only the CSRF token."""


class ReturnForm(FlaskForm):
    note = TextAreaField("review.return_note", validators=[DataRequired("review.error.note_required"),
                                                           Length(max=NOTE_MAX, message="review.error.note_too_long")])


class FollowUpForm(FlaskForm):
    note = TextAreaField("risk.follow_up_note", validators=[Optional(), Length(max=NOTE_MAX,
                                                                              message="review.error.note_too_long")])


class BulkVerifyForm(FlaskForm):
    items = SelectMultipleField("review.bulk_items", validate_choice=False)

    def keys(self):
        """The chosen items as (entity, id) pairs; malformed values are dropped."""
        pairs = (value.partition(":") for value in self.items.data or [])
        return [(entity, visit_id) for entity, _, visit_id in pairs if entity in ENTITIES and visit_id]


class MergeForm(FlaskForm):
    keep = RadioField("dup.keep", validators=[DataRequired("dup.error.choose_keep")], validate_choice=False)
