"""Elderly (lansia >= 60) rules: SKILAS screening domains and ADL (modified Barthel) dependency.

`assess_elderly(person, visit)` reads only visit_date, skilas and adl; `adult.assess_adult_screening` runs the
same sections inside a full screening (there SKILAS/ADL given under age 60 is an error).

person: {"sex": "M"|"F", "birth_date": "YYYY-MM-DD"} (age >= 60 on the visit date for assess_elderly)
visit.skilas (optional; each item optional, true = the abnormal finding, null/absent = not asked):
    cognition:    recall_fail, orientation_fail
    mobility:     chair_stand_fail (5 chair stands without hands not done in 14 s)
    malnutrition: weight_loss (> 3 kg in 3 months), appetite_loss, muac_cm (number 10..60; < 21 is positive)
    vision:       vision_fail (finger count), eye_problem
    hearing:      whisper_fail; whisper_not_done (true = the test could not be done: refers, "skilas_hearing_not_done")
    depression:   sad_hopeless, little_interest (past 2 weeks)
visit.adl (optional; when given all 10 items are required, whole numbers):
    bowel 0-2, bladder 0-2, grooming 0-1, toilet 0-2, feeding 0-2, transfer 0-3, walking 0-3,
    dressing 0-2, stairs 0-2, bathing 0-1
Result: {"visit_date", "age_years",
         "skilas": {"positive": bool, "complete": bool,
                    "domains": [{"code", "id", "en", "status": label, "positive_items": [item code]}]} | null,
         "adl": {"total": 0..20, "band": label, "level": label, "dependent": bool} | null,
         "flags": [label], "referrals": [{"code", "id", "en", "urgent"}]}
Flag/referral codes: "skilas_<domain>" per positive domain, the item's own code for a test that could not be done
(`not_done` in the data), "adl_<band>" / "adl_dependent" when total < 20.
"""
from .data import load
from .inputs import Reader, iso, label, limits, raise_if, read_person, referral


def _rules():
    return load("elderly_rules")


def read_sections(visit, age):
    """Read visit.skilas and visit.adl (None when absent); both only for age >= 60 (ILP, DOMAIN.md §4)."""
    rules = _rules()
    domains, adl_items = rules["skilas"]["domains"], rules["adl"]["items"]
    skilas = visit.child("skilas", [code for domain in domains for item in domain["items"] for code in _keys(item)])
    adl = visit.child("adl", [item["code"] for item in adl_items])
    min_age = rules["age_min_years"]["value"]
    if age is not None and age < min_age:
        for key, section in (("skilas", skilas), ("adl", adl)):
            if section is not None:
                visit.fail(key, "only_for_age", min=min_age)
        return {"skilas": None, "adl": None}
    values = None
    if skilas is not None:
        values = {item["code"]: skilas.number(item["code"], limits()["muac_cm"]) if "muac_below" in item
                  else skilas.boolean(item["code"])
                  for domain in domains for item in domain["items"]}
        values.update({item["not_done"]["code"]: skilas.boolean(item["not_done"]["code"])
                       for domain in domains for item in domain["items"] if "not_done" in item})
    scores = None
    if adl is not None:
        scores = {item["code"]: adl.number(item["code"], {"min": 0, "max": item["max"], "unit": ""},
                                           integer=True, required=True)
                  for item in adl_items}
    return {"skilas": values, "adl": scores}


def _keys(item):
    """Input keys of a SKILAS item: its own, and its "could not be done" answer when the form has one."""
    return [item["code"], item["not_done"]["code"]] if "not_done" in item else [item["code"]]


def _not_done(item, values):
    """True when the item's test could not be done (Kemenkes SKILAS form: 'jika tidak dapat dilakukan, rujuk')."""
    return "not_done" in item and values.get(item["not_done"]["code"]) is True


def _positive(item, value):
    if value is None:
        return False
    return value < item["muac_below"] if "muac_below" in item else value is True


def skilas_result(values):
    """SKILAS: a domain is positive when any of its items is; any positive domain refers to the puskesmas.

    Source: Juknis ILP (KMK HK.01.07/MENKES/2015/2023) via DOMAIN.md §4; items in elderly_rules.json `skilas`.
    """
    rules = _rules()["skilas"]
    statuses = {entry["code"]: label(entry) for entry in rules["statuses"]}
    domains = []
    complete = True
    for domain in rules["domains"]:
        positives = []
        for item in domain["items"]:
            positives += [item["code"]] if _positive(item, values[item["code"]]) else []
            positives += [item["not_done"]["code"]] if _not_done(item, values) else []
        # a test that could not be done is answered (and refers); only a question not asked leaves a gap
        unasked = any(values[item["code"]] is None and not _not_done(item, values) for item in domain["items"])
        complete = complete and not unasked
        status = "positive" if positives else "incomplete" if unasked else "negative"
        domains.append({**label(domain), "status": statuses[status], "positive_items": positives})
    return {"positive": any(d["positive_items"] for d in domains), "complete": complete, "domains": domains}


def adl_result(scores):
    """ADL (modified Barthel, 0-20): 20 A independent, 12-19 B mild, 9-11 B moderate, 5-8 C severe, 0-4 C total.

    Any dependency (total < 20) refers. Source: Juknis ILP via DOMAIN.md §4; bands in elderly_rules.json `adl`.
    """
    rules = _rules()["adl"]
    total = sum(scores.values())
    band = next(entry for entry in rules["bands"] if total >= entry["min"])
    level = next(entry for entry in rules["levels"] if entry["code"] == band["level"])
    return {"total": total, "band": label(band), "level": label(level),
            "dependent": total < sum(item["max"] for item in rules["items"])}


def evaluate_sections(sections):
    """SKILAS and ADL results with their flags and referrals, from read_sections()."""
    rules = _rules()
    out = {"skilas": None, "adl": None, "flags": [], "referrals": []}
    if sections["skilas"] is not None:
        out["skilas"] = skilas_result(sections["skilas"])
        for domain, result in zip(rules["skilas"]["domains"], out["skilas"]["domains"]):
            found = set(result["positive_items"])
            if any(item["code"] in found for item in domain["items"]):
                code = f"skilas_{domain['code']}"
                out["flags"].append({**label(domain), "code": code})
                out["referrals"].append(referral(domain["referral"], code))
            for item in domain["items"]:
                if "not_done" in item and item["not_done"]["code"] in found:
                    not_done = item["not_done"]
                    out["flags"].append({**label(not_done), "code": not_done["referral"]["code"]})
                    out["referrals"].append(referral(not_done["referral"]))
    if sections["adl"] is not None:
        out["adl"] = adl_result(sections["adl"])
        if out["adl"]["dependent"]:
            band = out["adl"]["band"]
            out["flags"].append({**band, "code": f"adl_{band['code']}"})
            out["referrals"].append(referral(rules["adl"]["referral"]))
    return out


def assess_elderly(person, visit):
    """Assess SKILAS and ADL of one lansia visit (age >= 60). Source: Juknis ILP via DOMAIN.md §4."""
    errors = {}
    reader = Reader(visit, "visit", errors)
    _, visit_day, age = read_person(person, reader, _rules()["age_min_years"]["value"], errors)
    sections = read_sections(reader, age)
    raise_if(errors)
    return {"visit_date": iso(visit_day), "age_years": age, **evaluate_sections(sections)}
