"""What one visit kind declares, once: the fields of a registry entry (see docs/ARCHITECTURE.md)."""
from dataclasses import dataclass, field

from marshmallow import EXCLUDE, Schema

from ..sync_fields import Uuid, boolean, date, text


class DataSchema(Schema):
    """The `data` of a pushed op: types and ranges, errors as {"id", "en"} pairs."""
    class Meta:
        unknown = EXCLUDE  # results and other server-owned fields the client may send are ignored


class VisitData(DataSchema):
    """What every visit op carries besides its own measurements."""
    person_id = Uuid(required=True)
    visit_date = date(required=True)
    notes = text(2000)
    referred = boolean()


@dataclass(frozen=True)
class Review:
    """What a reviewer sees of a visit (web/visit_view.py): columns by group, and yes/no results as badges."""
    measured: tuple[str, ...]  # measured values, labels "field.<column>"
    results: tuple[str, ...]  # server results
    history: tuple[str, ...]  # the few figures of a history table, headers "short.<column>"
    badges: tuple[tuple[str, str, str], ...] = ()  # (promoted yes/no column, catalog key, level)


@dataclass(frozen=True)
class Twin:
    """The JS rule twin the phone assesses with offline (static/js/rules/<module>.js)."""
    module: str
    function: str
    inputs: tuple[str, ...]  # names of the form's input object, passed in this order
    # the module's function building that input object from a stored record and its context ({person, visits: the
    # person's current records, episode, today}), as the form builds it: the phone assesses a downloaded record
    # with it (static/js/recompute.js). None: never recomputed (an immunization card is drawn from all doses)
    record_input: str | None = None


# A number of the rule data the client reads where it is: (static/data/<file>.json, dotted path), e.g.
# ("adult_rules", "age_min_years.value"); declarations name numbers, they never copy them.
RuleValue = tuple[str, str]


@dataclass(frozen=True)
class Offer:
    """Who the person page offers the kind's form to (static/js/screens/detail.js): every condition given must hold."""
    label: str  # catalog key of its button
    groups: tuple[str, ...] = ()  # the person's life-cycle group (people.js group(): balita, pregnant, ...); () any
    sex: str | None = None  # "F" or "M"; None: either
    min_age_years: RuleValue | None = None  # completed years, inclusive
    max_age_years: RuleValue | None = None  # completed years, inclusive
    max_age_days: RuleValue | None = None  # days since birth, inclusive (a newborn: 0-28 days)
    # (entity, date column, days): only while a record of that entity has the date at most `days` before today
    # (a mother's postnatal visit: her pregnancy's delivery_date within the 42 days of the postnatal period)
    since: tuple[str, str, RuleValue] | None = None
    needs_open: str | None = None  # only while the person has an open record of this kind (entity): its parent
    label_open: str | None = None  # the button's label while the person has an open record of this very kind
    label_from_age: tuple[str, str, str] | None = None  # (file, path, label key): the label from that age in years


@dataclass(frozen=True)
class Open:
    """A record edited in place that stays open for a while (a pregnancy until it has an outcome)."""
    field: str  # its column that says so
    values: tuple  # open while the column holds one of these (None: not filled in)
    group: str | None = None  # the person's life-cycle group while it is open (people.js group(): 'pregnant')


@dataclass(frozen=True)
class Close:
    """What recording a visit does to the record it hangs below: a delivery ends its pregnancy (docs/SYNC.md)."""
    field: str  # the parent's column set, e.g. outcome
    value: str  # to this value, e.g. "delivered"
    date_field: str  # the parent's column given the visit's date, e.g. delivery_date


@dataclass(frozen=True)
class Client:
    """What the field app needs to know of the kind (sent as static/data/visit_kinds.json)."""
    title: str  # catalog key of its name in the person's history
    twin: Twin
    result: str  # the result block of static/js/results.js that draws its result card
    screen: str | None = None  # static/js/screens/<screen>.js: the form, also used to correct a returned visit
    route: str | None = None  # #/person/<id>/<route> opens the form
    offer: Offer | None = None  # who the person page offers the form to; None: never offered there
    open: Open | None = None  # records edited in place: when one is open (its result card shows on the person page)
    group: str | None = None  # the life-cycle group its visits show the person in (a pregnancy visit: 'pregnant')
    chart: str | None = None  # a chart of static/js/screens/visit.js CHARTS, drawn over the person's visits of it
    due_for: tuple[str, ...] = ()  # the life-cycle groups whose roster "due" its last visit decides (people.isDue)
    group_titles: tuple[tuple[str, str], ...] = ()  # (group, title key): its name for a person of that group on
    # the visit date (a screening from 60 years is "Skrining lansia"), `title` for anyone else
    remeasure: bool = False  # true `flags` of its result mark implausible measurements: measured again, not read
    # field -> the roles whose form shows it (a field not named here is for everyone): what a bidan measures at the
    # posyandu and a kader does not (haemoglobin, fundal height, fetal heart rate). The phone reads it (kinds.js).
    field_roles: dict = field(default_factory=dict)
    closes: Close | None = None  # recording one closes its parent record (server: services/sync_ops; phone: store)


@dataclass(frozen=True)
class VisitKind:
    """One ILP service (or the pregnancy episode its visits hang below), declared once."""
    entity: str  # sync entity name on the wire (docs/SYNC.md), AuditLog/Review entity, catalog suffix
    model: type  # SQLAlchemy model (models/visits.py)
    schema: type  # marshmallow schema of its op `data`
    name: str  # stem of its OpenAPI component names: <name>Data, <name>Record
    assess: str  # "<module>.<function>" of services/assess/: runs the domain twin, sets the promoted columns
    promoted: tuple[str, ...]  # result columns the assessment promotes for reports and queues
    rule_data: tuple[str, ...]  # static/data/<name>.json its twins read
    client: Client
    review: Review | None = None  # None: not reviewed on its own (the pregnancy episode)
    append_only: bool = True  # visits: a change is a correction; False: edited in place with base_version
    parent: str | None = None  # the column naming the record it hangs below (a pregnancy visit's episode_id)
    reassess_following: bool = False  # a new or corrected record changes the assessment of later ones (KMS)
    history_of_person: bool = False  # its assessment is given the person's other current records of the kind
    dated_by: str = "visit_date"  # the column that dates a record (histories, lists): a pregnancy's hpht
    heading: str | None = None  # catalog key of its section on the bidan's person page; None: review.type.<entity>
    risks: str | None = None  # module of services/risks/ declaring its high-risk REASONS; None: none
    # where a column's value sits in the result: (column, dotted path, decimals or None); "x[]" is "x is a non-empty
    # list"; a path ending at a {"code", "id", "en"} node is a code shown by its label to a reviewer
    # (web/visit_view.py). The phone compares its recomputed result with the server's columns by it.
    promoted_from: tuple[tuple[str, str, int | None], ...] = ()

    @property
    def section_heading(self) -> str:
        return self.heading or f"review.type.{self.entity}"

    @property
    def catalog_keys(self) -> tuple[str, ...]:
        """Catalog entries each kind has, in both languages (tests/unit/test_visit_kinds.py)."""
        keys = (f"review.type.{self.entity}", f"field.title_{self.entity}", f"dup.count.{self.entity}",
                self.client.title)
        return (*keys, f"reports.late.{self.entity}") if self.append_only else keys  # its late-uploads column
