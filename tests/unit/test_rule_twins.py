"""The Python and JS twins agree on mutated vector inputs, and neither raises anything but a validation error."""
import copy
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from posyandu_app.domain.errors import DomainValidationError
from tests.unit.vectors import FUNCTIONS, VECTORS

ROOT = Path(__file__).resolve().parents[2]
ODD = [None, True, False, 0, -1, 0.5, 1.5, 7, 19.95, 23.5, 140, 1e9, "", "x", "2024-02-29", "2023-02-29", "2024-13-01",
       "2024-05-01", [], ["bleeding"], [1.5, "fever"], {}, {"a": 1}, {"recall_fail": True}]


def _mutate(value, rng):
    """Replace one randomly chosen leaf or container of `value` (JSON-like) by an odd value."""
    if isinstance(value, dict) and value and rng.random() < 0.8:
        key = rng.choice(sorted(value))
        value[key] = _mutate(value[key], rng)
        return value
    if isinstance(value, list) and value and rng.random() < 0.8:
        i = rng.randrange(len(value))
        value[i] = _mutate(value[i], rng)
        return value
    return copy.deepcopy(rng.choice(ODD))


def _python(fn, arguments):
    try:
        return {"result": json.loads(json.dumps(FUNCTIONS[fn](**arguments)))}
    except DomainValidationError as error:
        return {"errors": error.field_errors}


def _inputs(count, seed=20240601):
    rng = random.Random(seed)
    base = [case for name in ("pregnancy.json", "adult.json", "elderly.json", "youth.json", "delivery.json",
                                                                       "immunization.json", "postnatal.json")
            for case in json.loads((VECTORS / name).read_text(encoding="utf-8"))["cases"]]
    inputs = []
    for _ in range(count):
        case = rng.choice(base)
        arguments = copy.deepcopy(case["input"])
        for _ in range(rng.randint(1, 3)):
            name = rng.choice(sorted(arguments))
            arguments[name] = _mutate(arguments[name], rng)
        inputs.append({"fn": case["fn"], "input": arguments})
    return inputs


def test_python_raises_only_validation_errors():
    for item in _inputs(3000, seed=7):
        _python(item["fn"], item["input"])  # any other exception fails the test


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_twins_agree_on_mutated_inputs():
    inputs = _inputs(1500)
    run = subprocess.run(["node", "tests/js/vectors.mjs"], input=json.dumps(inputs), capture_output=True,
                         text=True, cwd=ROOT, timeout=60, check=True)
    for item, js in zip(inputs, json.loads(run.stdout), strict=True):
        assert "crash" not in js, (item, js["crash"])
        assert _python(item["fn"], item["input"]) == js, item
