"""Python twin over tests/vectors/pregnancy.json (the JS twin runs the same file)."""
import pytest

from .vectors import cases, run


@pytest.mark.parametrize("case", cases("pregnancy.json"))
def test_pregnancy_vector(case):
    run(case)
