"""The mapping data (mapping.json): code systems, LOINC/UCUM per field, and deterministic resource ids."""
import json
import uuid
from functools import cache
from pathlib import Path

_FILE = Path(__file__).with_name("mapping.json")


@cache
def data() -> dict:
    return json.loads(_FILE.read_text(encoding="utf-8"))


@cache
def _namespace() -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, data()["app_base"])


def system(name: str, org_id: str | None = None) -> str:
    """A code or identifier system by its mapping name; SATUSEHAT's per-organization ones take `org_id`."""
    value = data()["systems"].get(name, name)
    return value.format(app_base=data()["app_base"], org_id=org_id or "")


def resource_id(resource_type: str, key: str) -> str:
    """UUIDv5 of (type, our key): the same record always gives the same id, so exports repeat exactly."""
    return str(uuid.uuid5(_namespace(), f"{resource_type}/{key}"))


def coding(entry: dict, **override) -> dict:
    """{"system", "code", "display"} of a mapping entry whose "system" is a mapping name."""
    entry = {**entry, **override}
    return {"system": system(entry["system"]), "code": entry["code"], "display": entry["display"]}


def quantity(value, entry: dict) -> dict:
    return {"value": value, "unit": entry["unit"], "system": system("ucum"), "code": entry["ucum"]}


def category(code: str) -> list[dict]:
    displays = {"vital-signs": "Vital Signs", "exam": "Exam", "laboratory": "Laboratory", "survey": "Survey"}
    return [{"coding": [{"system": system("observation_category"), "code": code, "display": displays[code]}]}]
