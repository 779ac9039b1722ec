"""What a reviewer sees of a visit: measured values, server results and flags as (label key, text) rows."""
from datetime import date

from ..day_text import ISO_DAY
from ..domain import immunization
from ..domain.data import load
from ..formats import day, num
from ..i18n import get_language, translate
from ..visit_kinds import visit_kinds

# What a reviewer sees of each visit kind is declared with the kind (visit_kinds/: its Review).
REVIEWED = {kind.entity: kind.review for kind in visit_kinds()}
MEASURED = {entity: review.measured for entity, review in REVIEWED.items()}
RESULTS = {entity: review.results for entity, review in REVIEWED.items()}
HISTORY = {entity: review.history for entity, review in REVIEWED.items()}  # header keys "short.<column>"
BADGES = {entity: review.badges for entity, review in REVIEWED.items()}  # (column, catalog key, level)


# Category columns hold codes; the labels in the reviewer's language live in the server result, where the kind's
# `promoted_from` says the column's value came from (a node that is not a label falls back to the value).
LABELS = {kind.entity: {column: tuple(path.split(".")) for column, path, _ in kind.promoted_from
                        if not path.endswith("[]")} for kind in visit_kinds()}
CODED = {"glucose_type", "measured", "vitamin_a", "baby_sex"}  # short codes with their own catalog entries
LISTED = {"danger_signs": "field.danger_{}"}  # lists of codes, each shown by its label (the kader's form words)
# Codes whose names live in the rule data: a vaccine dose by its name ("DPT-HB-Hib 2", the antigen and dose number
# together), its place by the form's words. column -> visit -> {"id", "en"} (None: the code as it is).
_DOSE_NAMES = {(entry["antigen"], entry["dose"]): entry["label"] for entry in immunization.schedule()}
_PLACES = {place["code"]: place for place in load("immunization_rules")["places"]}
RULE_WORDS = {"antigen": lambda visit: _DOSE_NAMES.get((visit.antigen, getattr(visit, "dose", None))),
              "place": lambda visit: _PLACES.get(visit.place)}


def _label(results, path, lang):
    node = results or {}
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node.get(lang) or node.get("id") if isinstance(node, dict) else None


def _text(value) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, float):
        return num(value)  # 7,1 in Indonesian, 7.1 in English
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return str(value)


def _value(visit, name, lang, labels):
    value = getattr(visit, name, None)
    if name in RULE_WORDS and (words := RULE_WORDS[name](visit)):
        return words.get(lang) or words["id"]
    if name in labels:
        return _label(visit.results, labels[name], lang) or _text(value)
    if name in CODED:
        return translate(f"code.{name}.{value}")
    if name in LISTED and isinstance(value, (list, tuple)):
        return ", ".join(translate(LISTED[name].format(code)) for code in value)
    return _text(value)


def _rows(visit, names, lang, labels):
    return [(f"field.{name}", _value(visit, name, lang, labels)) for name in names
            if getattr(visit, name, None) not in (None, "", [])]


def _messages(results, key, lang):
    items = (results or {}).get(key) or []
    return [item.get(lang) or item.get("id") or item.get("code", "") for item in items if isinstance(item, dict)]


def describe(entity: str, visit) -> dict:
    """Rows for the templates: measured, results, badges [(key, level)], referrals and warnings (texts)."""
    lang = get_language()
    return {
        "measured": _rows(visit, MEASURED[entity], lang, LABELS[entity]),
        "results": _rows(visit, RESULTS[entity], lang, LABELS[entity]),
        "badges": [(key, level) for column, key, level in BADGES[entity] if getattr(visit, column, False)],
        "referrals": _messages(visit.results, "referrals", lang) or _messages(visit.results, "flags", lang),
        "warnings": _messages(visit.results, "warnings", lang),
        "flagged": bool(visit.flagged),
        "status_level": {"verified": "ok", "returned": "bad"}.get(visit.status, "info"),
        "history": [_value(visit, name, lang, LABELS[entity]) for name in HISTORY[entity]],
    }


def growth_points(visits, birth_date):
    """Chart points of the current growth visits: age in days, weight, implausible flag, date label."""
    points = []
    for visit in visits:
        if not visit.is_current or visit.weight_kg is None:
            continue
        flags = (visit.results or {}).get("flags") or {}
        points.append({"age_days": (visit.visit_date - birth_date).days, "weight_kg": visit.weight_kg,
                       "flagged": bool(flags.get("waz")), "label": day(visit.visit_date),
                       "weight_text": num(visit.weight_kg)})
    return points


def chart(person, growth_visits):
    """The weight-for-age SVG of a child, or None for someone with no weighing under 10 years (WHO 2007 ends)."""
    from .growth_chart import END_DAY, weight_for_age_svg
    points = growth_points(growth_visits, person.birth_date)
    if not any(0 <= p["age_days"] < END_DAY for p in points):
        return None
    labels = {"title": translate("chart.title", name=person.name), "x_axis": translate("chart.x_axis"),
              "y_axis": translate("chart.y_axis")}
    return weight_for_age_svg(person.sex, points, labels)


# The server's charts a kind names by `client.chart` (the person page): (person, visits of the kind) -> SVG or None.
CHARTS = {"growth": chart}


def queue_history(entity: str, visits) -> dict:
    """A queue card's look back: earlier visits as short rows and, for children, a WAZ trend sparkline."""
    from .growth_chart import waz_sparkline
    lang = get_language()
    earlier = [(visit.visit_date, [_value(visit, name, lang, LABELS[entity]) for name in HISTORY[entity]])
               for visit in visits[:-1]]
    spark = None
    if entity == "growth":
        points = [{"date": day(v.visit_date), "waz": v.waz,
                   "waz_text": None if v.waz is None else ("" if v.waz < 0 else "+") + num(v.waz, 2),
                   "flagged": bool(((v.results or {}).get("flags") or {}).get("waz"))} for v in visits]
        spark = waz_sparkline(points, translate("chart.spark_title"))
    return {"earlier": earlier, "spark": spark}


def audit_changes(entry) -> list[tuple[str, str, str]]:
    """(field, before, after) of one audit entry, for the person's audit trail."""
    before, after = entry.before or {}, entry.after or {}
    changed = [(key, _audit_text(before.get(key)) if key in before else "", _audit_text(after.get(key)))
               for key in after if before.get(key) != after.get(key) or key not in before]
    return changed or [(key, _audit_text(value), "") for key, value in before.items()]


def _audit_text(value) -> str:
    """Audit snapshots hold JSON (dates as ISO text): shown in the reader's format like every other date."""
    if isinstance(value, str) and ISO_DAY.match(value):
        return day(date.fromisoformat(value))
    return _text(value)
