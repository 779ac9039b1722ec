"""Writes static/data/visit_kinds.json from the declaration: `python -m posyandu_app.visit_kinds`."""
import json
from pathlib import Path

from . import client_data

PATH = Path(__file__).resolve().parent.parent / "static" / "data" / "visit_kinds.json"


def render() -> str:
    return json.dumps(client_data(), ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    PATH.write_text(render(), encoding="utf-8")
    print(PATH)
