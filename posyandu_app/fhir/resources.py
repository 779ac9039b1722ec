"""Patient, Organization (puskesmas, pustu), Location (posyandu) and Encounter (one per visit) as FHIR R4 dicts.

Every resource carries a deterministic id (UUIDv5 of our key) and an identifier in our own system, so an export run
twice gives the same resources and a resend is matched by conditional create instead of duplicated."""
from dataclasses import dataclass

from .mapping import data, resource_id, system

GENDER = {"M": "male", "F": "female"}
ENCOUNTER_TYPE = {"growth": "Penimbangan dan pengukuran balita", "pregnancy_visit": "Pemeriksaan ibu hamil",
                  "screening": "Skrining PTM dewasa dan lansia"}


@dataclass(frozen=True)
class Context:
    """What the mapping needs beyond the records: SATUSEHAT's organization id (None: our own systems only)."""
    org_id: str | None = None


def ref(resource_type: str, key: str) -> dict:
    return {"reference": f"{resource_type}/{resource_id(resource_type, key)}"}


def facility_key(facility) -> str:
    # The row id, not the code: a renamed facility (new code) stays the same resource.
    return str(facility.id)


def _facility_identifier(facility, ctx: Context, kind: str) -> dict:
    if ctx.org_id:
        return {"use": "official", "system": system(kind, ctx.org_id), "value": facility.code}
    return {"use": "usual", "system": system("facility_code"), "value": facility.code}


def organization(facility, ctx: Context, parent=None) -> dict:
    """A puskesmas, or a pustu (partOf its puskesmas)."""
    resource = {"resourceType": "Organization", "id": resource_id("Organization", facility_key(facility)),
                "identifier": [_facility_identifier(facility, ctx, "organization")],
                "active": facility.closed_at is None,
                "type": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/organization-type",
                                      "code": "prov", "display": "Healthcare Provider"}]}],
                "name": facility.name}
    address = ", ".join(part for part in (facility.desa, facility.kecamatan, facility.kabupaten) if part)
    if address:
        resource["address"] = [{"use": "work", "text": address, "country": "ID"}]
    if parent is not None:
        resource["partOf"] = ref("Organization", facility_key(parent))
    return resource


def location(posyandu, ctx: Context, pustu) -> dict:
    """A posyandu: a place where services are given, managed by its pustu."""
    resource = {"resourceType": "Location", "id": resource_id("Location", facility_key(posyandu)),
                "identifier": [_facility_identifier(posyandu, ctx, "location")],
                "status": "inactive" if posyandu.closed_at else "active", "name": posyandu.name,
                "description": f"Posyandu {posyandu.name}", "mode": "instance",
                "physicalType": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/location-physical-type",
                                             "code": "si", "display": "Site"}]},
                "managingOrganization": ref("Organization", facility_key(pustu))}
    if posyandu.desa:
        resource["address"] = {"use": "work", "text": posyandu.desa, "country": "ID"}
    return resource


def patient(person) -> dict:
    identifiers = [{"use": "usual", "system": system("person_id"), "value": person.id}]
    if person.nik:
        identifiers.insert(0, {"use": "official", "system": system("nik"), "value": person.nik})
    resource = {"resourceType": "Patient", "id": resource_id("Patient", person.id), "identifier": identifiers,
                "active": person.deleted_at is None, "name": [{"use": "official", "text": person.name}],
                "gender": GENDER.get(person.sex, "unknown"), "birthDate": person.birth_date.isoformat()}
    line = " ".join(part for part in (person.address, f"RT {person.rt}" if person.rt else None,
                                      f"RW {person.rw}" if person.rw else None, person.dusun) if part)
    if line:
        resource["address"] = [{"use": "home", "line": [line], "country": "ID"}]
    return resource


def visit_key(entity: str, root_id: str) -> str:
    """A visit and its corrections share one key: the first version's id (a correction updates, never adds)."""
    return f"{entity}/{root_id}"


def encounter(entity: str, visit, root_id: str, ctx: Context, puskesmas) -> dict:
    key = visit_key(entity, root_id)
    identifiers = [{"use": "usual", "system": system("visit_id"), "value": key}]
    if ctx.org_id:
        identifiers.append({"use": "official", "system": system("encounter", ctx.org_id), "value": key})
    day = visit.visit_date.isoformat()
    return {"resourceType": "Encounter", "id": resource_id("Encounter", key), "identifier": identifiers,
            "status": "finished",
            "class": {"system": system("act_code"), **data()["encounter_class"]},
            "type": [{"text": ENCOUNTER_TYPE.get(entity, entity)}],
            "subject": ref("Patient", visit.person_id),
            "period": {"start": day, "end": day},
            "location": [{"location": ref("Location", str(visit.posyandu_id))}],
            "serviceProvider": ref("Organization", facility_key(puskesmas))}
