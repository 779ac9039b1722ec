"""High-risk reasons of a pregnancy (its ANC visits, and its episode: 4 Terlalu, missed ANC contacts).

Sources: pregnancy_rules.json (danger signs, KEK, anaemia, hypertension and its severe thresholds, the trimesters'
ANC targets: Kemenkes ANC 6x, PMK 21/2021), read each time the list is asked for.
"""
from datetime import timedelta

from sqlalchemy import and_, case, func, or_, select

from ...domain.data import load
from ...extensions import db
from ...models import Person, PregnancyEpisode, PregnancyVisit
from .common import Reason, RiskRow, labels, values

FOUR_T_CODES = {"too_young", "too_old", "too_close", "too_many"}  # pregnancy_rules.json flags
DANGER_CODES = {flag["code"] for flag in load("pregnancy_rules")["flags"] if flag.get("danger_sign")}
# (trimester, its last completed week, ANC contacts due in it) for the trimesters that end before delivery.
ANC_WINDOWS = tuple((number, tm["max_week"], tm["anc_target"])
                    for number, tm in enumerate(load("pregnancy_rules")["trimesters"]["list"], start=1)
                    if tm["max_week"] is not None)


def _severe_bp(model):
    """Severe hypertension in pregnancy (urgent): either number at or above the thresholds of pregnancy_rules.json
    `flags[hypertension_severe]`, as the twins decide, so the list follows the rule without a new result column."""
    severe = next(flag for flag in load("pregnancy_rules")["flags"] if flag["code"] == "hypertension_severe")
    return or_(model.systolic >= severe["systolic_min"], model.diastolic >= severe["diastolic_min"])


_BP = values("systolic", "diastolic")
REASONS = (
    Reason("danger_signs", "pregnancy", lambda m: m.danger.is_(True),
           lambda v: {"labels": labels((v.results or {}).get("flags"), DANGER_CODES), "codes": v.danger_signs or []},
           "danger_signs"),
    Reason("kek", "pregnancy", lambda m: m.kek.is_(True), values("muac_cm"), "muac"),
    Reason("anaemia", "pregnancy", lambda m: m.anaemia.is_(True), values("hb_g_dl"), "hb"),
    Reason("pregnancy_hypertension_severe", "pregnancy",
           lambda m: and_(m.hypertension.is_(True), _severe_bp(m)), _BP, "bp", urgent=True),
    Reason("pregnancy_hypertension", "pregnancy",
           lambda m: and_(m.hypertension.is_(True), or_(m.systolic.is_(None), ~_severe_bp(m))), _BP, "bp"),
    Reason("four_t", "pregnancy"),  # the episode's 4 Terlalu flags (rows below)
    Reason("missed_anc", "pregnancy", words="anc_trimesters"),  # a trimester ended short of its ANC contacts
)


def _max_weeks():
    """After this many weeks since the HPHT the outcome is overdue, not the ANC (pregnancy_rules.json `limits`)."""
    return load("pregnancy_rules")["limits"]["hpht_max_weeks_before_visit"]


def _ongoing_episodes(allowed, today):
    """Ongoing pregnancies in scope with their current visit counts per trimester and their first visit."""
    counts = (select(PregnancyVisit.episode_id.label("episode_id"),
                     *[func.sum(case((PregnancyVisit.trimester == tm, 1), else_=0)).label(f"tm{tm}") for tm in (1, 2)],
                     func.min(PregnancyVisit.visit_date).label("first_visit"))
              .where(PregnancyVisit.is_current.is_(True), PregnancyVisit.posyandu_id.in_(allowed))
              .group_by(PregnancyVisit.episode_id).subquery())
    query = (select(PregnancyEpisode, Person, counts.c.tm1, counts.c.tm2, counts.c.first_visit)
             .join(Person, Person.id == PregnancyEpisode.person_id)
             .outerjoin(counts, counts.c.episode_id == PregnancyEpisode.id)
             .where(PregnancyEpisode.posyandu_id.in_(allowed), PregnancyEpisode.outcome == "ongoing",
                    PregnancyEpisode.deleted_at.is_(None), Person.deleted_at.is_(None), Person.left_on.is_(None),
                    PregnancyEpisode.hpht > today - timedelta(weeks=_max_weeks())))
    return db.session.execute(query).all()


def _latest_visit(episode_id, allowed):
    # In scope only: a mother who moved to another pustu keeps her episode, the visits recorded there stay there.
    return db.session.scalar(select(PregnancyVisit).where(PregnancyVisit.episode_id == episode_id,
                                                          PregnancyVisit.is_current.is_(True),
                                                          PregnancyVisit.posyandu_id.in_(allowed))
                             .order_by(PregnancyVisit.visit_date.desc(), PregnancyVisit.created_at.desc()).limit(1))


def rows(kind, wanted, allowed, today):
    """The episode reasons in `wanted` (four_t, missed_anc) of every ongoing pregnancy in scope."""
    for episode, person, tm1, tm2, first_visit in _ongoing_episodes(allowed, today):
        weeks_now = (today - episode.hpht).days // 7
        four_t = labels((episode.results or {}).get("flags"), FOUR_T_CODES) if "four_t" in wanted else []
        done = {1: tm1 or 0, 2: tm2 or 0}
        missed = [(tm, last_week) for tm, last_week, target in ANC_WINDOWS
                  if weeks_now > last_week and done[tm] < target] if "missed_anc" in wanted else []
        if not (four_t or missed):
            continue
        latest = _latest_visit(episode.id, allowed)
        last_seen = latest.visit_date if latest else None
        if four_t:
            yield RiskRow("four_t", "pregnancy", person, kind.entity, latest,
                          first_visit or episode.created_at.date(), last_seen, {"labels": four_t})
        if missed:
            last_week = missed[0][1]
            trimesters = [{"trimester": t, "done": done[t], "target": target}
                          for t, _, target in ANC_WINDOWS if t in dict(missed)]
            yield RiskRow("missed_anc", "pregnancy", person, kind.entity, latest,
                          episode.hpht + timedelta(weeks=last_week + 1), last_seen, {"trimesters": trimesters})
