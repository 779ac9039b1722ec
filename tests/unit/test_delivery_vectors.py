"""Python twin over tests/vectors/delivery.json (the JS twin runs the same file)."""
import pytest

from .vectors import cases, run


@pytest.mark.parametrize("case", cases("delivery.json"))
def test_delivery_vector(case):
    run(case)
