"""Python twin over tests/vectors/growth.json and growth_who_survey.json (the JS twin runs the same files)."""
import pytest

from .vectors import cases, run


@pytest.mark.parametrize("case", cases("growth.json"))
def test_growth_vector(case):
    run(case)


@pytest.mark.parametrize("case", cases("growth_who_survey.json"))
def test_who_survey_vector(case):
    run(case)
