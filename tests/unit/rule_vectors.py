"""Runs the Python twin over a rule vector file; tests/js runs the JavaScript twin over the same file.

A vector file: {"functions": {name: {"output_keys": [...]}}, "cases": [case]}, where a case is
{"name", "fn", "args": [...], and either "expect": {output key: simplified value} or "errors": {field: code}
(optionally "messages": {field: {"id", "en"}})}. Simplified: every {"code", "id", "en", ...} label loses its id/en
(checked to be non-empty text) and becomes its bare code when nothing else is left.
"""
import json
from pathlib import Path

import pytest

from posyandu_app.domain.errors import DomainValidationError

VECTORS = Path(__file__).resolve().parent.parent / "vectors"


def simplify(value):
    if isinstance(value, list):
        return [simplify(item) for item in value]
    if not isinstance(value, dict):
        return value
    if {"code", "id", "en"} <= value.keys():
        assert isinstance(value["id"], str) and value["id"].strip(), value
        assert isinstance(value["en"], str) and value["en"].strip(), value
        rest = {key: simplify(item) for key, item in value.items() if key not in ("id", "en")}
        return rest["code"] if list(rest) == ["code"] else rest
    return {key: simplify(item) for key, item in value.items()}


def cases(file_name):
    """pytest params (spec, case) for every case of tests/vectors/<file_name>."""
    spec = json.loads((VECTORS / file_name).read_text(encoding="utf-8"))
    names = [case["name"] for case in spec["cases"]]
    assert len(names) == len(set(names)), "case names must be unique"
    return [pytest.param(spec, case, id=case["name"]) for case in spec["cases"]]


def check(module, spec, case):
    function = getattr(module, case["fn"])
    if "errors" in case:
        with pytest.raises(DomainValidationError) as info:
            function(*case["args"])
        field_errors = info.value.field_errors
        assert {field: msg["code"] for field, msg in field_errors.items()} == case["errors"]
        for field, msg in field_errors.items():
            assert msg["id"].strip() and msg["en"].strip(), field
        for field, expected in case.get("messages", {}).items():
            assert {"id": field_errors[field]["id"], "en": field_errors[field]["en"]} == expected
        return
    result = function(*case["args"])
    assert json.loads(json.dumps(result)) == result, "result must be plain JSON"
    assert sorted(result) == sorted(spec["functions"][case["fn"]]["output_keys"])
    for key, expected in case["expect"].items():
        assert simplify(result[key]) == expected, key
