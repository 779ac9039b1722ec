"""The Python pregnancy rules against tests/vectors/pregnancy.json (the JS twin runs the same file)."""
import pytest

from posyandu_app.domain import pregnancy
from tests.unit.rule_vectors import cases, check


@pytest.mark.parametrize(("spec", "case"), cases("pregnancy.json"))
def test_pregnancy_vector(spec, case):
    check(pregnancy, spec, case)
