"""The Python elderly rules against tests/vectors/elderly.json (the JS twin runs the same file)."""
import pytest

from posyandu_app.domain import elderly
from tests.unit.rule_vectors import cases, check


@pytest.mark.parametrize(("spec", "case"), cases("elderly.json"))
def test_elderly_vector(spec, case):
    check(elderly, spec, case)
