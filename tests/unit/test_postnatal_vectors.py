"""Python twin over tests/vectors/postnatal.json (the JS twin runs the same file)."""
import pytest

from .vectors import cases, run


@pytest.mark.parametrize("case", cases("postnatal.json"))
def test_postnatal_vector(case):
    run(case)
