"""High-risk lists follow the rule data: a threshold changed in static/data/*.json moves the list, with no code edit.

Each case puts one person just on the safe side of a criterion's boundary, then moves the boundary in a copy of the
rule data (as an editor of the JSON would) and expects the person to be listed; or the reverse for ADL. A number
written in the SQL of services/risks/ would leave the list where it was.
"""
import copy
from datetime import date, timedelta

import pytest

from posyandu_app.domain.data import load
from posyandu_app.extensions import db
from posyandu_app.services import assessment, high_risk

from .review_helpers import build_world

TODAY = date.today()
VISIT_DAY = TODAY - timedelta(days=10)


def _edited(name, edit):
    """`load` with one data file changed by `edit(data)` (a deep copy: the cached original stays as it is)."""
    def patched(wanted):
        data = load(wanted)
        if wanted != name:
            return data
        data = copy.deepcopy(data)
        edit(data)
        return data
    return patched


def _by_code(entries, code):
    return next(entry for entry in entries if entry["code"] == code)


def _lower_muac_cut(data):
    _by_code(data["muac"]["bands"], "moderate")["lt"] = 13.0


def _lower_random_diabetes(data):
    _by_code(data["glucose"]["classes"]["random"], "diabetes")["min"] = 180


def _lower_fasting_diabetes(data):
    _by_code(data["glucose"]["classes"]["fasting"], "diabetes")["min"] = 120


def _lower_puma(data):
    data["puma"]["refer_score_min"] = 5


def _lower_severe_pregnancy_bp(data):
    _by_code(data["flags"], "hypertension_severe")["systolic_min"] = 150


def _adl_out_of_19(data):
    _by_code(data["adl"]["items"], "bathing")["max"] = 0


def _child(make, posyandu):
    child = make.person(posyandu, name="Anak Batas", sex="M", birth_date=TODAY - timedelta(days=610))
    make.growth(child, visit_date=VISIT_DAY, muac_cm=12.6, age_months=20)


def _adult(**columns):
    return lambda make, posyandu: make.screening(make.person(posyandu, name="Pak Batas", birth_date=date(1955, 1, 1)),
                                                 visit_date=VISIT_DAY, **columns)


def _mother(make, posyandu):
    episode = make.pregnancy_episode(make.person(posyandu, name="Ibu Batas", birth_date=date(1995, 3, 3)),
                                     hpht=TODAY - timedelta(weeks=20))
    make.pregnancy_visit(episode, visit_date=VISIT_DAY, hypertension=True, systolic=150, diastolic=95)


CASES = {
    # reason: (person at the boundary, data file, edit, listed before the edit, listed after)
    "low_muac": (_child, "growth_rules", _lower_muac_cut, False, True),
    "high_glucose": (_adult(glucose_mg_dl=190.0, glucose_type="random"), "adult_rules", _lower_random_diabetes,
                     False, True),
    "high_glucose_fasting": (_adult(glucose_mg_dl=124.0, glucose_type="fasting"), "adult_rules",
                             _lower_fasting_diabetes, False, True),
    "puma": (_adult(puma_score=5), "adult_rules", _lower_puma, False, True),
    "pregnancy_hypertension_severe": (_mother, "pregnancy_rules", _lower_severe_pregnancy_bp, False, True),
    "adl_dependency": (_adult(adl_score=19, adl_level="B"), "elderly_rules", _adl_out_of_19, True, False),
}


@pytest.mark.parametrize("reason", CASES)
def test_the_high_risk_list_follows_a_threshold_changed_in_the_rule_data(make, monkeypatch, reason):
    add, name, edit, before, after = CASES[reason]
    reason = reason.removesuffix("_fasting")
    world = build_world(make)
    add(make, world.posyandu)

    def listed():
        return any(row.reason == reason for row in high_risk.risk_list(world.supervisor, reason=reason))

    assert listed() is before
    for module in (high_risk, *(module for _, module in high_risk.risk_modules())):  # each kind's reasons read it
        if hasattr(module, "load"):
            monkeypatch.setattr(module, "load", _edited(name, edit))
    assert listed() is after


def test_visits_assessed_by_the_rules_are_listed_as_the_rules_decide_at_each_boundary(make):
    """The list reads what the rules promoted: the rules' boundary is the list's (no second copy to disagree)."""
    world = build_world(make)
    p, day = world.posyandu, TODAY - timedelta(days=2)

    def child(name, **measures):
        person = make.person(p, name=name, sex="M", birth_date=TODAY - timedelta(days=600))
        assessment.assess_growth(make.growth(person, visit_date=day, length_cm=80.0, measured="L", **measures))

    child("WHZ -3.04", weight_kg=8.2)  # gizi buruk
    child("WHZ -2.89", weight_kg=8.3)  # gizi kurang
    child("WHZ -1.99", weight_kg=8.9)  # gizi baik
    child("LiLA 12.4", weight_kg=8.9, muac_cm=12.4)
    child("LiLA 12.5", weight_kg=8.9, muac_cm=12.5)

    def adult(name, birth=date(1950, 1, 1), **columns):
        person = make.person(p, name=name, sex="M", birth_date=birth)
        assessment.assess_screening(make.screening(person, visit_date=day, **columns))

    adult("Gula 200", glucose_mg_dl=200.0, glucose_type="random")
    adult("Gula 199", glucose_mg_dl=199.0, glucose_type="random")
    # Fasting glucose has its own diabetes minimum (126): on the list since issue 15, as the rules classify it.
    adult("Puasa 126", glucose_mg_dl=126.0, glucose_type="fasting")
    adult("Puasa 125", glucose_mg_dl=125.0, glucose_type="fasting")
    smoker = {"cigarettes_per_day": 20, "smoking_years": 20, "breathless": True, "phlegm": True, "cough": True}
    adult("PUMA 6", birth=date(1979, 6, 15), puma={**smoker, "spirometry": True})
    adult("PUMA 5", birth=date(1979, 6, 15), puma={**smoker, "spirometry": False})
    full = {item["code"]: item["max"] for item in load("elderly_rules")["adl"]["items"]}
    adult("ADL 20", adl=full)
    adult("ADL 19", adl={**full, "bathing": 0})
    db.session.commit()

    listed = {(row.person.name, row.reason) for row in high_risk.risk_list(world.supervisor)}
    assert listed == {("WHZ -3.04", "severe_wasting"), ("WHZ -2.89", "wasting"), ("LiLA 12.4", "low_muac"),
                      ("Gula 200", "high_glucose"), ("Puasa 126", "high_glucose"),
                      ("PUMA 6", "puma"), ("ADL 19", "adl_dependency")}
