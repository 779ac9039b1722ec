"""Pregnancy recap for a month: women pregnant, K1-K6 reached, KEK, anaemia, hypertension, danger signs, referrals."""
from datetime import timedelta

from sqlalchemy import and_, case, func, or_, select

from ...domain.data import load
from ...extensions import db
from ...models import Person, PregnancyEpisode, PregnancyVisit
from .periods import Month, on_register
from .rollup import add_up, ratio, roll_up, table_rows

_RULES = load("pregnancy_rules")
ANC_CONTACTS = range(1, _RULES["anc"]["min_contacts"] + 1)  # K1..K6: pregnancy_rules.json `anc.min_contacts`
# An episode with no delivery recorded counts as pregnant up to HPHT + this (pregnancy_rules.json `limits`).
MAX_PREGNANCY_DAYS = _RULES["limits"]["report_pregnant_max_days"]
# The longest an episode spans from its HPHT (no visit precedes the HPHT): the window of visits to read.
EPISODE_SPAN_DAYS = max(MAX_PREGNANCY_DAYS, _RULES["limits"]["delivery_weeks_after_hpht"]["max"] * 7)
FLAGS = ("kek", "anaemia", "hypertension", "danger", "referral")
FIGURES = ("pregnant", "visited", *(f"K{n}" for n in ANC_CONTACTS), *FLAGS, "high_risk")


def _in_month(column, month):
    return and_(column >= month.first, column <= month.last)


def _per_episode(posyandu_ids, month: Month):
    """Per episode of these posyandu: highest ANC contact by the month end, and whether a visit in the month
    raised each flag. Only visits since the earliest HPHT an episode pregnant in the month can have are read."""
    visit, episode = PregnancyVisit, PregnancyEpisode
    in_month = _in_month(visit.visit_date, month)

    def any_in_month(condition):
        return func.max(case((and_(in_month, condition), 1), else_=0))

    return (select(visit.episode_id,
                   func.max(case((visit.visit_date <= month.last, visit.anc_contact), else_=None)).label("contacts"),
                   any_in_month(visit.id.is_not(None)).label("visited"),
                   any_in_month(visit.kek.is_(True)).label("kek"),
                   any_in_month(visit.anaemia.is_(True)).label("anaemia"),
                   any_in_month(visit.hypertension.is_(True)).label("hypertension"),
                   any_in_month(visit.danger.is_(True)).label("danger"),
                   any_in_month(visit.needs_referral.is_(True)).label("referral"))
            .join(episode, episode.id == visit.episode_id)
            .where(episode.posyandu_id.in_(posyandu_ids), visit.is_current.is_(True), visit.visit_date <= month.last,
                   visit.visit_date > month.first - timedelta(days=EPISODE_SPAN_DAYS))
            .group_by(visit.episode_id).subquery("per_episode"))


def pregnant_in_month(month: Month):
    """Pregnant at some time in the month: HPHT by the month end and not delivered (or past HPHT +
    MAX_PREGNANCY_DAYS, when no delivery is recorded) before the month began."""
    episode = PregnancyEpisode
    return and_(episode.deleted_at.is_(None), episode.hpht <= month.last,
                or_(episode.delivery_date >= month.first,
                    and_(episode.delivery_date.is_(None), episode.outcome == "ongoing",
                         episode.hpht > month.first - timedelta(days=MAX_PREGNANCY_DAYS))))


def collect(posyandu_ids, month: Month) -> dict:
    """{posyandu_id: {figure: count}} with FIGURES as keys."""
    if not posyandu_ids:
        return {}
    per = _per_episode(posyandu_ids, month)
    episode = PregnancyEpisode
    contacts = func.coalesce(per.c.contacts, 0)
    columns = [func.count().label("pregnant"), func.sum(func.coalesce(per.c.visited, 0)).label("visited"),
               *[func.sum(case((contacts >= n, 1), else_=0)).label(f"K{n}") for n in ANC_CONTACTS],
               *[func.sum(func.coalesce(per.c[flag], 0)).label(flag) for flag in FLAGS],
               func.sum(case((episode.high_risk.is_(True), 1), else_=0)).label("high_risk")]
    query = (select(episode.posyandu_id, *columns)
             .join(Person, Person.id == episode.person_id)
             .outerjoin(per, per.c.episode_id == episode.id)
             .where(episode.posyandu_id.in_(posyandu_ids), pregnant_in_month(month),
                    on_register(month))
             .group_by(episode.posyandu_id))
    return {row["posyandu_id"]: {figure: int(row[figure] or 0) for figure in FIGURES}
            for row in db.session.execute(query).mappings()}


def with_ratios(figures: dict) -> dict:
    """Adds the shares: Kn of the pregnant women, each flag of the women visited this month."""
    figures = {figure: figures.get(figure, 0) for figure in FIGURES}
    for n in ANC_CONTACTS:
        figures[f"K{n}_pct"] = ratio(figures[f"K{n}"], figures["pregnant"])
    for flag in FLAGS:
        figures[f"{flag}_pct"] = ratio(figures[flag], figures["visited"])
    return figures


def monthly_report(unit, month: Month) -> dict:
    rolled = roll_up(unit, collect(unit.posyandu_ids, month), add_up, with_ratios)
    return {"month": month, "unit": unit, "totals": with_ratios(rolled["total"]), "rollup": table_rows(rolled["desa"]),
            "follow_up": pregnancies_to_follow(unit.posyandu_ids, month)}


def pregnancies_to_follow(posyandu_ids, month: Month) -> list[dict]:
    """Women pregnant in the month with KEK, anaemia, hypertension, a danger sign or a referral this month."""
    if not posyandu_ids:
        return []
    per = _per_episode(posyandu_ids, month)
    flags = [per.c.kek, per.c.anaemia, per.c.hypertension, per.c.danger, per.c.referral]
    query = (select(Person.name, PregnancyEpisode.posyandu_id, PregnancyEpisode.hpht, per.c.contacts,
                    *flags)
             .select_from(PregnancyEpisode)
             .join(Person, Person.id == PregnancyEpisode.person_id)
             .join(per, per.c.episode_id == PregnancyEpisode.id)
             .where(PregnancyEpisode.posyandu_id.in_(posyandu_ids), pregnant_in_month(month),
                    on_register(month), or_(*[f == 1 for f in flags]))
             .order_by(PregnancyEpisode.posyandu_id, Person.name))
    return [dict(row) for row in db.session.execute(query).mappings()]
