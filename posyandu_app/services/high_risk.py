"""High-risk lists: people whose latest current visit shows a risk, with the date that risk was first seen.

Each reason is one SQL condition on the promoted result columns (the `results` JSON only for implausible-value
flags and 4 Terlalu). No clinical number is written here: a condition uses a flag or category the rules promoted,
or a threshold read from the rule data (static/data/*.json) when the list is asked for, so the list follows the data.
A person is listed when their latest current visit (for pregnancy: of the ongoing pregnancy) meets the condition; "first seen" is the earliest current visit of that person (pregnancy) with the same condition.
Persons who left the register (moved, died) are not followed up.
"""
import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable

from sqlalchemy import and_, case, func, or_, select

from ..clock import field_today
from ..domain.data import load
from ..extensions import db
from ..models import GrowthVisit, Person, PregnancyEpisode, PregnancyVisit, Screening, YouthScreening
from ..visit_kinds import visit_models
from . import high_risk_school as school
from . import immunization_due, scope

GROUPS = ("child", "school", "pregnancy", "adult")  # school: 5-18 years (growth, WHO 2007 reference; youth screening)
IMPLAUSIBLE_INDICES = ("waz", "haz", "whz", "baz", "hcz", "acz")
_BP_CLASSES = load("adult_rules")["blood_pressure"]["classes"]
URGENT_BP_CLASSES = tuple(c["code"] for c in _BP_CLASSES if c.get("urgent"))  # grade 3, >= 180/110 (issue 12)
SEVERE_BP_CLASSES = tuple(c for c in ("hypertension_2", "hypertension_3") if c not in URGENT_BP_CLASSES)
FOUR_T_CODES = {"too_young", "too_old", "too_close", "too_many"}  # pregnancy_rules.json flags
DANGER_CODES = {flag["code"] for flag in load("pregnancy_rules")["flags"] if flag.get("danger_sign")}
# (trimester, its last completed week, ANC contacts due in it) for the trimesters that end before delivery.
# Youth screening: the anaemia and blood-pressure classes youth_rules.json marks `high_risk` (moderate/severe, stage 2).
_YOUTH = load("youth_rules")
YOUTH_ANAEMIA = tuple(c["code"] for c in _YOUTH["anaemia"]["classes"] if c.get("high_risk"))
YOUTH_HIGH_BP = tuple(c["code"] for c in _YOUTH["blood_pressure"]["classes"] if c.get("high_risk"))
ANC_WINDOWS = tuple((number, tm["max_week"], tm["anc_target"])
                    for number, tm in enumerate(load("pregnancy_rules")["trimesters"]["list"], start=1)
                    if tm["max_week"] is not None)


@dataclass(frozen=True)
class Reason:
    code: str
    group: str
    model: type
    condition: Callable
    facts: Callable  # visit -> the values that show the risk (codes, numbers, rule labels); web/ words them
    urgent: bool = False  # refer today (the `urgent` of the rule's referral): the row says so in red


def _implausible(model):
    return or_(*[model.results["flags"][index].as_boolean().is_(True) for index in IMPLAUSIBLE_INDICES])


def _labels(entries, codes=None):
    """Result labels ({"code", "id", "en"}) the rules attached, optionally only some codes: web/ picks the language."""
    return [entry for entry in entries or []
            if isinstance(entry, dict) and (codes is None or entry.get("code") in codes)]


def _skilas(visit):
    """The SKILAS findings as the rules name them (a positive domain, or a test that could not be done), and the
    ticked items for a visit the rules have not labelled."""
    flags = [flag for flag in _labels((visit.results or {}).get("flags"))
             if str(flag.get("code", "")).startswith("skilas_")]
    return {"labels": flags, "codes": [key for key, value in (visit.skilas or {}).items() if value is True]}


def _severe_pregnancy_bp(model):
    """Severe hypertension in pregnancy (urgent): either number at or above the thresholds of pregnancy_rules.json
    `flags[hypertension_severe]`, as the twins decide, so the list follows the rule without a new result column."""
    severe = next(flag for flag in load("pregnancy_rules")["flags"] if flag["code"] == "hypertension_severe")
    return or_(model.systolic >= severe["systolic_min"], model.diastolic >= severe["diastolic_min"])


