"""Adult/elderly screening recap for a month: screened, BP and glucose classes, PUMA >= 6, SKILAS by domain, ADL."""
from collections import defaultdict

from sqlalchemy import case, func, literal, or_, select, union_all

from ...domain.data import load
from ...extensions import db
from ...models import Person, Screening
from .labels import skilas_domains
from .periods import Month, byte_order, in_month, on_register, years_ago
from .rollup import add_up, ratio, roll_up, table_rows

GROUPS = ("adult", "elderly")  # usia produktif 15-59, lansia >= 60 (DOMAIN.md 4)
PUMA_REFER = load("adult_rules")["puma"]["refer_score_min"]  # the rule's referral score, not a copy of it
ELDERLY_FROM = load("elderly_rules")["age_min_years"]["value"]  # lansia, as the rules ask SKILAS and ADL
FACETS = (("bp", "bp_class"), ("glucose", "glucose_class"), ("bmi", "bmi_class"), ("adl", "adl_level"))
FLAGS = ("screened", "central_obesity", "puma_high", "skilas_positive", "referral")


def _screened(posyandu_ids, month: Month, with_person: bool = False):
    """One row per person screened in the month (their latest current screening), with the age group."""
    elderly = case((Screening.age_years.is_not(None), Screening.age_years >= ELDERLY_FROM),
                   else_=Person.birth_date <= years_ago(month.last, ELDERLY_FROM))
    latest_first = func.row_number().over(partition_by=byte_order(Screening.person_id),
                                          order_by=(Screening.visit_date.desc(), Screening.created_at.desc(),
                                                    byte_order(Screening.id).desc()))
    domain_flags = [_domain_positive(domain).label(f"skilas_{domain['code']}") for domain in skilas_domains()]
    person = [Screening.person_id] if with_person else []
    ranked = (select(Screening.posyandu_id, *person, case((elderly, "elderly"), else_="adult").label("age_group"),
                     Screening.bp_class, Screening.glucose_class, Screening.bmi_class, Screening.adl_level,
                     Screening.central_obesity, Screening.puma_score, Screening.skilas_positive,
                     Screening.needs_referral, *domain_flags, latest_first.label("rank"))
              .join(Person, Person.id == Screening.person_id)
              .where(Screening.posyandu_id.in_(posyandu_ids), in_month(Screening.visit_date, month),
                     Screening.is_current.is_(True), on_register(month))
              .subquery("ranked"))
    return select(ranked).where(ranked.c.rank == 1).subquery("screened")


def _domain_positive(domain):
    """A SKILAS domain is positive when any of its items is the abnormal finding (true, or MUAC below the cut), or a
    test of it could not be done (`not_done` in elderly_rules.json: that refers too)."""
    checks = []
    for item in domain["items"]:
        value = Screening.skilas[item["code"]]
        checks.append(value.as_float() < item["muac_below"] if "muac_below" in item else value.as_boolean().is_(True))
        if "not_done" in item:
            checks.append(Screening.skilas[item["not_done"]["code"]].as_boolean().is_(True))
    return case((or_(*checks), 1), else_=0)


def collect(posyandu_ids, month: Month) -> dict:
    """{posyandu_id: {age group: {figure: n}}} where facet figures are keyed "bp:hypertension_1" and the like."""
    result = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    if not posyandu_ids:
        return result
    screened = _screened(posyandu_ids, month)
    c = screened.c
    sums = [func.count().label("screened"),
            func.sum(case((c.central_obesity.is_(True), 1), else_=0)).label("central_obesity"),
            func.sum(case((c.puma_score >= PUMA_REFER, 1), else_=0)).label("puma_high"),
            func.sum(case((c.skilas_positive.is_(True), 1), else_=0)).label("skilas_positive"),
            func.sum(case((c.needs_referral.is_(True), 1), else_=0)).label("referral"),
            *[func.sum(c[f"skilas_{d['code']}"]).label(f"skilas:{d['code']}") for d in skilas_domains()]]
    for row in db.session.execute(select(c.posyandu_id, c.age_group, *sums)
                                  .group_by(c.posyandu_id, c.age_group)).mappings():
        target = result[row["posyandu_id"]][row["age_group"]]
        for key, value in row.items():
            if key not in ("posyandu_id", "age_group"):
                target[key] += int(value or 0)
    facets = union_all(*[select(c.posyandu_id, c.age_group, literal(facet).label("facet"),
                                c[column].label("code"), func.count().label("n"))
                         .where(c[column].is_not(None)).group_by(c.posyandu_id, c.age_group, c[column])
                         for facet, column in FACETS])
    for row in db.session.execute(facets).mappings():
        result[row["posyandu_id"]][row["age_group"]][f"{row['facet']}:{row['code']}"] += row["n"]
    return result


def _with_total(groups: dict) -> dict:
    combined = {group: dict(groups.get(group, {})) for group in GROUPS}
    combined["total"] = add_up(combined.values())
    return combined


def monthly_report(unit, month: Month) -> dict:
    rolled = roll_up(unit, collect(unit.posyandu_ids, month), add_up, lambda groups: {"groups": _with_total(groups)})
    return {"month": month, "unit": unit, "groups": _with_total(rolled["total"]), "rollup": table_rows(rolled["desa"]),
            "follow_up": screenings_to_refer(unit.posyandu_ids, month)}


def share(figures: dict, key: str) -> float | None:
    return ratio(figures.get(key, 0), figures.get("screened", 0))


def screenings_to_refer(posyandu_ids, month: Month) -> list[dict]:
    """Adults/elderly whose latest screening in the month needs a referral."""
    if not posyandu_ids:
        return []
    s = _screened(posyandu_ids, month, with_person=True).c
    query = (select(Person.name, s.posyandu_id, s.age_group, s.bp_class, s.glucose_class, s.puma_score,
                    s.skilas_positive, s.adl_level)
             .join(Person, Person.id == s.person_id)
             .where(s.needs_referral.is_(True))
             .order_by(s.posyandu_id, Person.name))
    return [dict(row) for row in db.session.execute(query).mappings()]
