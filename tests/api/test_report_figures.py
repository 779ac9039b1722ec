"""Every report figure against the hand-computed February 2026 dataset in tests/report_data.py."""
from datetime import date

import pytest

from posyandu_app.services.reports import pregnancy, pws, screening, skdn, units
from posyandu_app.services.reports.periods import Month, min_age_days, months_ending

from ..report_data import MONTH, build


@pytest.fixture
def data(make):
    return build(make)


def _unit(make, data, level="puskesmas"):
    user = make.user("supervisor", data["puskesmas"])
    return units.resolve(user)


def _row(rows, band, sex):
    return next(row for row in rows if row["band"] == band and row["sex"] == sex)


def test_age_bands_use_who_months():
    assert min_age_days(6) == 183  # 182 days is still 5 completed months (182 / 30.4375 = 5.98)
    assert min_age_days(60) == 1827
    assert [m.key for m in months_ending(Month(2026, 2), 3)] == ["2025-12", "2026-01", "2026-02"]
    assert Month(2026, 2).last.day == 28 and Month.parse("2024-02").last.day == 29


def test_month_parse_rejects_garbage():
    for text in ("2026-13", "26-01", "2026/01", "abc"):
        with pytest.raises(ValueError):
            Month.parse(text)


def test_skdn_counts_for_one_posyandu(make, data):
    collected = skdn.collect([data["a"].id], MONTH)[data["a"].id]
    totals = skdn.figures_for(collected["cells"], skdn.BAND_CODES, skdn.SEXES)
    assert {k: totals[k] for k in skdn.COUNTS} == {"S": 7, "K": 5, "D": 5, "N": 1, "T": 1, "2T": 1, "O": 1, "B": 1,
                                                   "BGM": 1}
    assert totals["K/S"] == 71.4 and totals["D/S"] == 71.4 and totals["D/K"] == 100.0
    assert totals["N/D"] == 20.0 and totals["N/S"] == 14.3 and totals["D'"] == 2 and totals["N/D'"] == 50.0


def test_skdn_cells_by_band_and_sex(make, data):
    rows = skdn.table(skdn.collect([data["a"].id], MONTH)[data["a"].id])
    assert (_row(rows, "0-5", "M")["S"], _row(rows, "0-5", "M")["B"]) == (1, 1)
    assert (_row(rows, "0-5", "F")["S"], _row(rows, "0-5", "F")["D"]) == (1, 1)  # not assessed: band by birth date
    assert (_row(rows, "6-11", "F")["K"], _row(rows, "6-11", "F")["N"]) == (0, 1)
    assert (_row(rows, "12-23", "M")["S"], _row(rows, "12-23", "M")["D"]) == (1, 0)
    band = _row(rows, "24-35", "M")
    assert (band["S"], band["K"], band["D"], band["T"], band["2T"], band["BGM"]) == (2, 1, 1, 1, 1, 1)
    assert (_row(rows, "36-59", "F")["O"], _row(rows, "36-59", None)["S"]) == (1, 1)
    assert _row(rows, None, None)["S"] == 7 and _row(rows, None, "M")["S"] == 4 and _row(rows, None, "F")["S"] == 3


def test_nutrition_categories_and_prevalence(make, data):
    unit = skdn.collect([data["a"].id], MONTH)[data["a"].id]
    sections = {s["index"]: s for s in skdn.nutrition(unit, {})}
    assert sections["hfa"]["measured"] == 4 and sections["hfa"]["cases"] == 2 and sections["hfa"]["prevalence"] == 50.0
    assert sections["wfa"]["prevalence"] == 50.0 and sections["wfh"]["prevalence"] == 25.0
    wfa = {row["category"]: row for row in sections["wfa"]["rows"]}
    assert wfa["normal"]["total"] == 2 and wfa["normal"]["M"] == 1 and wfa["normal"]["F"] == 1
    assert wfa["severely_underweight"]["total"] == 1 and wfa["underweight"]["pct"] == 25.0