def _values(*names):
    return lambda visit: {name: getattr(visit, name) for name in names}


def _z_of(index):
    return lambda visit: {"index": index, "z": getattr(visit, index)}


def _implausible_facts(visit):
    results = visit.results or {}
    return {"z": {index: (results.get("z") or {}).get(index)
                  for index in IMPLAUSIBLE_INDICES if (results.get("flags") or {}).get(index)}}


def _low_muac(model):
    """Child MUAC not normal: below the highest cut of growth_rules.json `muac` bands, within its age range."""
    spec = load("growth_rules")["muac"]
    below = max(band["lt"] for band in spec["bands"] if "lt" in band)
    return and_(model.muac_cm < below, model.age_months >= spec["min_age_months"],
                model.age_months < spec["max_age_months"])


def _high_glucose(model):
    """Possible diabetes as adult_rules.json `glucose` classes it: at or above the `diabetes` minimum of the test
    type (random and fasting have their own). A value with no type recorded is held to the highest minimum."""
    minima = {kind: entry["min"] for kind, classes in load("adult_rules")["glucose"]["classes"].items()
              for entry in classes if entry["code"] == "diabetes"}
    return or_(*[and_(model.glucose_type == kind, model.glucose_mg_dl >= low) for kind, low in minima.items()],
               and_(model.glucose_type.is_(None), model.glucose_mg_dl >= max(minima.values())))


def _puma_refers(model):
    return model.puma_score >= load("adult_rules")["puma"]["refer_score_min"]


def _adl_max():
    return sum(item["max"] for item in load("elderly_rules")["adl"]["items"])


def _adl_dependent(model):
    """Any dependency: a total below the sum of the item maxima (elderly_rules.json `adl`, as the rules decide)."""
    return model.adl_score < _adl_max()


_BP = _values("systolic", "diastolic")
REASONS = [
    Reason("severe_wasting", "child", GrowthVisit, lambda m: m.wfh_category == "severely_wasted", _z_of("whz")),
    Reason("wasting", "child", GrowthVisit, lambda m: m.wfh_category == "wasted", _z_of("whz")),
    Reason("stunting", "child", GrowthVisit, lambda m: m.stunted.is_(True), _z_of("haz")),
    Reason("bgm", "child", GrowthVisit, lambda m: m.bgm.is_(True), _z_of("waz")),
    Reason("two_t", "child", GrowthVisit, lambda m: m.two_t.is_(True), _values("weight_kg")),
    Reason("low_muac", "child", GrowthVisit, _low_muac, _values("muac_cm")),
    Reason("implausible", "child", GrowthVisit, _implausible, _implausible_facts),
    *[Reason(reason, "school", GrowthVisit, school.band_condition(band), _z_of("baz"))
      for band, reason in school.REASONS.items()],
    Reason("danger_signs", "pregnancy", PregnancyVisit, lambda m: m.danger.is_(True),
           lambda v: {"labels": _labels((v.results or {}).get("flags"), DANGER_CODES), "codes": v.danger_signs or []}),
    Reason("kek", "pregnancy", PregnancyVisit, lambda m: m.kek.is_(True), _values("muac_cm")),
    Reason("anaemia", "pregnancy", PregnancyVisit, lambda m: m.anaemia.is_(True), _values("hb_g_dl")),
    Reason("pregnancy_hypertension_severe", "pregnancy", PregnancyVisit,
           lambda m: and_(m.hypertension.is_(True), _severe_pregnancy_bp(m)), _BP, urgent=True),
    Reason("pregnancy_hypertension", "pregnancy", PregnancyVisit,
           lambda m: and_(m.hypertension.is_(True), or_(m.systolic.is_(None), ~_severe_pregnancy_bp(m))), _BP),
    Reason("youth_anaemia", "school", YouthScreening, lambda m: m.anaemia_class.in_(YOUTH_ANAEMIA),
           _values("hb_g_dl")),
    Reason("youth_hypertension", "school", YouthScreening, lambda m: m.bp_class.in_(YOUTH_HIGH_BP), _BP),
    Reason("youth_kek", "school", YouthScreening, lambda m: m.kek.is_(True), _values("muac_cm")),
    Reason("hypertension_urgent", "adult", Screening, lambda m: m.bp_class.in_(URGENT_BP_CLASSES), _BP, urgent=True),
    Reason("hypertension_severe", "adult", Screening, lambda m: m.bp_class.in_(SEVERE_BP_CLASSES), _BP),
    Reason("high_glucose", "adult", Screening, _high_glucose, _values("glucose_mg_dl", "glucose_type")),
    Reason("puma", "adult", Screening, _puma_refers, _values("puma_score")),
    Reason("skilas", "adult", Screening, lambda m: m.skilas_positive.is_(True), _skilas),
    Reason("adl_dependency", "adult", Screening, _adl_dependent,
           lambda v: {"adl_score": v.adl_score, "adl_max": _adl_max(), "adl_level": v.adl_level}),
]
EPISODE_REASONS = ("four_t", "missed_anc")
VACCINE_REASON = "overdue_vaccine"  # a dose past its due month (immunization_rules.json), or one that does not count
REASON_CODES = [reason.code for reason in REASONS] + [VACCINE_REASON] + list(EPISODE_REASONS)
ENTITY_OF = {model: entity for entity, model in visit_models().items()}  # the visit kinds, in registry order


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


