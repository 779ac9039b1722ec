"""Category codes and labels for reports, read from the shared rule data files (never re-typed here)."""
import functools

from ...domain import data, immunization

# Report index -> the growth rules' z-score index whose bands it counts.
GROWTH_INDEX = {"wfa": "waz", "hfa": "haz", "wfh": "whz"}


def _load(name: str):
    try:
        return data.load(name)
    except FileNotFoundError:  # rule data not merged yet: reports still show the codes that occur in the data
        return None


@functools.cache
def growth_categories() -> dict:
    """{report index: [(code, {"id", "en"})]} from growth_rules.json, in the rules' order."""
    rules = _load("growth_rules")
    if not rules:
        return {}
    return {index: [(band["code"], {"id": band["id"], "en": band["en"]}) for band in rules["categories"][z]["bands"]]
            for index, z in GROWTH_INDEX.items()}


@functools.cache
def screening_classes() -> dict:
    """{"bp": [(code, label)], "glucose": [...], "adl": [...], "bmi": [...]} from adult/elderly rule files."""
    adult, elderly = _load("adult_rules"), _load("elderly_rules")
    classes = {}
    if adult:
        classes["bp"] = [(c["code"], {"id": c["id"], "en": c["en"]}) for c in adult["blood_pressure"]["classes"]]
        glucose = {}
        for kind in adult["glucose"]["types"]:
            for c in adult["glucose"]["classes"][kind]:
                glucose.setdefault(c["code"], {"id": c["id"], "en": c["en"]})
        classes["glucose"] = list(glucose.items())
        classes["bmi"] = [(c["code"], {"id": c["id"], "en": c["en"]}) for c in adult["bmi_classes"]["classes"]]
    if elderly:
        classes["adl"] = [(c["code"], {"id": c["id"], "en": c["en"]}) for c in elderly["adl"]["levels"]]
    return classes


@functools.cache
def skilas_domains() -> list[dict]:
    """SKILAS domains with their items ([{code, id, en, items: [{code, muac_below?}]}]) from elderly_rules.json."""
    elderly = _load("elderly_rules")
    return elderly["skilas"]["domains"] if elderly else []


def label(labels: dict, code: str | None, lang: str) -> str | None:
    """The label of `code` in `lang` from a {code: {"id","en"}} map, or the code itself (None stays None)."""
    if code is None:
        return None
    entry = labels.get(code)
    return entry.get(lang) or entry.get("id") if entry else code


def report_ages() -> dict:
    """The ages the report notes and group names print, from the rule data (the catalogs hold {placeholders}):
    {"left": {group: {from, to, years}}, "vitamin_a": {blue_from, blue_to, red_from, ...}, "screening": {...},
    "bands": {band: {from, to}}, "all_ages": {from, to}, "capsules": {capsule: {from, to}}}."""
    growth, adult, elderly = _load("growth_rules"), _load("adult_rules"), _load("elderly_rules")
    left = {group["code"]: {"from": group["from_months"],
                            "to": None if group["to_months"] is None else group["to_months"] - 1,
                            "years": group["from_months"] // 12}
            for group in growth["report_age_bands"]["departures"]["groups"]}
    vitamin_a = {f"{capsule['code']}_{end}": capsule[f"{end}_months"]
                 for capsule in growth["vitamin_a"]["capsules"] for end in ("from", "to")}
    elderly_from = elderly["age_min_years"]["value"]
    screening = {"adult": adult["age_min_years"]["value"], "adult_to": elderly_from - 1, "elderly": elderly_from}
    bands = {band["code"]: {"from": band["from_months"], "to": band["to_months"]}
             for band in growth["report_age_bands"]["bands"]}
    all_ages = {"from": min(b["from"] for b in bands.values()), "to": max(b["to"] for b in bands.values())}
    capsules = {capsule["code"]: {"from": capsule["from_months"], "to": capsule["to_months"]}
                for capsule in growth["vitamin_a"]["capsules"]}
    return {"left": left, "vitamin_a": vitamin_a, "screening": screening, "bands": bands, "all_ages": all_ages,
            "capsules": capsules}


def dose_labels() -> list[tuple[str, dict]]:
    """(dose code, {"id", "en"} name) of every vaccine dose, in schedule order (immunization_rules.json)."""
    return [(entry["code"], entry["label"]) for entry in immunization.schedule()]
