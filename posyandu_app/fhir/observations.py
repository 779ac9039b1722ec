"""Observations (one per measurement, the blood pressure panel, z-scores with their nutrition category, risk
findings) and ServiceRequests (the referrals) of one visit, as FHIR R4 dicts; codes come from mapping.json."""
from .mapping import category, coding, data, quantity, resource_id, system
from .resources import ref, visit_key

MEASURED = {
    "growth": ("weight_kg", "length_cm", "head_cm", "muac_cm"),
    "pregnancy_visit": ("weight_kg", "muac_cm", "hb_g_dl", "fundal_height_cm", "fetal_heart_rate",
                        "gestational_weeks"),
    "screening": ("weight_kg", "height_cm", "waist_cm", "bmi"),
}


class _Visit:
    """The shared parts of every resource of one visit: ids, subject, encounter, date."""

    def __init__(self, entity, visit, root_id):
        self.key = visit_key(entity, root_id)
        self.visit = visit
        self.day = visit.visit_date.isoformat()

    def resource(self, resource_type: str, part: str, **body) -> dict:
        own_id = resource_id(resource_type, f"{self.key}/{part}")
        head = {"resourceType": resource_type, "id": own_id,
                "identifier": [{"use": "usual", "system": system("resource_id"), "value": own_id}]}
        return {**head, **body}

    def observation(self, part: str, code: dict, cat: str, **value) -> dict:
        return self.resource("Observation", part, status="final", category=category(cat), code=code,
                             subject=ref("Patient", self.visit.person_id), encounter=ref("Encounter", self.key),
                             effectiveDateTime=self.day, **value)


def _measurement(v: _Visit, field: str, value, entity: str) -> dict:
    entry = data()["measurements"][field]
    codings = [coding(entry)]
    position = entry.get("by_position", {}).get(getattr(v.visit, "measured", None) or "")
    if position:
        codings.append(coding(entry, **position))
    return v.observation(field, {"coding": codings, "text": entry["display"]}, entry["category"],
                         valueQuantity=quantity(value, entry))


def _blood_pressure(v: _Visit) -> dict | None:
    if v.visit.systolic is None or v.visit.diastolic is None:
        return None
    bp = data()["blood_pressure"]
    components = [{"code": {"coding": [coding(bp[part])]}, "valueQuantity": quantity(getattr(v.visit, part), bp[part])}
                  for part in ("systolic", "diastolic")]
    return v.observation("blood_pressure", {"coding": [coding(bp["panel"])], "text": "Blood pressure"},
                         "vital-signs", component=components)


def _glucose(v: _Visit) -> dict | None:
    if v.visit.glucose_mg_dl is None:
        return None
    field = "glucose_fasting" if v.visit.glucose_type == "fasting" else "glucose_random"
    entry = data()["measurements"][field]
    return v.observation(field, {"coding": [coding(entry)], "text": entry["display"]}, entry["category"],
                         valueQuantity=quantity(v.visit.glucose_mg_dl, entry))


def _interpretation(index: str, spec: dict, visit) -> list[dict] | None:
    code = getattr(visit, spec.get("category_column", ""), None) if spec.get("category_column") else None
    if not code:
        return None
    kemkes = data()["kemkes_interpretation"].get(index, {}).get(code)
    label = _category_label(spec["table"], code)
    codings = [{"system": system("local_category"), "code": f"{index}-{code}", "display": label}]
    if kemkes:
        codings.insert(0, {"system": system("kemkes_clinical_term"), "code": kemkes[0], "display": kemkes[1]})
    return [{"coding": codings, "text": label}]


def _category_label(table: str, code: str) -> str:
    from ..domain.data import load  # the PMK 2/2020 labels live with the growth rules
    bands = load("growth_rules")["categories"][table]["bands"]
    return next((band["id"] for band in bands if band["code"] == code), code)


def _zscores(v: _Visit) -> list[dict]:
    spec_all = data()["zscores"]
    found = []
    for index in ("waz", "haz", "whz", "baz", "hcz", "acz"):
        z = getattr(v.visit, index, None)
        if z is None:
            continue
        spec = spec_all[index]
        extra = {}
        interpretation = _interpretation(index, spec, v.visit)
        if interpretation:
            extra["interpretation"] = interpretation
        code = {"coding": [{"system": system("local_observation"), "code": spec["code"], "display": spec["display"]}],
                "text": spec["display"]}
        found.append(v.observation(index, code, "exam", valueQuantity={
            "value": z, "unit": spec_all["unit"], "system": system("ucum"), "code": spec_all["unit"]}, **extra))
    return found


def _local(v: _Visit, part: str, name: str, value_code: str, value_system: str, display: str) -> dict:
    spec = data()["local_observations"][name]
    code = {"coding": [{"system": system("local_observation"), "code": spec["code"], "display": spec["display"]}],
            "text": spec["display"]}
    return v.observation(part, code, "survey", valueCodeableConcept={
        "coding": [{"system": system(value_system), "code": value_code, "display": display}], "text": display})


def _findings(v: _Visit, results: dict) -> list[dict]:
    flags = results.get("flags")
    if not isinstance(flags, list):  # growth keeps implausibility marks there, not risk findings
        return []
    return [_local(v, f"finding/{flag['code']}", "finding", flag["code"], "local_finding", flag.get("id") or flag["code"])
            for flag in flags if isinstance(flag, dict) and flag.get("code")]


def _referrals(v: _Visit, results: dict, requester) -> list[dict]:
    found = []
    for item in results.get("referrals") or []:
        if not isinstance(item, dict) or not item.get("code"):
            continue
        text = item.get("id") or item["code"]
        found.append(v.resource(
            "ServiceRequest", f"referral/{item['code']}", status="active", intent="proposal",
            category=[{"coding": [coding(data()["referral_code"])]}],
            code={"coding": [{"system": system("local_referral"), "code": item["code"], "display": text}], "text": text},
            subject=ref("Patient", v.visit.person_id), encounter=ref("Encounter", v.key), authoredOn=v.day,
            requester=requester))
    return found


def visit_observations(entity: str, visit, root_id: str, requester_key: str) -> list[dict]:
    """Every Observation and ServiceRequest of one visit, in a stable order."""
    v = _Visit(entity, visit, root_id)
    found = [_measurement(v, field, getattr(visit, field), entity) for field in MEASURED.get(entity, ())
             if getattr(visit, field, None) is not None]
    found += [obs for obs in (_blood_pressure(v) if hasattr(visit, "systolic") else None,
                              _glucose(v) if hasattr(visit, "glucose_mg_dl") else None) if obs]
    if entity == "growth":
        found += _zscores(v)
        if visit.kms_code:
            found.append(_local(v, "kms", "kms_code", visit.kms_code, "local_category", f"KMS {visit.kms_code}"))
    results = visit.results or {}
    found += _findings(v, results)
    found += _referrals(v, results, ref("Organization", requester_key))
    return found
