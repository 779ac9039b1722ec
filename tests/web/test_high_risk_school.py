"""High-risk list, 5-18 years: severe thinness (IMT/U < -3 SD) and obesity (IMT/U > +2 SD) as the growth rules decide.

The list reads the promoted BMI-for-age z and the categories_5_18 bands of growth_rules.json (those marked
high_risk); the boundaries are the rules' own (tests/vectors/growth_who2007.json locks them on both twins).
"""
import copy
from datetime import date, timedelta

from posyandu_app.domain.data import load
from posyandu_app.extensions import db
from posyandu_app.services import assessment, high_risk
from posyandu_app.services.risks import growth as growth_risks

from .review_helpers import build_world

TODAY = date.today()
DAY = TODAY - timedelta(days=2)


def _boy(make, posyandu, name, weight, days=4400, height=150.0):
    person = make.person(posyandu, name=name, sex="M", birth_date=DAY - timedelta(days=days))
    visit = make.growth(person, visit_date=DAY, weight_kg=weight, length_cm=height, measured="H")
    assessment.assess_growth(visit)
    return visit


def test_school_age_thinness_and_obesity_are_listed_at_the_rules_boundaries(make):
    world = build_world(make)
    p = world.posyandu
    visits = {name: _boy(make, p, name, weight) for name, weight in (
        ("BAZ -3.03", 30.1), ("BAZ -2.99", 30.2), ("BAZ 2.00", 53.2), ("BAZ 2.01", 53.3), ("BAZ 0", 40.0))}
    assert (visits["BAZ -3.03"].baz, visits["BAZ 2.01"].baz) == (-3.03, 2.01)  # 12 years: the WHO 2007 reference
    _boy(make, p, "Balita kurus", 9.0, days=1500, height=100.0)  # under five: the balita reasons, not these
    _boy(make, p, "Flagged", 15.0)  # BAZ below -5: implausible, re-measure, not "gizi buruk"
    db.session.commit()

    listed = {(row.person.name, row.reason, row.group) for row in high_risk.risk_list(world.supervisor)
              if row.group == "school"}
    assert listed == {("BAZ -3.03", "severe_thinness", "school"), ("BAZ 2.01", "obesity", "school")}
    only = high_risk.risk_list(world.supervisor, group="school", reason="obesity")
    assert [row.person.name for row in only] == ["BAZ 2.01"]


def test_a_person_past_19_years_leaves_the_school_list(make):
    world = build_world(make)
    person = make.person(world.posyandu, name="Dulu Remaja", sex="M", birth_date=TODAY - timedelta(days=7100))
    visit = make.growth(person, visit_date=TODAY - timedelta(days=400), weight_kg=40.0, length_cm=170.0,
                        measured="H")
    assessment.assess_growth(visit)  # 18 years at the visit: gizi buruk then
    db.session.commit()
    assert visit.baz is not None and visit.baz < -3
    assert not high_risk.risk_list(world.supervisor, group="school")


def test_the_school_list_follows_the_obesity_band_in_the_rule_data(make, monkeypatch):
    world = build_world(make)
    _boy(make, world.posyandu, "BAZ 1.98", 53.0)
    db.session.commit()

    def patched(name):
        data = load(name)
        if name != "growth_rules":
            return data
        data = copy.deepcopy(data)
        next(b for b in data["categories_5_18"]["baz"]["bands"] if b["code"] == "overweight")["le"] = 1.5
        return data

    assert not high_risk.risk_list(world.supervisor, reason="obesity")
    monkeypatch.setattr(growth_risks, "load", patched)  # the SQL condition is built from the data at each list
    assert [row.person.name for row in high_risk.risk_list(world.supervisor, reason="obesity")] == ["BAZ 1.98"]
