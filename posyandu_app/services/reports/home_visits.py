"""KF/KN home-visit coverage for a month (docs/REPORTS.md): newborns with KN1 and with all KN windows, mothers with
all KF windows after a delivery in the month, and the danger signs kader found on the month's home visits and
whether they referred. The windows are read from postnatal_rules.json; counts roll up posyandu -> desa -> total."""
from collections import defaultdict

from sqlalchemy import select

from ...domain.data import load
from ...extensions import db
from ...models import NewbornVisit, Person, PostnatalVisit, PregnancyEpisode
from .periods import Month, in_month, on_register
from .rollup import add_up, ratio, roll_up, table_rows

_RULES = load("postnatal_rules")
KN_WINDOWS = tuple(window["code"] for window in _RULES["kn"]["windows"])
KF_WINDOWS = tuple(window["code"] for window in _RULES["kf"]["windows"])
FIGURES = ("newborns", "kn1", "kn_complete", "kf_cohort", "kf_complete",
           "kn_visits", "kn_danger", "kn_referred", "kf_visits", "kf_danger", "kf_referred")
# (share, numerator, denominator): each share is over the people it can concern
SHARES = (("kn1_pct", "kn1", "newborns"), ("kn_complete_pct", "kn_complete", "newborns"),
          ("kf_complete_pct", "kf_complete", "kf_cohort"),
          ("kn_referred_pct", "kn_referred", "kn_danger"), ("kf_referred_pct", "kf_referred", "kf_danger"))


def _windows(model, person_ids, since=None):
    """{person_id: {window codes of their current visits}} (visits on or after `since`[person] when given)."""
    seen = defaultdict(set)
    if person_ids:
        for person_id, window, day in db.session.execute(
                select(model.person_id, model.window, model.visit_date)
                .where(model.person_id.in_(person_ids), model.is_current.is_(True))):
            if since is None or day >= since[person_id]:
                seen[person_id].add(window)
    return seen


def _newborns(posyandu_ids, month, result):
    """Newborns: persons on the register born in the month (their birth date, whatever recorded the birth)."""
    babies = db.session.execute(select(Person.id, Person.posyandu_id).where(
        Person.posyandu_id.in_(posyandu_ids), in_month(Person.birth_date, month), on_register(month))).all()
    seen = _windows(NewbornVisit, [person_id for person_id, _ in babies])
    for person_id, posyandu_id in babies:
        figures = result[posyandu_id]
        figures["newborns"] += 1
        figures["kn1"] += KN_WINDOWS[0] in seen[person_id]
        figures["kn_complete"] += set(KN_WINDOWS) <= seen[person_id]


def _mothers(posyandu_ids, month, result):
    """Mothers whose pregnancy was delivered in the month (the episode's delivery date), counted per delivery."""
    deliveries = db.session.execute(
        select(PregnancyEpisode.person_id, Person.posyandu_id, PregnancyEpisode.delivery_date)
        .join(Person, Person.id == PregnancyEpisode.person_id)
        .where(Person.posyandu_id.in_(posyandu_ids), PregnancyEpisode.outcome == "delivered",
               PregnancyEpisode.deleted_at.is_(None), in_month(PregnancyEpisode.delivery_date, month),
               on_register(month))).all()
    since = {person_id: delivered for person_id, _, delivered in deliveries}
    seen = _windows(PostnatalVisit, list(since), since)
    for person_id, posyandu_id, _ in deliveries:
        result[posyandu_id]["kf_cohort"] += 1
        result[posyandu_id]["kf_complete"] += set(KF_WINDOWS) <= seen[person_id]


def _danger(posyandu_ids, month, result):
    """The month's current home visits where they took place: how many, with a danger sign, and referred."""
    for model, prefix in ((NewbornVisit, "kn"), (PostnatalVisit, "kf")):
        for posyandu_id, danger, referred in db.session.execute(
                select(model.posyandu_id, model.danger, model.referred)
                .where(model.posyandu_id.in_(posyandu_ids), model.is_current.is_(True),
                       in_month(model.visit_date, month))):
            figures = result[posyandu_id]
            figures[f"{prefix}_visits"] += 1
            figures[f"{prefix}_danger"] += bool(danger)
            figures[f"{prefix}_referred"] += bool(danger and referred)


