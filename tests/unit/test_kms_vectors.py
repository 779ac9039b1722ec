"""Python twin over tests/vectors/kms.json (the JS twin runs the same file)."""
import pytest

from .vectors import cases, run


@pytest.mark.parametrize("case", cases("kms.json"))
def test_kms_vector(case):
    run(case)
