"""Clinical numbers and code lists live in static/data/*_rules.json only: none is copied into the services or screens.

A copy drifts when the data changes (issue 15: one MUAC threshold touched ~7 files), so this fails when a threshold
is compared as a literal in the high-risk/assessment/recap services, or a rule code list is spelled out in a screen.
"""
import ast
import re
from pathlib import Path

from posyandu_app.domain.data import load

APP = Path(__file__).resolve().parents[2] / "posyandu_app"
SERVICES = ("services/high_risk.py", "services/assessment.py",
            *sorted(str(path.relative_to(APP)) for path in (APP / "services/risks").glob("*.py")),
            *sorted(str(path.relative_to(APP)) for path in (APP / "services/assess").glob("*.py")),
            *sorted(str(path.relative_to(APP)) for path in (APP / "services/reports").glob("*.py")))
SCREENS = sorted((APP / "static/js/screens").glob("*.js"))


# Numbers that are no clinical rule: the calendar's months (periods.py checks a "YYYY-MM" month is 1..12).
NOT_CLINICAL = {"periods.py": {12}}


def _literal_comparisons(path):
    """Numbers other than 0 and 1 compared with something (`x < 12.5`, `x >= 200`) in a Python module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Compare):
            for operand in (node.left, *node.comparators):
                if isinstance(operand, ast.UnaryOp) and isinstance(operand.op, ast.USub):
                    operand = operand.operand
                if isinstance(operand, ast.Constant) and type(operand.value) in (int, float) \
                        and operand.value not in (0, 1, *NOT_CLINICAL.get(path.name, ())):
                    found.append(f"{path.name}:{node.lineno} {operand.value}")
    return found


def _rule_codes():
    """The codes of the rule data's checklists: what a form asks and the rules read."""
    pregnancy, adult, elderly = load("pregnancy_rules"), load("adult_rules"), load("elderly_rules")
    codes = {flag["code"] for flag in pregnancy["flags"] if flag.get("danger_sign")}
    codes |= {item["code"] for item in pregnancy["tb_symptoms"]["list"]}
    codes |= {item["code"] for item in load("growth_rules")["tb_symptoms"]["list"]}
    codes |= {capsule["code"] for capsule in load("growth_rules")["vitamin_a"]["capsules"]}
    codes |= set(adult["puma"]["yes_items"]) | {item["code"] for item in elderly["adl"]["items"]}
    for domain in elderly["skilas"]["domains"]:
        codes |= {item["code"] for item in domain["items"]}
        codes |= {item["not_done"]["code"] for item in domain["items"] if "not_done" in item}
    return codes - {"muac_cm"}  # a measurement field, not a code of a list


def test_no_threshold_is_compared_as_a_literal_in_the_services():
    found = [hit for name in SERVICES for hit in _literal_comparisons(APP / name)]
    assert found == [], f"read these from static/data/*_rules.json: {found}"


def test_no_screen_spells_out_a_rule_code_list():
    codes = _rule_codes()
    assert {"bleeding", "cough_2_weeks", "bowel", "breathless", "whisper_not_done"} <= codes
    found = [f"{screen.name}: {code}" for screen in SCREENS
             for code in re.findall(r"""['"`]([a-z0-9_]+)['"`]""", screen.read_text(encoding="utf-8"))
             if code in codes]
    assert found == [], f"read these from the rule data (rules/data.js ruleData): {found}"
