"""PWS (pemantauan wilayah setempat): 12-month trends of D/S, N/D, stunting, screening coverage and low birth weight
per posyandu and desa with traffic lights against configurable targets, and the late-uploads view."""
import json
from collections import defaultdict
from pathlib import Path

from sqlalchemy import and_, case, func, literal, select

from ...clock import field_today
from ...extensions import db
from ...domain.data import DATA_DIR
from ...models import Delivery, GrowthVisit, Person, Screening
from ...visit_kinds import visit_models
from .periods import (ADULT_FROM_YEARS, UNDER_FIVE_MONTHS, Month, byte_order, in_month, months_ending, not_left_by,
                      on_register, registered_on, under_five_born_after, years_ago)
from . import home_visits, pws_programmes
from .rollup import add_up, ratio, roll_up
from .skdn import registered_persons

INDICATORS = ("ds", "nd", "stunting", "screening", "bblr", "kn1", "kf")


def targets(path=None) -> dict:
    """Targets per indicator from `path` (the edge passes config PWS_TARGETS_FILE) over the shipped
    static/data/pws_targets.json: a deployment's file written before an indicator existed keeps that one's target."""
    shipped = json.loads((DATA_DIR / "pws_targets.json").read_text(encoding="utf-8"))["indicators"]
    if not path:
        return shipped
    return {**shipped, **json.loads(Path(path).read_text(encoding="utf-8"))["indicators"]}


def light(indicator: str, value: float | None, all_targets: dict) -> str:
    """'ok' (green), 'warn' (amber), 'bad' (red) or 'none' (no data) for a value against its target."""
    if value is None:
        return "none"
    target = all_targets[indicator]
    if target["direction"] == "lower":
        return "ok" if value <= target["good"] else "warn" if value <= target["warn"] else "bad"
    return "ok" if value >= target["good"] else "warn" if value >= target["warn"] else "bad"


def _by_month(date_column, months: list[Month], value):
    """SQL CASE: value(index, month) of the month a date falls in (the caller bounds the dates). One month needs
    no CASE (and a CASE without WHEN is not SQL)."""
    *earlier, last = months
    if not earlier:
        return literal(value(0, last))
    return case(*[(date_column <= m.last, value(i, m)) for i, m in enumerate(earlier)],
                else_=value(len(earlier), last))


def _month_index(date_column, months: list[Month]):
    """SQL CASE: the index in `months` of the month a date falls in."""
    return _by_month(date_column, months, lambda i, m: i)


def _growth_by_month(posyandu_ids, months):
    """D, N, stunted and HFA-measured per posyandu and month index: one row per child and month (latest visit)."""
    visit = GrowthVisit
    born_after = _by_month(visit.visit_date, months, lambda i, m: under_five_born_after(m.last))
    under_five = case((visit.age_months.is_not(None), visit.age_months < UNDER_FIVE_MONTHS), else_=Person.birth_date > born_after)
    month_last = _by_month(visit.visit_date, months, lambda i, m: m.last)
    base = (select(visit.posyandu_id, visit.person_id, visit.id, visit.visit_date, visit.created_at, visit.kms_code,
                   visit.stunted, visit.hfa_category, _month_index(visit.visit_date, months).label("m"))
            .join(Person, Person.id == visit.person_id)
            .where(visit.posyandu_id.in_(posyandu_ids), visit.is_current.is_(True), visit.weight_kg.is_not(None),
                   visit.visit_date >= months[0].first, visit.visit_date <= months[-1].last,
                   registered_on(month_last), under_five)
            .subquery("base"))
    b = base.c
    latest_first = func.row_number().over(partition_by=(byte_order(b.person_id), b.m),
                                          order_by=(b.visit_date.desc(), b.created_at.desc(), byte_order(b.id).desc()))
    ranked = select(b.posyandu_id, b.m, b.kms_code, b.stunted, b.hfa_category,
                    latest_first.label("rank")).subquery("ranked")
    c = ranked.c
    return (select(c.posyandu_id, c.m, func.count().label("D"),
                   func.sum(case((c.kms_code == "N", 1), else_=0)).label("N"),
                   func.sum(case((c.stunted.is_(True), 1), else_=0)).label("stunted"),
                   func.sum(case((c.hfa_category.is_not(None), 1), else_=0)).label("hfa_measured"))
            .where(c.rank == 1).group_by(c.posyandu_id, c.m))


