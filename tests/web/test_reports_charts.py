"""SVG chart builder and configurable PWS targets."""
import json

from posyandu_app.services.reports import pws
from posyandu_app.web.svg_charts import line_chart, nice_max, sparkline


def test_line_chart_escapes_every_text_and_breaks_lines_at_missing_months():
    svg = str(line_chart(["Jan", "Feb", "Mar", "<Apr>"], [{"name": "Posyandu <script>", "values": [50, None, 60, 70]}],
                         title='D/S "x" & <y>', target=80, target_label="Target"))
    assert "<script>" not in svg and "Posyandu &lt;script&gt;" in svg and "&lt;Apr&gt;" in svg
    assert 'aria-label="D/S &#34;x&#34; &amp; &lt;y&gt;"' in svg
    assert svg.count("<polyline") == 2  # Jan alone, then Mar-Apr: no line drawn across the missing February
    assert svg.count("<circle") == 3 and "Target 80%" in svg and 'stroke-dasharray="5 4"' in svg


def test_axis_top_leaves_room_for_data_and_target():
    assert nice_max([3.6, 7.1], target=14) == 20
    assert nice_max([87.5, 100.0], target=85) == 100
    assert nice_max([None, None]) == 20
    assert nice_max([130.0]) == 140  # above 100% (data errors) stays visible


def test_sparkline_takes_the_colour_of_its_traffic_light():
    assert 'stroke="#dc2626"' in str(sparkline([10, 20, 30], "bad", "N/D"))
    assert 'stroke="#15803d"' in str(sparkline([10, None, 90], "ok", "<b>"))
    assert "<b>" not in str(sparkline([1], "ok", "<b>"))


def test_targets_can_be_replaced_by_a_config_file(app, tmp_path):
    custom = {"indicators": {name: {"direction": "higher", "good": 50, "warn": 40} for name in pws.INDICATORS}}
    path = tmp_path / "targets.json"
    path.write_text(json.dumps(custom))
    assert pws.light("ds", 60, pws.targets()) == "bad"  # shipped file: amber from 70%, green from 85%
    assert pws.light("ds", 60, pws.targets(path)) == "ok"
    from posyandu_app.web.reports import pws_targets  # the pages and exports read the deployment's file
    with app.app_context():
        assert pws.light("ds", 60, pws_targets()) == "bad"
        app.config["PWS_TARGETS_FILE"] = str(path)
        assert pws.light("ds", 60, pws_targets()) == "ok"