def collect(posyandu_ids, month: Month) -> dict:
    """{posyandu_id: {figure: n}} of FIGURES."""
    result = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    if posyandu_ids:
        _newborns(posyandu_ids, month, result)
        _mothers(posyandu_ids, month, result)
        _danger(posyandu_ids, month, result)
    return result


def coverage_by_month(posyandu_ids, months) -> dict:
    """{posyandu_id: {month key: {"newborns", "kn1", "kf_cohort", "kf_complete"}}} for the PWS trends: the cohorts
    of each month as `collect` counts them (on the register at that month's end), in one pass over the range."""
    result = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    if not posyandu_ids or not months:
        return result
    first, last = months[0].first, months[-1].last
    month_of = {(m.year, m.month): m for m in months}

    def on_register_then(day, left_on):
        return left_on is None or left_on > month_of[(day.year, day.month)].last

    babies = db.session.execute(select(Person.id, Person.posyandu_id, Person.birth_date, Person.left_on).where(
        Person.posyandu_id.in_(posyandu_ids), Person.birth_date >= first, Person.birth_date <= last,
        Person.deleted_at.is_(None), Person.merged_into_id.is_(None))).all()
    babies = [b for b in babies if on_register_then(b.birth_date, b.left_on)]
    seen = _windows(NewbornVisit, [b.id for b in babies])
    for baby in babies:
        counts = result[baby.posyandu_id][month_of[(baby.birth_date.year, baby.birth_date.month)].key]
        counts["newborns"] += 1
        counts["kn1"] += KN_WINDOWS[0] in seen[baby.id]
    deliveries = db.session.execute(
        select(PregnancyEpisode.person_id, Person.posyandu_id, PregnancyEpisode.delivery_date, Person.left_on)
        .join(Person, Person.id == PregnancyEpisode.person_id)
        .where(Person.posyandu_id.in_(posyandu_ids), PregnancyEpisode.outcome == "delivered",
               PregnancyEpisode.deleted_at.is_(None), PregnancyEpisode.delivery_date >= first,
               PregnancyEpisode.delivery_date <= last, Person.deleted_at.is_(None), Person.merged_into_id.is_(None))
    ).all()
    deliveries = [d for d in deliveries if on_register_then(d.delivery_date, d.left_on)]
    seen = _windows_after(PostnatalVisit, deliveries)
    for delivery in deliveries:
        counts = result[delivery.posyandu_id][month_of[(delivery.delivery_date.year, delivery.delivery_date.month)].key]
        counts["kf_cohort"] += 1
        counts["kf_complete"] += set(KF_WINDOWS) <= seen[(delivery.person_id, delivery.delivery_date)]
    return result


def _windows_after(model, deliveries):
    """{(person_id, delivery date): {window codes of her current visits since that delivery}}."""
    seen = defaultdict(set)
    by_person = defaultdict(list)
    for delivery in deliveries:
        by_person[delivery.person_id].append(delivery.delivery_date)
    visits = _visit_dates(model, list(by_person))
    for person_id, days in by_person.items():
        for delivered in days:
            seen[(person_id, delivered)] = {window for day, window in visits[person_id] if day >= delivered}
    return seen


def _visit_dates(model, person_ids):
    out = defaultdict(list)
    if person_ids:
        for person_id, window, day in db.session.execute(
                select(model.person_id, model.window, model.visit_date)
                .where(model.person_id.in_(person_ids), model.is_current.is_(True))):
            out[person_id].append((day, window))
    return out


def shares(figures: dict) -> dict:
    return {name: ratio(figures.get(top, 0), figures.get(bottom, 0)) for name, top, bottom in SHARES}


def _show(figures):
    figures = {**dict.fromkeys(FIGURES, 0), **figures}
    return {"figures": figures, "shares": shares(figures)}


def monthly_report(unit, month: Month) -> dict:
    rolled = roll_up(unit, collect(unit.posyandu_ids, month), add_up, _show)
    total = _show(rolled["total"])
    return {"month": month, "unit": unit, "totals": total["figures"], "shares": total["shares"],
            "rollup": table_rows(rolled["desa"])}
