"""PMK 2/2020 nutrition categories per index, stunting, child MUAC categories, and referral reasons."""
from .data import load

CATEGORY_INDICES = ("waz", "haz", "whz", "baz", "hcz")


def _rules():
    return load("growth_rules")


def band(bands, value):
    """First band with value < lt (or value <= le); the last band has no bound. Returns {"code", "id", "en"}."""
    for item in bands:
        if ("lt" in item and value < item["lt"]) or ("le" in item and value <= item["le"]) or \
                ("lt" not in item and "le" not in item):
            return {"code": item["code"], "id": item["id"], "en": item["en"]}
    return None


def category(index, z, flagged=False):
    """PMK 2/2020 category of a rounded z for index waz/haz/whz/baz/hcz; None if z is None or implausible.

    Source: PMK 2/2020 Standar Antropometri Anak (hcz labels UNCONFIRMED, see growth_rules.json).
    """
    if z is None or flagged:
        return None
    return band(_rules()["categories"][index]["bands"], z)


def muac_applies(age_months):
    """MUAC categories apply from 6 to 59 months (6 <= age in months < 60). Source: DOMAIN.md 2.2."""
    spec = _rules()["muac"]
    return spec["min_age_months"] <= age_months < spec["max_age_months"]


def muac_category(muac_cm, age_months):
    """Child MUAC category: < 11.5 cm gizi buruk, 11.5 to < 12.5 gizi kurang, else normal; None outside
    6-59 months or without MUAC. Source: DOMAIN.md 2.2 (WHO/UNICEF 2009 cut-off)."""
    if muac_cm is None or not muac_applies(age_months):
        return None
    return band(_rules()["muac"]["bands"], muac_cm)


def is_stunted(haz, flagged=False):
    """Stunting = PB/U or TB/U < -2 SD; None without a plausible HAZ. Source: PMK 2/2020."""
    if haz is None or flagged:
        return None
    return haz < _rules()["stunting"]["lt"]


def category_5_18(index, z, flagged=False):
    """PMK 2/2020 category of a rounded z at 5-18 years for index baz (IMT/U) or haz (TB/U); None if z is None or
    implausible. Source: growth_rules.json categories_5_18 (PMK 2/2020 IMT/U 5-18 tahun; WHO 2007 stunting)."""
    if z is None or flagged:
        return None
    return band(_rules()["categories_5_18"][index]["bands"], z)


def school_age(age_months):
    """True from 60 months to the end of the PMK 5-18 years categories (growth_rules.json age.who2007)."""
    spec = _rules()["age"]["who2007"]
    return spec["from_months"] <= age_months <= spec["category_max_months"]


def categorize(z, flags, muac_cm, age_months):
    """Categories for every index plus MUAC: {waz, haz, whz, baz, hcz, muac: {"code","id","en"}|None}.

    From 5 years: IMT/U and TB/U by categories_5_18 (PMK 2/2020 IMT/U 5-18 tahun; WHO 2007 stunting), no BB/U.
    """
    out = {index: category(index, z[index], flags[index]) for index in CATEGORY_INDICES}
    if age_months >= _rules()["age"]["who2007"]["from_months"]:
        inside = school_age(age_months)
        out["waz"] = None
        for index in ("baz", "haz"):
            out[index] = category_5_18(index, z[index], flags[index]) if inside else None
    out["muac"] = muac_category(muac_cm, age_months)
    return out


def _code(cat):
    return cat["code"] if cat else None


def referral_codes(categories, flags, kms, oedema):
    """Codes of the reasons to refer to the bidan/pustu. Source: DOMAIN.md 2.3 (T, 2T, BGM, above orange,
    gizi buruk/kurang by BB/PB-BB/TB, stunting, MUAC < 12.5, any implausible flag) plus oedema."""
    codes = set()
    if kms["two_t"]:
        codes.add("kms_2t")  # 2T includes the current T: one reason, the stronger one
    elif kms["code"] == "T":
        codes.add("kms_t")
    if kms["bgm"]:
        codes.add("bgm")
    if kms["above_orange"]:
        codes.add("above_orange")
    whz = _code(categories["whz"])
    if whz in ("severely_wasted", "wasted"):
        codes.add(whz)
    if _code(categories["haz"]) in ("severely_stunted", "stunted"):
        codes.add("stunting")
    baz = _code(categories["baz"])
    if baz in ("severely_thin", "thin", "obese"):  # 5-18 years only: these codes exist in categories_5_18 alone
        codes.add(baz)
    muac = _code(categories["muac"])
    if muac in ("severe", "moderate"):
        codes.add("muac_" + muac)
    if oedema:
        codes.add("oedema")
    codes.update("implausible_" + index for index, flag in flags.items() if flag)
    return codes


def escalation_codes(categories, oedema, age_months, weight_kg):
    """Codes of the reasons for the pustu/puskesmas to refer on: stunting; gizi buruk (WHZ < -3, MUAC < 11.5 or
    oedema) under 6 months or under 4 kg. Source: DOMAIN.md 2.3."""
    limits = _rules()["escalations"]["limits"]
    codes = set()
    if _code(categories["haz"]) in ("severely_stunted", "stunted"):
        codes.add("stunting")
    severe = oedema or _code(categories["whz"]) == "severely_wasted" or _code(categories["muac"]) == "severe"
    if severe and age_months < limits["age_months_lt"]:
        codes.add("severe_under_6_months")
    if severe and weight_kg is not None and weight_kg < limits["weight_kg_lt"]:
        codes.add("severe_under_4_kg")
    return codes
