"""Every review page renders real server results (the domain rules via services/assessment) for each visit kind."""
import re
from datetime import date, timedelta

from posyandu_app.extensions import db
from posyandu_app.services import assessment

from .review_helpers import Session, build_world

TODAY = date.today()


def _assessed(visit, assess):
    assess(visit)
    db.session.commit()
    return visit


def test_pages_show_real_results_for_every_kind_of_visit(client, make):
    world = build_world(make)
    child = make.person(world.posyandu, name="Rudi Wijaya", sex="M", birth_date=TODAY - timedelta(days=700))
    growth = _assessed(make.growth(child, visit_date=TODAY - timedelta(days=1), weight_kg=8.0, length_cm=76.0,
                                   measured="L", muac_cm=12.0), assessment.assess_growth)
    mother = make.person(world.posyandu, name="Intan Sari", birth_date=date(1990, 4, 4))
    episode = make.pregnancy_episode(mother, hpht=TODAY - timedelta(weeks=22), gravida=2, para=1, abortus=0,
                                     previous_birth_date=TODAY - timedelta(days=800))
    anc = _assessed(make.pregnancy_visit(episode, visit_date=TODAY - timedelta(days=2), muac_cm=22.0, hb_g_dl=9.8,
                                         systolic=150, diastolic=95, danger_signs=["bleeding"]),
                    assessment.assess_pregnancy_visit)
    elder = make.person(world.posyandu, name="Mbah Karto", sex="M", birth_date=date(1950, 2, 2))
    screening = _assessed(make.screening(elder, visit_date=TODAY - timedelta(days=3), systolic=185, diastolic=112,
                                         weight_kg=60.0, height_cm=160.0, glucose_mg_dl=250.0, glucose_type="random",
                                         skilas={"recall_fail": True}),
                          assessment.assess_screening)
    assert growth.stunted and anc.danger and anc.kek and screening.bp_class == "hypertension_3"

    bidan = Session(client, world.bidan)
    queue = bidan.get("/review").get_data(as_text=True)
    assert all(name in queue for name in ("Rudi Wijaya", "Intan Sari", "Mbah Karto"))
    assert "Hipertensi derajat 3" in queue  # labels from the results, not codes
    for entity, visit, expected in (("growth", growth, "Stunting"), ("pregnancy_visit", anc, "Tanda bahaya"),
                                    ("screening", screening, "Hipertensi derajat 3")):
        page = bidan.get(f"/review/{entity}/{visit.id}")
        assert page.status_code == 200 and expected in page.get_data(as_text=True), entity
    # 185/112 is a hypertensive crisis: the bidan reads the urgent referral the kader saw
    assert "Rujuk SEGERA ke puskesmas/RS hari ini" in bidan.get(f"/review/screening/{screening.id}").get_data(as_text=True)
    assert "<svg" in bidan.get(f"/review/growth/{growth.id}").get_data(as_text=True)
    assert "G2 P1 A0" in bidan.get(f"/review/pregnancy_visit/{anc.id}").get_data(as_text=True)

    mother_page = bidan.get(f"/people/{mother.id}").get_data(as_text=True)
    assert "HPHT" in mother_page and "minggu ke-21" in mother_page
    risks = bidan.get("/high-risk").get_data(as_text=True)
    for reason in ("Stunting", "LiLA rendah", "Tanda bahaya kehamilan", "KEK", "Anemia",
                   "Hipertensi dalam kehamilan", "Hipertensi berat (derajat 3)", "Gula darah tinggi (kemungkinan diabetes)",
                   "SKILAS positif"):
        assert reason in risks, reason


def test_the_person_page_shows_each_kinds_history_as_the_registry_declares_it(client, make):
    from posyandu_app.i18n import catalog
    from posyandu_app.visit_kinds import kind

    words = catalog("id")
    world = build_world(make)
    elder = make.person(world.posyandu, name="Mbah Karto", sex="M", birth_date=date(1950, 2, 2))
    _assessed(make.screening(elder, visit_date=TODAY - timedelta(days=3), systolic=150, diastolic=95,
                             weight_kg=60.0, height_cm=160.0, waist_cm=95.0), assessment.assess_screening)
    nobody = make.person(world.posyandu, name="Pak Kosong", sex="M", birth_date=date(1980, 2, 2))
    bidan = Session(client, world.bidan)
    page = bidan.get(f"/people/{elder.id}").get_data(as_text=True)
    screening = kind("screening")
    assert f"<h2>{words[screening.heading]}</h2>" in page and words["people.growth_history"] not in page
    headers = re.findall(r'<th class="num">([^<]+)</th>', page)
    assert headers == [words[f"short.{column}"] for column in screening.review.history]
    assert words["review.badge.central_obesity"] in page  # its badge, from the declaration
    assert words["people.no_visits"] in bidan.get(f"/people/{nobody.id}").get_data(as_text=True)
