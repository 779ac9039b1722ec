"""Resources in a stable order, as a Bundle (collection) or as Bulk Data NDJSON (one file per resource type)."""
import json

from .mapping import resource_id

# What others refer to comes first: the order the sender follows too.
TYPE_ORDER = ("Organization", "Location", "Patient", "Encounter", "Observation", "ServiceRequest")
RANK = {name: index for index, name in enumerate(TYPE_ORDER)}


def ordered(resources) -> list[dict]:
    """Each resource once (by id), by type then id: the same records always give the same sequence."""
    unique = {(item["resourceType"], item["id"]): item for item in resources}
    return [unique[key] for key in sorted(unique, key=lambda key: (RANK.get(key[0], len(RANK)), key[1]))]


def line(resource: dict) -> str:
    """One NDJSON line: compact, keys sorted, UTF-8 text as is."""
    return json.dumps(resource, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def ndjson(resources) -> dict[str, str]:
    """{"Patient": "...\\n...\\n", ...}: the files of a Bulk Data export, one per resource type."""
    files: dict[str, list[str]] = {}
    for resource in ordered(resources):
        files.setdefault(resource["resourceType"], []).append(line(resource))
    return {name: "\n".join(lines) + "\n" for name, lines in files.items()}


def bundle(resources, key: str) -> dict:
    """A collection Bundle; its id comes from `key` (what was asked), so the same question gives the same id."""
    items = ordered(resources)
    # No "total": FHIR allows it on search and history bundles only (bdl-1).
    return {"resourceType": "Bundle", "id": resource_id("Bundle", key), "type": "collection",
            "entry": [{"fullUrl": f"urn:uuid:{item['id']}", "resource": item} for item in items]}
