"""The Python adult rules against tests/vectors/adult.json (the JS twin runs the same file)."""
import pytest

from posyandu_app.domain import adult
from tests.unit.rule_vectors import cases, check


@pytest.mark.parametrize(("spec", "case"), cases("adult.json"))
def test_adult_vector(spec, case):
    check(adult, spec, case)
