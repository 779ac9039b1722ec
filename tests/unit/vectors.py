"""The one vector runner of the Python twin; tests/js/vectors.mjs runs the JS twin over the same files.

A vector file: {"about", "functions"?: {fn: {"output_keys": [...]}}, "cases": [case]}. A case: {"id" (unique),
"fn", "input": {argument name: value}, "note"?, "confidence"?} and either
- "expect": matched as a subset: objects by key, recursively; lists exactly (same length, item by item); a string
  against a label {"code", "id", "en", ...} matches its code (so a list of strings, a list of labels); scalars
  equal with the same JSON type. When the file lists output_keys for fn, the result has exactly those keys and
  every object below the top level has exactly the expected keys (besides a label's id/en).
- "errors": {field: expected}: DomainValidationError with exactly these fields, each message matched as above
  (a code string, or {"code"?, "id", "en"}).
Every label {"code", "id", "en"} of a result or error carries non-empty text in both languages.
"""
import json
from pathlib import Path

import pytest

from posyandu_app.domain import (adult, delivery, elderly, growth, immunization, kms, nutrition, postnatal, pregnancy,
                                 youth)
from posyandu_app.domain.errors import DomainValidationError
from posyandu_app.domain.rounding import round_half_away

VECTORS = Path(__file__).resolve().parent.parent / "vectors"
MISSING = object()

# vector "fn" -> Python function, called with the case's input as keyword arguments
FUNCTIONS = {
    "zscores": growth.zscores, "assess_growth": growth.assess_growth, "implausible": growth.implausible,
    "category": nutrition.category, "category_5_18": nutrition.category_5_18, "muac_category": nutrition.muac_category, "is_stunted": nutrition.is_stunted,
    "round_half_away": round_half_away, "kbm_g": kms.kbm_g, "kms_code": kms.kms_code,
    "weight_lines": kms.weight_lines, "vitamin_a": kms.vitamin_a,
    "assess_pregnancy_visit": pregnancy.assess_pregnancy_visit,
    "assess_pregnancy_episode": pregnancy.assess_pregnancy_episode,
    "assess_adult_screening": adult.assess_adult_screening, "assess_elderly": elderly.assess_elderly,
    "assess_youth_screening": youth.assess_youth_screening,
    "assess_immunization": immunization.assess_immunization,
    "assess_delivery": delivery.assess_delivery,
    "assess_postnatal_visit": postnatal.assess_postnatal_visit, "assess_newborn_visit": postnatal.assess_newborn_visit,
    "due_windows": postnatal.due_windows,
}


def cases(file_name):
    """pytest params for a vector file, one test id per case; each case gets the file's output_keys of its fn."""
    doc = json.loads((VECTORS / file_name).read_text(encoding="utf-8"))
    ids = [case["id"] for case in doc["cases"]]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    functions = doc.get("functions", {})
    return [pytest.param({**case, "output_keys": functions.get(case["fn"], {}).get("output_keys")}, id=case["id"])
            for case in doc["cases"]]


def mismatches(expected, actual, path="$", whole=False):
    """Paths where `actual` does not match `expected` (the rules of this module's docstring); `whole`: objects below
    the top level must have exactly the expected keys."""
    if isinstance(expected, str) and isinstance(actual, dict) and "code" in actual:
        actual = actual["code"]
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        # A label's id/en are checked apart, by `unlabelled`.
        out = [] if path == "$" or not whole else [f"{path}.{key}: not expected, got {actual[key]!r}" for key in actual
                                      if key not in expected and not (key in ("id", "en") and "code" in actual)]
        for key, value in expected.items():
            out += mismatches(value, actual.get(key, MISSING), f"{path}.{key}", whole)
        return out
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{path}: expected a list, got {actual!r}"]
        if len(expected) != len(actual):
            return [f"{path}: expected {expected!r}, got {actual!r}"]
        out = []
        for i, (e, a) in enumerate(zip(expected, actual)):
            out += mismatches(e, a, f"{path}[{i}]", whole)
        return out
    same_kind = isinstance(expected, bool) == isinstance(actual, bool) and (expected is None) == (actual is None)
    if actual is MISSING or not same_kind or expected != actual:
        return [f"{path}: expected {expected!r}, got {'<missing>' if actual is MISSING else repr(actual)}"]
    return []


def unlabelled(value, path="$"):
    """Paths of labels {"code", "id", "en"} whose id or en is not a non-empty text."""
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in unlabelled(item, f"{path}[{i}]")]
    if not isinstance(value, dict):
        return []
    out = []
    if {"code", "id", "en"} <= value.keys():
        out += [path for lang in ("id", "en") if not (isinstance(value.get(lang), str) and value[lang].strip())]
    return out + [p for key, item in value.items() for p in unlabelled(item, f"{path}.{key}")]


def run(case):
    """Run one vector case against the Python twin and assert it."""
    fn = FUNCTIONS[case["fn"]]
    if "errors" in case:
        with pytest.raises(DomainValidationError) as info:
            fn(**case["input"])
        field_errors = info.value.field_errors
        assert sorted(field_errors) == sorted(case["errors"])
        problems = mismatches(case["errors"], field_errors)
        problems += [f"{field}.{lang}" for field, message in field_errors.items() for lang in ("id", "en")
                     if not (isinstance(message.get(lang), str) and message[lang].strip())]
        assert not problems, "\n".join(problems)
        return
    result = fn(**case["input"])
    actual = json.loads(json.dumps(result))  # compare what travels: JSON-serialisable output
    assert actual == result, "result must be plain JSON"
    if case.get("output_keys") is not None:
        assert sorted(actual) == sorted(case["output_keys"])
    whole = case.get("output_keys") is not None  # files that list output_keys expect whole nested objects
    problems = mismatches(case["expect"], actual, whole=whole) + unlabelled(actual)
    assert not problems, "\n".join(problems)
