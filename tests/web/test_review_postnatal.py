"""The bidan sees KF and KN home visits: the queue with its danger badge, the visit page, and the high-risk list,
where a danger sign lists the person only for the postnatal (42 days) or neonatal (28 days) period after the visit."""
from datetime import timedelta

from posyandu_app.clock import field_today
from posyandu_app.extensions import db
from posyandu_app.models import NewbornVisit, PostnatalVisit, PregnancyEpisode
from posyandu_app.services.assess.postnatal import assess_newborn_visit, assess_postnatal_visit
from posyandu_app.services.high_risk import risk_list

from .review_helpers import Session, build_world


def _newborn_visit(make, baby, day, **kw):
    visit = make._add(NewbornVisit(person_id=baby.id, posyandu_id=baby.posyandu_id, visit_date=day, **kw))
    assess_newborn_visit(visit)
    db.session.commit()
    return visit


def _mother_with_kf(make, posyandu, delivered, visit_day, signs):
    mother = make.person(posyandu, name="Ibu Sari Nifas", sex="F", birth_date=field_today() - timedelta(days=9000))
    make._add(PregnancyEpisode(person_id=mother.id, posyandu_id=posyandu.id, hpht=delivered - timedelta(days=270),
                               outcome="delivered", delivery_date=delivered))
    visit = make._add(PostnatalVisit(person_id=mother.id, posyandu_id=posyandu.id, visit_date=visit_day,
                                     danger_signs=signs))
    assess_postnatal_visit(visit)
    db.session.commit()
    return mother, visit


def test_the_bidan_sees_a_newborns_danger_sign_in_the_queue_the_visit_page_and_the_risk_list(client, make):
    world = build_world(make)
    today = field_today()
    baby = make.person(world.posyandu, name="Bayi Kejang", sex="M", birth_date=today - timedelta(days=2))
    well = make.person(world.posyandu, name="Bayi Sehat", sex="F", birth_date=today - timedelta(days=4))
    sick = _newborn_visit(make, baby, today, danger_signs=["convulsions"], breaths_per_min=64)
    _newborn_visit(make, well, today, breastfeeding="exclusive")
    mother, kf = _mother_with_kf(make, world.posyandu, today - timedelta(days=3), today, ["bleeding"])

    bidan = Session(client, world.bidan)
    queue = bidan.get("/review?entity=newborn_visit").get_data(as_text=True)
    assert "Bayi Kejang" in queue and "Tanda bahaya bayi baru lahir" in queue
    page = bidan.get(f"/review/newborn_visit/{sick.id}").get_data(as_text=True)
    assert "Kejang" in page and "Segera bawa bayi ke puskesmas/bidan" in page
    risks = bidan.get("/high-risk").get_data(as_text=True)
    assert "Bayi Kejang" in risks and "Tanda bahaya bayi baru lahir" in risks and "Kejang, Napas cepat" in risks
    assert "Ibu Sari Nifas" in risks and "Tanda bahaya ibu nifas" in risks
    assert "Bayi Sehat" not in risks
    assert kf.window == "KF2"
    # the person pages: a history section per kind, with the window and breastfeeding columns
    baby_page = bidan.get(f"/people/{baby.id}").get_data(as_text=True)
    assert "Kunjungan bayi baru lahir (KN)" in baby_page and "KN1" in baby_page
    mother_page = bidan.get(f"/people/{mother.id}").get_data(as_text=True)
    assert "Kunjungan nifas (KF)" in mother_page and "KF2" in mother_page


def test_a_danger_sign_lists_the_person_only_for_the_period_after_the_visit(app, make):
    world = build_world(make)
    world_posyandu, bidan = world.posyandu, world.bidan
    today = field_today()
    baby = make.person(world_posyandu, name="Bayi Lama", sex="M", birth_date=today - timedelta(days=40))
    visit = _newborn_visit(make, baby, today - timedelta(days=30), danger_signs=["not_feeding"])
    assert visit.danger
    reasons = lambda day: [row.reason for row in risk_list(bidan, today=day)]  # noqa: E731
    assert "newborn_danger" in reasons(visit.visit_date + timedelta(days=28))  # the last day of the neonatal period
    assert "newborn_danger" not in reasons(visit.visit_date + timedelta(days=29))
    mother, kf = _mother_with_kf(make, world_posyandu, today - timedelta(days=60), today - timedelta(days=50),
                                 ["depression"])
    assert "postnatal_danger" in reasons(kf.visit_date + timedelta(days=42))
    assert "postnatal_danger" not in reasons(kf.visit_date + timedelta(days=43))
