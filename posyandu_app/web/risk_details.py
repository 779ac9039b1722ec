"""Words for a high-risk row: the facts the service found (codes, numbers, rule labels) in the reader's language."""
from ..formats import num
from ..i18n import translate
from ..services.high_risk import WORDS_OF


def _signed(value, lang):
    return "–" if value is None else ("" if value < 0 else "+") + num(value, 2, lang)


def _labels(entries, lang):
    return ", ".join(entry.get(lang) or entry.get("id", "") for entry in entries or [])


def _z(facts, lang):
    return f"{translate('short.' + facts['index'], lang)} {_signed(facts['z'], lang)}"


def _implausible(facts, lang):
    return ", ".join(f"{translate('short.' + index, lang)} {_signed(z, lang)}" for index, z in facts["z"].items())


def _muac(facts, lang):
    value = facts["muac_cm"]
    return "–" if value is None else f"{translate('field.muac_cm', lang)}: {num(value, lang=lang)}"


def _bp(facts, lang):
    return f"{facts['systolic']}/{facts['diastolic']} mmHg" if facts["systolic"] else "–"


def _glucose(facts, lang):
    kind = translate(f"code.glucose_type.{facts['glucose_type']}", lang) if facts["glucose_type"] else "–"
    return f"{num(facts['glucose_mg_dl'], lang=lang)} mg/dL ({kind})"


def _danger(facts, lang):
    return _labels(facts["labels"], lang) or ", ".join(translate(f"field.danger_{code}", lang)
                                                       for code in facts["codes"])


def _skilas(facts, lang):
    return _labels(facts["labels"], lang) or ", ".join(facts["codes"])


def _hb(facts, lang):
    return "–" if facts["hb_g_dl"] is None else f"Hb {num(facts['hb_g_dl'], lang=lang)} g/dL"


def _missed_anc(facts, lang):
    return "; ".join(f"TM {tm['trimester']}: {tm['done']}/{tm['target']}" for tm in facts["trimesters"])


# The ways a reason's facts are worded, named by each Reason's `words` (services/risks/): a new kind's reason
# picks one of these, so the list words it with no change here.
WORDS = {
    "z": _z, "z_flags": _implausible, "muac": _muac, "bp": _bp, "hb": _hb, "glucose": _glucose,
    "weight": lambda facts, lang: f"{num(facts['weight_kg'], lang=lang)} kg",
    "danger_signs": _danger, "labels_or_codes": _skilas, "anc_trimesters": _missed_anc,
    "labels": lambda facts, lang: _labels(facts["labels"], lang),
    "puma": lambda facts, lang: f"PUMA {facts['puma_score']}",
    "adl": lambda facts, lang: f"ADL {facts['adl_score']}/{facts['adl_max']} ({facts['adl_level'] or '–'})",
}


def describe(row, lang: str | None = None) -> str:
    """The detail line under a row's reason, e.g. "BB/TB z -3,40" or "185/112 mmHg"."""
    return WORDS[WORDS_OF[row.reason]](row.facts, lang)
