"""Weight-for-age SVG: WHO SD curves from LMS (SD(k) = M(1+L·S·k)^(1/L)) and the child's points."""
import re

import pytest

from posyandu_app.domain import growth_tables
from posyandu_app.web.growth_chart import sd_value, weight_for_age_svg

LABELS = {"title": "BB/U", "x_axis": "Umur (bulan)", "y_axis": "Berat (kg)"}


def test_sd_value_follows_the_lms_formula():
    l, m, s = 0.3487, 3.3464, 0.14602  # WHO boys weight-for-age, day 0
    assert sd_value(l, m, s, 0) == pytest.approx(m)
    assert sd_value(l, m, s, 2) == pytest.approx(m * (1 + l * s * 2) ** (1 / l))
    assert sd_value(l, m, s, -2) < sd_value(l, m, s, 0) < sd_value(l, m, s, 2)


def test_five_curves_and_one_point_per_weighing():
    points = [{"age_days": d, "weight_kg": w} for d, w in ((30, 4.2), (61, 5.1), (92, 5.9))]
    svg = str(weight_for_age_svg("M", points, LABELS, lookup=lambda day: (0.2, 3.3 + day / 100, 0.12)))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<polyline") == 6  # -3, -2, 0, +2, +3 and the child's line
    assert svg.count("<circle") == 3
    for label in ("-3", "-2", "0", "+2", "+3"):
        assert re.search(rf">{re.escape(label)}</text>", svg)
    assert 'style=' not in svg  # CSP forbids inline styles


def test_flagged_points_are_drawn_hollow_and_ages_past_ten_years_are_left_out():
    points = [{"age_days": 100, "weight_kg": 2.0, "flagged": True}, {"age_days": 2000, "weight_kg": 19.0},
              {"age_days": 3653, "weight_kg": 31.0}]  # 120.02 months: past weight-for-age (WHO 2007 ends at 120)
    svg = str(weight_for_age_svg("F", points, LABELS, lookup=lambda day: (0.2, 5.0, 0.12)))
    assert svg.count("<circle") == 2 and 'fill="#fff" stroke="#b91c1c"' in svg


def test_the_who_curves_continue_past_five_years_without_a_seam():
    """A 7-year-old's weighings: the median runs on from the 2006 table into the 2007 reference at 60 months."""
    points = [{"age_days": d, "weight_kg": w} for d, w in ((1700, 17.0), (2200, 20.5), (2600, 23.0))]
    svg = str(weight_for_age_svg("M", points, LABELS))
    assert svg.count("<circle") == 3 and svg.count("<polyline") == 6
    lookup = __import__("posyandu_app.web.growth_chart", fromlist=["_who_lookup"])._who_lookup("M")
    before, at, after = (sd_value(*lookup(day), 0) for day in (1826, 1827, 1828))
    assert abs(at - before) < 0.05 and abs(after - at) < 0.05  # ~0.2 kg a month: no step at the join


def test_who_tables_give_the_published_median():
    l, m, s = growth_tables.lms_by_day("wfa", "M", 0)
    assert sd_value(l, m, s, 0) == pytest.approx(3.3464, abs=1e-4)
    svg = str(weight_for_age_svg("M", [{"age_days": 0, "weight_kg": 3.3}], LABELS))
    assert svg.count("<polyline") == 6


def test_sparkline_draws_one_point_per_zscore_and_escapes_its_title():
    from posyandu_app.web.growth_chart import waz_sparkline
    points = [{"date": "2026-09-10", "waz": -1.2}, {"date": "2026-10-10", "waz": None},
              {"date": "2026-11-10", "waz": -6.5, "flagged": True}]
    svg = str(waz_sparkline(points, "<b>trend</b>"))
    assert svg.count("<circle") == 2 and "&lt;b&gt;trend" in svg
    assert 'fill="#fff" stroke="#b91c1c"' in svg  # the implausible point is hollow red
    assert str(waz_sparkline([{"date": "2026-11-10", "waz": None}], "x")) == ""


def test_the_chart_zooms_on_the_childs_ages():
    points = [{"age_days": int(m * 30.4375), "weight_kg": 15.0} for m in (40, 44, 50)]
    svg = str(weight_for_age_svg("M", points, LABELS, lookup=lambda day: (0.2, 10 + day / 300, 0.12)))
    ticks = [int(t) for t in re.findall(r'text-anchor="middle" fill="#374151">(\d+)</text>', svg)]
    assert ticks[0] == 30 and ticks[-1] == 54  # months 30..54 around weighings at 40-50 months