def _visit_rows(model, reasons, allowed, today):
    """All rows of one visit kind in one query: the window over visits is computed once for every reason."""
    by_episode = model is PregnancyVisit
    partition = model.episode_id if by_episode else model.person_id
    conditions = [reason.condition(model) for reason in reasons]
    in_scope = (model.is_current.is_(True), model.posyandu_id.in_(allowed))
    ranked = (select(model.id.label("visit_id"),
                     func.row_number().over(partition_by=partition,
                                            order_by=(model.visit_date.desc(), model.created_at.desc())).label("rn"))
              .where(*in_scope).subquery())
    first = (select(partition.label("key"),
                    *[func.min(case((condition, model.visit_date))).label(f"first_{index}")
                      for index, condition in enumerate(conditions)])
             .where(*in_scope, or_(*conditions)).group_by(partition).subquery())
    hits = [case((condition, True), else_=False).label(f"hit_{index}") for index, condition in enumerate(conditions)]
    query = (select(model, Person, *[first.c[f"first_{index}"] for index in range(len(reasons))], *hits)
             .join(ranked, ranked.c.visit_id == model.id)
             .join(first, first.c.key == partition)
             .join(Person, Person.id == model.person_id)
             .where(ranked.c.rn == 1, or_(*conditions), Person.deleted_at.is_(None), Person.left_on.is_(None)))
    if by_episode:
        query = query.join(PregnancyEpisode, PregnancyEpisode.id == model.episode_id).where(
            PregnancyEpisode.outcome == "ongoing", PregnancyEpisode.deleted_at.is_(None))
    if reasons[0].group == "child":
        query = query.where(Person.birth_date > today - timedelta(days=_child_max_days()))
    if reasons[0].group == "school":  # still 5-18 years today (a child who grew past 19 leaves the list)
        query = query.where(Person.birth_date > today - timedelta(days=school.max_days() + 1))
    count = len(reasons)
    for visit, person, *values in db.session.execute(query):
        for reason, first_seen, hit in zip(reasons, values[:count], values[count:]):
            if hit:
                yield RiskRow(reason.code, reason.group, person, ENTITY_OF[model], visit, first_seen,
                              visit.visit_date, reason.facts(visit), reason.urgent)


def _child_max_days():
    """A child while age in months (days / 30.4375) is below the end of the WHO standards (growth_rules.json `age`)."""
    age = load("growth_rules")["age"]
    return math.ceil(age["z_max_age_months"] * age["days_per_month"])


def _pregnancy_max_weeks():
    """After this many weeks since the HPHT the outcome is overdue, not the ANC (pregnancy_rules.json `limits`)."""
    return load("pregnancy_rules")["limits"]["hpht_max_weeks_before_visit"]


