"""High-risk reasons of an adult/elderly screening (PTM, PUMA, SKILAS, ADL): thresholds read from adult_rules.json
and elderly_rules.json each time the list is asked for, classes as the twins promoted them."""
from sqlalchemy import and_, or_

from ...domain.data import load
from .common import Reason, labels, values

_BP_CLASSES = load("adult_rules")["blood_pressure"]["classes"]
URGENT_BP_CLASSES = tuple(c["code"] for c in _BP_CLASSES if c.get("urgent"))  # grade 3, >= 180/110 (issue 12)
SEVERE_BP_CLASSES = tuple(c for c in ("hypertension_2", "hypertension_3") if c not in URGENT_BP_CLASSES)


def _high_glucose(model):
    """Possible diabetes as adult_rules.json `glucose` classes it: at or above the `diabetes` minimum of the test
    type (random and fasting have their own). A value with no type recorded is held to the highest minimum."""
    minima = {kind: entry["min"] for kind, classes in load("adult_rules")["glucose"]["classes"].items()
              for entry in classes if entry["code"] == "diabetes"}
    return or_(*[and_(model.glucose_type == kind, model.glucose_mg_dl >= low) for kind, low in minima.items()],
               and_(model.glucose_type.is_(None), model.glucose_mg_dl >= max(minima.values())))


def _puma_refers(model):
    return model.puma_score >= load("adult_rules")["puma"]["refer_score_min"]


def _adl_max():
    return sum(item["max"] for item in load("elderly_rules")["adl"]["items"])


def _adl_dependent(model):
    """Any dependency: a total below the sum of the item maxima (elderly_rules.json `adl`, as the rules decide)."""
    return model.adl_score < _adl_max()


def _skilas(visit):
    """The SKILAS findings as the rules name them (a positive domain, or a test that could not be done), and the
    ticked items for a visit the rules have not labelled."""
    flags = [flag for flag in labels((visit.results or {}).get("flags"))
             if str(flag.get("code", "")).startswith("skilas_")]
    return {"labels": flags, "codes": [key for key, value in (visit.skilas or {}).items() if value is True]}


_BP = values("systolic", "diastolic")
REASONS = (
    Reason("hypertension_urgent", "adult", lambda m: m.bp_class.in_(URGENT_BP_CLASSES), _BP, "bp", urgent=True),
    Reason("hypertension_severe", "adult", lambda m: m.bp_class.in_(SEVERE_BP_CLASSES), _BP, "bp"),
    Reason("high_glucose", "adult", _high_glucose, values("glucose_mg_dl", "glucose_type"), "glucose"),
    Reason("puma", "adult", _puma_refers, values("puma_score"), "puma"),
    Reason("skilas", "adult", lambda m: m.skilas_positive.is_(True), _skilas, "labels_or_codes"),
    Reason("adl_dependency", "adult", _adl_dependent,
           lambda v: {"adl_score": v.adl_score, "adl_max": _adl_max(), "adl_level": v.adl_level}, "adl"),
)
