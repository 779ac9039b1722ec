"""Python twin over tests/vectors/elderly.json (the JS twin runs the same file)."""
import pytest

from .vectors import cases, run


@pytest.mark.parametrize("case", cases("elderly.json"))
def test_elderly_vector(case):
    run(case)
