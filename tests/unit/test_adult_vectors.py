"""Python twin over tests/vectors/adult.json (the JS twin runs the same file)."""
import pytest

from .vectors import cases, run


@pytest.mark.parametrize("case", cases("adult.json"))
def test_adult_vector(case):
    run(case)
