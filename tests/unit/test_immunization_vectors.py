"""Python twin over tests/vectors/immunization.json (the JS twin runs the same file)."""
import pytest

from .vectors import cases, run


@pytest.mark.parametrize("case", cases("immunization.json"))
def test_immunization_vector(case):
    run(case)
