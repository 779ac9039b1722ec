"""Loads the rule data files that the Python twin shares with the JavaScript twin."""
import functools
import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "static" / "data"


@functools.cache
def load(name: str):
    """Return the parsed JSON of `static/data/<name>.json` (cached; the files never change at run time)."""
    with open(DATA_DIR / f"{name}.json", encoding="utf-8") as handle:
        return json.load(handle)
