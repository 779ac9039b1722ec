"""Category codes and labels for reports, read from the shared rule data files (never re-typed here)."""
import functools

from ...domain import data

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