def _targets_by_month(posyandu_ids, months):
    """S (children 0-59 months at each month end) and adults (>= 15 years) registered: one scan, a column pair
    per month (pivoted back into rows by the caller)."""
    columns = []
    for m in months:
        child = and_(Person.birth_date <= m.last, Person.birth_date > under_five_born_after(m.last), not_left_by(m.last))
        adult = and_(Person.birth_date <= years_ago(m.last, ADULT_FROM_YEARS), not_left_by(m.last))
        columns += [func.sum(case((child, 1), else_=0)).label(f"S|{m.key}"),
                    func.sum(case((adult, 1), else_=0)).label(f"adults|{m.key}")]
    return (select(Person.posyandu_id, *columns)
            .where(registered_persons(posyandu_ids, months[0]))
            .group_by(Person.posyandu_id))


def _screened_by_month(posyandu_ids, months):
    """Adults screened at least once in the 12 months up to each month end (rolling yearly coverage): one scan,
    a distinct count per month."""
    screening = Screening
    columns = [func.count(func.distinct(case((and_(screening.visit_date >= m.shift(-11).first,
                                                   screening.visit_date <= m.last,
                                                   Person.birth_date <= years_ago(m.last, ADULT_FROM_YEARS), not_left_by(m.last)),
                                              screening.person_id), else_=None))).label(f"screened|{m.key}")
               for m in months]
    return (select(screening.posyandu_id, *columns)
            .join(Person, Person.id == screening.person_id)
            .where(screening.posyandu_id.in_(posyandu_ids), screening.is_current.is_(True),
                   screening.visit_date >= months[0].shift(-11).first, screening.visit_date <= months[-1].last,
                   on_register(months[0]))
            .group_by(screening.posyandu_id))


def _births_by_month(posyandu_ids, months):
    """Births recorded per posyandu and month index (docs/REPORTS.md births recap): live births weighed, BBLR."""
    d, live = Delivery, Delivery.live_birth.is_(True)
    return (select(d.posyandu_id, _month_index(d.visit_date, months).label("m"), func.count().label("births"),
                   func.sum(case((and_(live, d.birth_weight_kg.is_not(None)), 1), else_=0)).label("births_weighed"),
                   func.sum(case((and_(live, d.low_birth_weight.is_(True)), 1), else_=0)).label("bblr"))
            .join(Person, Person.id == d.person_id)
            .where(d.posyandu_id.in_(posyandu_ids), d.is_current.is_(True), Person.deleted_at.is_(None),
                   d.visit_date >= months[0].first, d.visit_date <= months[-1].last)
            .group_by(d.posyandu_id, "m"))


def collect(posyandu_ids, month: Month, count: int = 12) -> tuple[list[Month], dict]:
    """({posyandu_id: {month key: {count: n}}}) for the `count` months ending with `month`."""
    months = months_ending(month, count)
    data = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    if not posyandu_ids:
        return months, data
    for query, names in ((_growth_by_month, ("D", "N", "stunted", "hfa_measured")),
                         (_births_by_month, ("births", "births_weighed", "bblr"))):
        for row in db.session.execute(query(posyandu_ids, months)).mappings():
            for name in names:
                data[row["posyandu_id"]][months[row["m"]].key][name] += int(row[name] or 0)
    for query in (_targets_by_month(posyandu_ids, months), _screened_by_month(posyandu_ids, months)):
        for row in db.session.execute(query).mappings():
            for column, value in row.items():
                if column != "posyandu_id":
                    name, key = column.split("|")
                    data[row["posyandu_id"]][key][name] += int(value or 0)
    for posyandu_id, by_month in home_visits.coverage_by_month(posyandu_ids, months).items():  # KN1, KF lengkap
        for key, counts in by_month.items():
            for name, value in counts.items():
                data[posyandu_id][key][name] += value
    return months, data


