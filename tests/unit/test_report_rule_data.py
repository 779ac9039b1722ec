"""Monthly reports read their clinical numbers from the rule data: age bands, vitamin A capsules, ANC contacts.

A report that kept its own copy would count the wrong children after an edit of static/data/*.json, so each case
checks the report against the data, and that an edited copy of the data moves the report.
"""
import copy
from datetime import date

from posyandu_app.domain.data import load
from posyandu_app.services.reports import departures, periods, pregnancy, pws, skdn

SEXES = ("M", "F")


def _unit(eligible_per_band):
    """A report unit with S children per SKDN band (split by sex) and one red and one blue capsule given."""
    cells = {(band, sex): {"S": n} for band, n in eligible_per_band.items() for sex in SEXES}
    return {"cells": cells, "vitamin_a": {("blue", "F"): 1, ("red", "M"): 1}}


def test_report_age_bands_are_the_rule_data_bands():
    bands = load("growth_rules")["report_age_bands"]["bands"]
    assert periods.AGE_BANDS == tuple((b["code"], b["from_months"], b["to_months"]) for b in bands)
    assert periods.BAND_CODES == ("0-5", "6-11", "12-23", "24-35", "36-59")
    # No child falls between two bands, and the last band ends where the WHO standards (balita) end.
    assert all(b["from_months"] == a["to_months"] + 1 for a, b in zip(bands, bands[1:]))
    assert bands[-1]["to_months"] + 1 == periods.UNDER_FIVE_MONTHS == load("growth_rules")["age"]["z_max_age_months"]
    assert periods.UNDER_FIVE_DAYS == 1827  # 60 WHO months of 30.4375 days, rounded up


def test_vitamin_a_eligible_children_are_the_bands_within_each_capsule_age():
    rows = {row["capsule"]: row for row in skdn.vitamin_a(_unit({"0-5": 1, "6-11": 2, "12-23": 3, "24-35": 4,
                                                                 "36-59": 5}))}
    assert (rows["blue"]["eligible"], rows["red"]["eligible"]) == (2 * 2, (3 + 4 + 5) * 2)
    assert (rows["blue"]["given"], rows["red"]["given"]) == (1, 1)


def test_vitamin_a_follows_a_capsule_age_changed_in_the_rule_data(monkeypatch):
    edited = copy.deepcopy(skdn.VITAMIN_A)
    next(c for c in edited["capsules"] if c["code"] == "blue")["to_months"] = 23
    monkeypatch.setattr(skdn, "VITAMIN_A", edited)
    rows = {row["capsule"]: row for row in skdn.vitamin_a(_unit({"6-11": 2, "12-23": 3}))}
    assert rows["blue"]["eligible"] == (2 + 3) * 2


def test_vitamin_a_months_and_capsules_are_the_rule_data():
    data = load("growth_rules")["vitamin_a"]
    assert skdn.VITAMIN_A["months"] == data["months"] == [2, 8]
    assert [c["code"] for c in skdn.VITAMIN_A["capsules"]] == ["blue", "red"]


def test_anc_contacts_and_pregnancy_span_come_from_the_pregnancy_rules():
    rules = load("pregnancy_rules")
    assert list(pregnancy.ANC_CONTACTS) == list(range(1, rules["anc"]["min_contacts"] + 1)) == [1, 2, 3, 4, 5, 6]
    assert pregnancy.MAX_PREGNANCY_DAYS == rules["limits"]["report_pregnant_max_days"] == 300
    # Visits are read back over the longest an episode can last: 45 weeks to a delivery is longer than 300 days.
    assert pregnancy.EPISODE_SPAN_DAYS == 45 * 7


def test_departure_groups_and_adult_age_are_the_rule_data():
    assert departures.GROUPS == (("baby", 0, 12), ("child", 12, 60), ("older", 60, None))
    assert departures.age_group(date(2020, 1, 1), date(2020, 12, 31)) == "baby"
    assert departures.age_group(date(2020, 1, 1), date(2025, 1, 1)) == "older"
    assert pws.ADULT_FROM_YEARS == load("adult_rules")["age_min_years"]["value"] == 15
