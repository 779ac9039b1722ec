"""Python twin over tests/vectors/youth.json (the JS twin runs the same file)."""
import pytest

from .vectors import cases, run


@pytest.mark.parametrize("case", cases("youth.json"))
def test_youth_vector(case):
    run(case)