def _ongoing_episodes(allowed, today):
    """Ongoing pregnancies in scope with their current visit counts per trimester and their latest visit."""
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
                    PregnancyEpisode.hpht > today - timedelta(weeks=_pregnancy_max_weeks())))
    return db.session.execute(query).all()


def _latest_visit(episode_id, allowed):
    # In scope only: a mother who moved to another pustu keeps her episode, the visits recorded there stay there.
    return db.session.scalar(select(PregnancyVisit).where(PregnancyVisit.episode_id == episode_id,
                                                          PregnancyVisit.is_current.is_(True),
                                                          PregnancyVisit.posyandu_id.in_(allowed))
                             .order_by(PregnancyVisit.visit_date.desc(), PregnancyVisit.created_at.desc()).limit(1))


def _episode_rows(wanted, allowed, today):
    for episode, person, tm1, tm2, first_visit in _ongoing_episodes(allowed, today):
        weeks_now = (today - episode.hpht).days // 7
        four_t = _labels((episode.results or {}).get("flags"), FOUR_T_CODES)
        done = {1: tm1 or 0, 2: tm2 or 0}
        missed = [(tm, last_week) for tm, last_week, target in ANC_WINDOWS
                  if weeks_now > last_week and done[tm] < target]
        if not ((four_t and "four_t" in wanted) or (missed and "missed_anc" in wanted)):
            continue
        latest = _latest_visit(episode.id, allowed)
        last_seen = latest.visit_date if latest else None
        if four_t and "four_t" in wanted:
            yield RiskRow("four_t", "pregnancy", person, "pregnancy_visit", latest,
                          first_visit or episode.created_at.date(), last_seen, {"labels": four_t})
        if missed and "missed_anc" in wanted:
            tm, last_week = missed[0]
            trimesters = [{"trimester": t, "done": done[t], "target": target}
                          for t, _, target in ANC_WINDOWS if t in dict(missed)]
            yield RiskRow("missed_anc", "pregnancy", person, "pregnancy_visit", latest,
                          episode.hpht + timedelta(weeks=last_week + 1), last_seen,
                          {"trimesters": trimesters})


def _vaccine_rows(allowed, today):
    for child in immunization_due.overdue_children(allowed, today):
        latest = immunization_due.latest_dose(child.person.id)
        yield RiskRow(VACCINE_REASON, "child", child.person, "immunization", latest, child.first_overdue or today,
                      latest.visit_date if latest else None,
                      {"labels": [child.labels[code] for code in child.overdue + child.invalid]})


def risk_list(user, group: str | None = None, reason: str | None = None, posyandu_id: int | None = None,
              open_only: bool = False, today: date | None = None) -> list[RiskRow]:
    """Every at-risk person in the user's scope, ordered by reason then by how long the risk has been seen."""
    today = today or field_today()  # the date rules' today (clock.py)
    allowed = scope.posyandu_ids(user)
    if posyandu_id is not None:
        allowed = [pid for pid in allowed if pid == posyandu_id]
    rows = []
    for model in ENTITY_OF:
        chosen = [item for item in REASONS if item.model is model and (not group or item.group == group)
                  and (not reason or item.code == reason)]
        for grp in dict.fromkeys(item.group for item in chosen):  # one query per group: each has its own ages
            rows.extend(_visit_rows(model, [item for item in chosen if item.group == grp], allowed, today))
    if group in (None, "child") and reason in (None, VACCINE_REASON):
        rows.extend(_vaccine_rows(allowed, today))
    wanted = set()
    if group in (None, "pregnancy"):
        wanted = {code for code in EPISODE_REASONS if not reason or reason == code}
    rows.extend(_episode_rows(wanted, allowed, today) if wanted else [])
    if open_only:
        rows = [row for row in rows if not row.followed_up]
    order = {code: index for index, code in enumerate(REASON_CODES)}
    rows.sort(key=lambda row: (order[row.reason], row.first_seen, row.person.name_normalized))
    return rows


def counts_by_reason(rows) -> dict[str, int]:
    counts = dict.fromkeys(REASON_CODES, 0)
    for row in rows:
        counts[row.reason] += 1
    return counts
