"""The bidan reads a vaccine dose by its name ("DPT-HB-Hib 2") and its place by the form's words on the queue, the
visit page, the person page and the high-risk list: never the codes the phone sends."""
from datetime import date, timedelta

from posyandu_app.extensions import db
from posyandu_app.services.assess.immunization import assess_immunization

from .review_helpers import Session, build_world
from .test_review_words import visible_texts

CODES = {"dpt_hb_hib", "dpt_hb_hib_2", "posyandu", "elsewhere"}


def test_dose_names_not_codes_on_every_page_of_the_bidan(client, make):
    world = build_world(make)
    child = make.person(world.posyandu, name="Anak Uji", sex="F", birth_date=date.today() - timedelta(days=200))
    first = make.dose(child, "dpt_hb_hib", 1, child.birth_date + timedelta(days=62))
    second = make.dose(child, "dpt_hb_hib", 2, child.birth_date + timedelta(days=70), place="elsewhere")
    for dose in (first, second):
        assess_immunization(dose)  # the second is 20 days short of the interval: warned, flagged, not counted
    db.session.commit()
    session = Session(client, world.bidan)
    for url in ("/review", f"/review/immunization/{second.id}", f"/people/{child.id}", "/high-risk"):
        response = session.get(url)
        assert response.status_code == 200, url
        texts = visible_texts(response.get_data(as_text=True))
        assert not CODES & set(texts), url
        assert "DPT-HB-Hib 2" in texts, url
    visit = visible_texts(session.get(f"/review/immunization/{second.id}").get_data(as_text=True))
    assert "Di tempat lain (dari buku KIA)" in visit and "DPT-HB-Hib 1" in visit  # its history row
