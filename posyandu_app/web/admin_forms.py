"""WTForms for the set-up pages (facilities, accounts, audit); labels and messages are catalog keys."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from .review_forms import DayField, _choices, _optional_int


def _posyandu_day():
    # A select, not a number box: a phone offers the 31 days to tap, and nothing else can be typed.
    return SelectField("facility.posyandu_day", coerce=_optional_int, validators=[Optional()], validate_choice=False,
                       choices=_choices([("", "facility.posyandu_day_none")] + [(str(day), str(day)) for day in range(1, 32)]))


class FacilityForm(FlaskForm):
    code = StringField("facility.code", validators=[DataRequired("form.required"), Length(max=32)])
    name = StringField("facility.name", validators=[DataRequired("form.required"), Length(max=120)])
    kecamatan = StringField("facility.kecamatan", validators=[Optional(), Length(max=120)])
    kabupaten = StringField("facility.kabupaten", validators=[Optional(), Length(max=120)])
    desa = SelectField("facility.desa", coerce=_optional_int, validators=[Optional()], validate_choice=False)
    posyandu_day = _posyandu_day()

    def set_desa(self, desas, empty="facility.desa_none"):
        self.desa.choices = _choices([("", empty)] + [(str(d.id), f"{d.name} · {d.region_code}") for d in desas])


class RenameForm(FlaskForm):
    code = StringField("facility.code", validators=[DataRequired("form.required"), Length(max=32)])
    name = StringField("facility.name", validators=[DataRequired("form.required"), Length(max=120)])
    posyandu_day = _posyandu_day()


class MoveForm(FlaskForm):
    parent = SelectField("facility.new_parent", coerce=_optional_int, validators=[DataRequired("form.required")],
                         validate_choice=False)
    desa = SelectField("facility.desa", coerce=_optional_int, validators=[Optional()], validate_choice=False)

    def set_choices(self, parents, desas):
        self.parent.choices = _choices([("", "facility.choose")] + [(str(p.id), f"{p.name} · {p.code}")
                                                                      for p in parents])
        self.desa.choices = _choices([("", "facility.desa_none")]
                                     + [(str(d.id), f"{d.name} · {d.region_code} ({d.pustu.name})") for d in desas])


class DesaForm(FlaskForm):
    region_code = StringField("desa.region_code", validators=[DataRequired("form.required"), Length(max=13)])
    name = StringField("desa.name", validators=[DataRequired("form.required"), Length(max=120)])
    kelurahan = BooleanField("desa.kelurahan")


class AuditFilterForm(FlaskForm):
    """Filters travel in the query string: no CSRF token (they change nothing)."""

    class Meta:
        csrf = False

    facility = SelectField("audit.filter.facility", coerce=_optional_int, validators=[Optional()])
    user = SelectField("audit.filter.user", coerce=_optional_int, validators=[Optional()])
    action = SelectField("audit.filter.action", validators=[Optional()])
    date_from = DayField("review.filter.date_from", validators=[Optional()])
    date_to = DayField("review.filter.date_to", validators=[Optional()])
    page = StringField("pager.label", validators=[Optional()])

    def set_choices(self, facilities, users, actions):
        self.facility.choices = _choices([("", "audit.filter.all_facilities")]
                                         + [(str(f.id), f"{f.name} · {f.code}") for f in facilities])
        self.user.choices = _choices([("", "audit.filter.all_users")]
                                     + [(str(u.id), f"{u.full_name} ({u.username})") for u in users])
        self.action.choices = _choices([("", "audit.filter.all_actions")]
                                       + [(a, f"audit.action.{a}") for a in actions])


class UserForm(FlaskForm):
    username = StringField("account.username", validators=[DataRequired("form.required"), Length(max=64)])
    full_name = StringField("account.full_name", validators=[DataRequired("form.required"), Length(max=120)])
    role = SelectField("account.role", validators=[DataRequired("form.required")], validate_choice=False)
    # Optional here: a district admin has none; the service says which roles need one.
    facility = SelectField("account.facility", coerce=_optional_int, validate_choice=False)

    def set_choices(self, roles, facilities):
        self.role.choices = _choices([(r.value, f"role.{r.value}") for r in roles])
        self.facility.choices = _facility_choices(facilities)


class ReassignForm(FlaskForm):
    facility = SelectField("account.facility", coerce=_optional_int, validators=[DataRequired("form.required")],
                           validate_choice=False)


def _facility_choices(facilities, empty="facility.choose"):
    return _choices([("", empty)]
                    + [(str(f.id), f"{f.name} · {f.code} ({f.kind.value})") for f in facilities])


class UserFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("account.filter.q", validators=[Optional(), Length(max=64)])
    role = SelectField("account.role", validators=[Optional()], choices=_choices(
        [("", "account.filter.all_roles")] + [(r, f"role.{r}") for r in ("kader", "bidan", "supervisor", "admin")]))
    facility = SelectField("account.facility", coerce=_optional_int, validators=[Optional()])
    status = SelectField("account.filter.status", validators=[Optional()], choices=_choices(
        [("", "account.filter.all_status"), ("active", "account.status.active"),
         ("inactive", "account.status.inactive")]))
    page = StringField("pager.label", validators=[Optional()])


def page_number(field) -> int:
    """The ?page= of a paged list: a plain number, anything else is page 1 (the service clamps it to the last)."""
    text = field.data or "1"
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else 1


class RosterForm(FlaskForm):
    file = FileField("roster.file", validators=[FileRequired("form.required")])
    posyandu = SelectField("roster.default_posyandu", coerce=_optional_int, validators=[Optional()])


class ConfirmForm(FlaskForm):
    token = HiddenField(validators=[DataRequired("form.required"), Length(max=64)])