def indicators(counts: dict) -> dict:
    return {"ds": ratio(counts.get("D", 0), counts.get("S", 0)), "nd": ratio(counts.get("N", 0), counts.get("D", 0)),
            "stunting": ratio(counts.get("stunted", 0), counts.get("hfa_measured", 0)),
            "screening": ratio(counts.get("screened", 0), counts.get("adults", 0)),
            "bblr": ratio(counts.get("bblr", 0), counts.get("births_weighed", 0)),
            "kn1": ratio(counts.get("kn1", 0), counts.get("newborns", 0)),
            "kf": ratio(counts.get("kf_complete", 0), counts.get("kf_cohort", 0))}


def _series(by_month: dict, months: list[Month], all_targets: dict) -> dict:
    values = [indicators(by_month.get(m.key, {})) for m in months]
    latest = values[-1]
    return {"counts": [dict(by_month.get(m.key, {})) for m in months],
            "series": {name: [v[name] for v in values] for name in INDICATORS},
            "latest": latest, "lights": {name: light(name, latest[name], all_targets) for name in INDICATORS}}


def dashboard(unit, month: Month, all_targets: dict | None = None) -> dict:
    """Trend lines for the whole unit, each desa and each posyandu, with the traffic light of the last month
    against `all_targets` (targets(); the shipped ones when None)."""
    months, data = collect(unit.posyandu_ids, month)
    all_targets = all_targets or targets()
    rolled = roll_up(unit, data, add_up, lambda counts: _series(counts, months, all_targets))
    return {"month": month, "unit": unit, "months": months, "targets": all_targets,
            "overall": _series(rolled["total"], months, all_targets), "desa": rolled["desa"],
            "programmes": pws_programmes.tables(unit.posyandu_ids, months, all_targets, light)}


def late_uploads(unit, month: Month) -> list[dict]:
    """Every posyandu of the unit with its records dated in the month (`counts` per visit kind), its last visit and
    upload within the 12 months up to the month end; 'late' when nothing is dated in the month, unless the
    posyandu's day of that month has not come yet ('waiting', with its date: on the 5th nobody is late for the 10th)."""
    today = field_today()
    counts = defaultdict(dict)
    for kind, model in visit_models().items():
        query = (select(model.posyandu_id,
                        func.sum(case((in_month(model.visit_date, month), 1), else_=0)).label("in_month"),
                        func.max(model.created_at).label("last_upload"), func.max(model.visit_date).label("last_visit"))
                 .where(model.posyandu_id.in_(unit.posyandu_ids), model.is_current.is_(True),
                        model.visit_date <= month.last, model.visit_date >= month.shift(-11).first)
                 .group_by(model.posyandu_id))
        for row in db.session.execute(query).mappings():
            counts[row["posyandu_id"]][kind] = row
    rows = []
    for pustu, members in unit.groups:
        for facility in members:
            found = counts.get(facility.id, {})
            per_kind = {kind: int(found[kind]["in_month"] or 0) if kind in found else 0 for kind in visit_models()}
            uploads = [row["last_upload"] for row in found.values() if row["last_upload"]]
            visits = [row["last_visit"] for row in found.values() if row["last_visit"]]
            due_on = facility.posyandu_day_in(month.year, month.month)
            waiting = not sum(per_kind.values()) and due_on is not None and today < due_on
            rows.append({"facility": facility, "pustu": pustu, "counts": per_kind, "total": sum(per_kind.values()),
                         "late": sum(per_kind.values()) == 0 and not waiting, "waiting": waiting, "due_on": due_on,
                         "last_upload": max(uploads) if uploads else None,
                         "last_visit": max(visits) if visits else None})
    rows.sort(key=lambda row: (not row["late"], row["pustu"].name, row["facility"].name))
    return rows
