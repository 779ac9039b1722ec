"""Names, notes and other typed text with HTML/script characters are shown escaped on every review page."""
from datetime import date, timedelta

from markupsafe import escape

from posyandu_app.web.growth_chart import weight_for_age_svg

from .review_helpers import Session, build_world

EVIL = '<script>alert("x")</script> & <b onmouseover=1>'


def test_user_typed_text_is_escaped_everywhere(client, make):
    world = build_world(make)
    child = make.person(world.posyandu, name=EVIL, mother_name=EVIL, address=EVIL, sex="M",
                        birth_date=date.today() - timedelta(days=300))
    twin = make.person(world.posyandu, name=EVIL, duplicate_of_id=child.id, duplicate_reason="nik")
    visit = make.growth(child, stunted=True, notes=EVIL,
                        results={"referrals": [{"code": "x", "id": EVIL, "en": EVIL}]})
    bidan = Session(client, world.bidan)
    bidan.post(f"/high-risk/growth/{visit.id}/follow-up", {"note": EVIL})
    returned = make.growth(child, visit_date=date.today() - timedelta(days=1))
    bidan.post(f"/review/growth/{returned.id}/return", {"note": EVIL})
    pages = ["/review", f"/review/growth/{visit.id}", f"/review/growth/{returned.id}", "/high-risk",
             f"/people/{child.id}", "/people?q=script", "/people/duplicates", f"/people/{twin.id}/duplicate"]
    for url in pages:
        response = bidan.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert "<script>alert" not in html and "<b onmouseover" not in html, url
        assert "&lt;script&gt;" in html, url


def test_chart_escapes_its_labels():
    svg = str(weight_for_age_svg("F", [{"age_days": 30, "weight_kg": 4.0, "label": EVIL}],
                                 {"title": EVIL, "x_axis": "Umur", "y_axis": "Berat"},
                                 lookup=lambda day: (0.2, 4.0, 0.12)))
    assert "<script>" not in svg and str(escape(EVIL)) in svg
