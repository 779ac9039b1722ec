"""Shared vector runner for the Python twin: loads tests/vectors/*.json and matches expectations as a subset."""
import json
from pathlib import Path

import pytest

from posyandu_app.domain import growth, kms, nutrition
from posyandu_app.domain.errors import DomainValidationError
from posyandu_app.domain.rounding import round_half_away

VECTOR_DIR = Path(__file__).resolve().parent.parent / "vectors"
MISSING = object()

# vector "fn" -> Python function, called with the vector's input as keyword arguments
FUNCTIONS = {
    "zscores": growth.zscores, "assess_growth": growth.assess_growth, "implausible": growth.implausible,
    "category": nutrition.category, "muac_category": nutrition.muac_category, "is_stunted": nutrition.is_stunted,
    "round_half_away": round_half_away, "kbm_g": kms.kbm_g, "kms_code": kms.kms_code, "weight_lines": kms.weight_lines, "vitamin_a": kms.vitamin_a,
}


def cases(file):
    """pytest params for a vector file, one test id per case."""
    doc = json.loads((VECTOR_DIR / file).read_text(encoding="utf-8"))
    return [pytest.param(case, id=case["id"]) for case in doc["cases"]]


def mismatches(expected, actual, path="$"):
    """Paths where `actual` does not match `expected` (objects: subset by key; lists exactly, a list of strings
    against the `code` of each object; scalars: equal with the same JSON type)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        out = []
        for key, value in expected.items():
            out += mismatches(value, actual.get(key, MISSING), f"{path}.{key}")
        return out
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{path}: expected a list, got {actual!r}"]
        if all(isinstance(e, str) for e in expected) and all(isinstance(a, dict) for a in actual):
            actual = [a.get("code") for a in actual]
        if len(expected) != len(actual):
            return [f"{path}: expected {expected!r}, got {actual!r}"]
        out = []
        for i, (e, a) in enumerate(zip(expected, actual)):
            out += mismatches(e, a, f"{path}[{i}]")
        return out
    same_kind = isinstance(expected, bool) == isinstance(actual, bool) and (expected is None) == (actual is None)
    if actual is MISSING or not same_kind or expected != actual:
        return [f"{path}: expected {expected!r}, got {'<missing>' if actual is MISSING else repr(actual)}"]
    return []


def run(case):
    """Run one vector case against the Python twin and assert it."""
    fn = FUNCTIONS[case["fn"]]
    if "expect_error" in case:
        with pytest.raises(DomainValidationError) as info:
            fn(**case["input"])
        assert info.value.field_errors == case["expect_error"]
        return
    actual = json.loads(json.dumps(fn(**case["input"])))  # compare what travels: JSON-serialisable output
    problems = mismatches(case["expect"], actual)
    assert not problems, "\n".join(problems)