def test_vitamin_a_against_eligible_children(make, data):
    rows = {row["capsule"]: row for row in skdn.vitamin_a(skdn.collect([data["a"].id], MONTH)[data["a"].id])}
    assert (rows["blue"]["given"], rows["blue"]["eligible"], rows["blue"]["pct"]) == (1, 1, 100.0)
    assert (rows["red"]["given"], rows["red"]["eligible"], rows["red"]["pct"]) == (2, 4, 50.0)


def test_rollups_add_posyandu_into_desa_and_puskesmas(make, data):
    report = skdn.monthly_report(_unit(make, data), MONTH)
    by_name = {row["facility"].name: row for row in report["rollup"]}
    assert (by_name["Posyandu B"]["S"], by_name["Posyandu B"]["D"], by_name["Posyandu B"]["N"]) == (1, 1, 1)
    assert (by_name["Pustu Satu"]["S"], by_name["Pustu Satu"]["K"], by_name["Pustu Satu"]["D"]) == (8, 6, 6)
    assert (by_name["Posyandu C"]["S"], by_name["Posyandu C"]["D"], by_name["Posyandu C"]["D/S"]) == (1, 0, 0.0)
    assert (report["totals"]["S"], report["totals"]["K"], report["totals"]["D"], report["totals"]["N"]) == (9, 7, 6, 2)
    assert report["vitamin_a_month"] is True


def test_pregnancy_recap(make, data):
    figures = pregnancy.with_ratios(pregnancy.collect([data["a"].id], MONTH)[data["a"].id])
    assert (figures["pregnant"], figures["visited"]) == (3, 2)
    assert [figures[f"K{n}"] for n in range(1, 7)] == [3, 2, 2, 1, 1, 0]
    assert (figures["kek"], figures["anaemia"], figures["hypertension"], figures["danger"]) == (1, 1, 1, 1)
    assert (figures["referral"], figures["high_risk"], figures["kek_pct"], figures["K1_pct"]) == (1, 1, 50.0, 100.0)


def test_screening_recap(make, data):
    groups = screening.collect([data["a"].id], MONTH)[data["a"].id]
    adult, elderly = groups["adult"], groups["elderly"]
    assert (adult["screened"], adult["bp:hypertension_1"], adult["bp:normal"], adult["bp:hypertension_2"]) == (2, 1, 1, 0)
    assert (adult["glucose:diabetes"], adult["central_obesity"], adult["puma_high"], adult["referral"]) == (1, 1, 1, 1)
    assert (elderly["screened"], elderly["bp:hypertension_2"], elderly["glucose:prediabetes"]) == (2, 1, 1)
    assert (elderly["skilas_positive"], elderly["adl:A"], elderly["adl:B"], elderly["referral"]) == (1, 1, 1, 1)
    assert (adult["bmi:obese_1"], adult["bmi:normal"], elderly.get("bmi:normal", 0)) == (1, 1, 0)


def test_screening_report_totals_both_age_groups(make, data):
    report = screening.monthly_report(_unit(make, data), MONTH)
    total = report["groups"]["total"]
    assert (total["screened"], total["referral"], total["bp:hypertension_2"]) == (4, 2, 1)
    assert screening.share(total, "referral") == 50.0
    by_name = {row["facility"].name: row["groups"]["total"].get("screened", 0) for row in report["rollup"]}
    assert by_name == {"Posyandu A": 4, "Posyandu B": 0, "Pustu Satu": 4, "Posyandu C": 0, "Pustu Dua": 0}


def test_skilas_positive_by_domain(make, data):
    elderly = screening.collect([data["a"].id], MONTH)[data["a"].id]["elderly"]
    assert (elderly["skilas:cognition"], elderly["skilas:malnutrition"], elderly["skilas:mobility"]) == (1, 1, 0)


def test_a_whisper_test_that_could_not_be_done_counts_as_hearing(make, data):
    """The Kemenkes SKILAS form refers when the whisper test cannot be done, so the recap counts it under hearing."""
    elder = make.person(data["a"], name="Lansia Tes Bisik", sex="F", birth_date=date(1950, 1, 1))
    make.screening_raw(elder, date(2026, 2, 14), age_years=76, skilas_positive=True,
                       skilas={"whisper_fail": None, "whisper_not_done": True})
    elderly = screening.collect([data["a"].id], MONTH)[data["a"].id]["elderly"]
    assert (elderly["skilas:hearing"], elderly["skilas:cognition"]) == (1, 1)


