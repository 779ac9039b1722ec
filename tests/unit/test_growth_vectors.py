"""Python twin over tests/vectors/growth.json, growth_who_survey.json and growth_who2007.json (JS runs them too)."""
import pytest

from .vectors import cases, run


@pytest.mark.parametrize("case", cases("growth.json"))
def test_growth_vector(case):
    run(case)


@pytest.mark.parametrize("case", cases("growth_who_survey.json"))
def test_who_survey_vector(case):
    run(case)


@pytest.mark.parametrize("case", cases("growth_who2007.json"))
def test_who2007_vector(case):
    run(case)
