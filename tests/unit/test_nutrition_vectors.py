"""Python twin over tests/vectors/nutrition.json (the JS twin runs the same file)."""
import pytest

from .vectors import cases, run


@pytest.mark.parametrize("case", cases("nutrition.json"))
def test_nutrition_vector(case):
    run(case)
