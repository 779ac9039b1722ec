"""High-risk lists follow the rule data: a threshold changed in static/data/*.json moves the list, with no code edit.

Each case puts one person just on the safe side of a criterion's boundary, then moves the boundary in a copy of the
rule data (as an editor of the JSON would) and expects the person to be listed; or the reverse for ADL. A number
written in the SQL of services/high_risk.py would leave the list where it was.
"""
import copy
from datetime import date, timedelta

import pytest

from posyandu_app.domain.data import load
from posyandu_app.services import high_risk

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
    "puma": (_adult(puma_score=5), "adult_rules", _lower_puma, False, True),
    "pregnancy_hypertension_severe": (_mother, "pregnancy_rules", _lower_severe_pregnancy_bp, False, True),
    "adl_dependency": (_adult(adl_score=19, adl_level="B"), "elderly_rules", _adl_out_of_19, True, False),
}


@pytest.mark.parametrize("reason", CASES)
def test_the_high_risk_list_follows_a_threshold_changed_in_the_rule_data(make, monkeypatch, reason):
    add, name, edit, before, after = CASES[reason]
    world = build_world(make)
    add(make, world.posyandu)

    def listed():
        return any(row.reason == reason for row in high_risk.risk_list(world.supervisor, reason=reason))

    assert listed() is before
    monkeypatch.setattr(high_risk, "load", _edited(name, edit))
    assert listed() is after