def test_pws_trends_and_lights(make, data):
    months, collected = pws.collect([data["a"].id], MONTH)
    assert len(months) == 12 and months[-1] == MONTH
    feb, jan = collected[data["a"].id]["2026-02"], collected[data["a"].id]["2026-01"]
    # kn1: nobody born in February; kf: a February delivery with no KF home visit recorded
    assert pws.indicators(feb) == {"ds": 71.4, "nd": 20.0, "stunting": 50.0, "screening": 38.5, "bblr": None,
                                   "kn1": None, "kf": 0.0}
    assert (jan["S"], jan["D"], jan["N"]) == (7, 1, 1)
    targets = pws.targets()
    assert pws.light("ds", 71.4, targets) == "warn" and pws.light("ds", 90.0, targets) == "ok"
    assert pws.light("stunting", 50.0, targets) == "bad" and pws.light("nd", None, targets) == "none"


def test_pws_of_shorter_windows_counts_the_same_months(make, data):
    """The trend window is a parameter: one or two months give the same figures as the last of the twelve."""
    _, twelve = pws.collect([data["a"].id], MONTH)
    for count in (1, 2):
        months, collected = pws.collect([data["a"].id], MONTH, count=count)
        assert [m.key for m in months][-1] == "2026-02" and len(months) == count
        assert collected[data["a"].id]["2026-02"] == twelve[data["a"].id]["2026-02"]


def test_pws_dashboard_rolls_up_per_desa(make, data):
    board = pws.dashboard(_unit(make, data), MONTH)
    satu = next(desa for desa in board["desa"] if desa["facility"].name == "Pustu Satu")
    assert satu["latest"]["ds"] == 75.0  # (5 + 1) / (7 + 1)
    assert [row["facility"].name for row in satu["posyandu"]] == ["Posyandu A", "Posyandu B"]
    assert board["overall"]["latest"]["ds"] == round(100 * 6 / 9, 1)
    assert board["overall"]["series"]["ds"][0] == 0.0  # March 2025: children registered, none weighed


def test_late_uploads_lists_posyandu_without_data(make, data):
    rows = pws.late_uploads(_unit(make, data), MONTH)
    assert [row["facility"].name for row in rows if row["late"]] == ["Posyandu C"]
    a = next(row for row in rows if row["facility"].name == "Posyandu A")
    assert a["counts"] == {"growth": 10, "pregnancy_visit": 2, "screening": 5,
                           "youth_screening": 0, "immunization": 0, "delivery": 0, "postnatal_visit": 0,
                           "newborn_visit": 0}  # every current record dated in February


def test_bidan_unit_is_their_pustu_and_other_posyandu_is_out_of_scope(make, data):
    bidan = make.user("bidan", data["p1"])
    assert units.resolve(bidan).posyandu_ids == [data["a"].id, data["b"].id]
    with pytest.raises(units.OutOfScope):
        units.resolve(bidan, posyandu_id=data["c"].id)
    with pytest.raises(units.OutOfScope):
        units.resolve(bidan, pustu_id=data["p2"].id)


def test_follow_up_lists_name_the_children_women_and_adults(make, data):
    from posyandu_app.services.reports import pregnancy, screening, skdn
    children = skdn.children_to_follow([data["a"].id], MONTH)
    assert [(row["name"], row["bgm"], row["two_t"]) for row in children] == [("Anak Tiga", True, True)]
    women = pregnancy.pregnancies_to_follow([data["a"].id], MONTH)
    assert sorted(row["name"] for row in women) == ["Ibu Dua", "Ibu Satu"]
    adults = screening.screenings_to_refer([data["a"].id], MONTH)
    assert sorted((row["name"], row["age_group"]) for row in adults) == [("Dewasa Satu", "adult"), ("Lansia Tiga", "elderly")]
