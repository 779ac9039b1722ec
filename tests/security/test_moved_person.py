"""A person moved to another pustu: the old pustu keeps its own visits but sees nothing recorded after the move —
no history row, no chart point, no correction, no new posyandu's name (scope before lookup on review pages)."""
from datetime import date, timedelta

from posyandu_app.formats import day
from posyandu_app.extensions import db

from ..web.review_helpers import Session, build_world


def _moved_child(make):
    world = build_world(make)
    today = date.today()
    child = make.person(world.posyandu, name="Budi Pindah", birth_date=today - timedelta(days=500))
    old = make.growth(child, visit_date=today - timedelta(days=60), weight_kg=9.1)
    child.posyandu_id = world.sibling_posyandu.id  # the supervisor moves him to the other pustu's posyandu
    db.session.commit()
    new = make.growth(child, visit_date=today - timedelta(days=3), weight_kg=13.7)
    return world, child, old, new


def test_the_old_bidan_sees_no_visit_recorded_after_the_move(client, make):
    world, child, old, new = _moved_child(make)
    bidan = Session(client, world.bidan)
    assert bidan.get(f"/people/{child.id}").status_code == 404
    page = bidan.get(f"/review/growth/{old.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "9,1" in html                                  # her own visit, still hers to review
    assert "13,7" not in html and day(new.visit_date, "id") not in html and new.id not in html
    assert "Posyandu Anggrek" not in html                 # nor where the child went


def test_a_correction_recorded_after_the_move_stays_with_the_new_pustu(client, make):
    world, child, old, _ = _moved_child(make)
    correction = make.correction(old, posyandu_id=world.sibling_posyandu.id, weight_kg=12.9)
    html = Session(client, world.bidan).get(f"/review/growth/{old.id}").get_data(as_text=True)
    assert "12,9" not in html and correction.id not in html


def test_the_new_bidan_and_the_supervisor_see_the_new_visit(app, make):
    world, child, _, new = _moved_child(make)
    from ..web.review_helpers import user
    other_bidan = user("bidan", world.other_pustu, "Bidan Cibodas")
    for account in (other_bidan, world.supervisor):
        html = Session(app.test_client(), account).get(f"/review/growth/{new.id}").get_data(as_text=True)
        assert "13,7" in html


def test_the_old_high_risk_list_shows_no_anc_visit_recorded_after_the_move(app, client, make):
    world = build_world(make)
    today = date.today()
    mother = make.person(world.posyandu, name="Ibu Pindah", birth_date=today - timedelta(days=17 * 365))
    episode = make.pregnancy_episode(mother, hpht=today - timedelta(weeks=20),
                                     results={"flags": [{"code": "too_young"}]})
    make.pregnancy_visit(episode, visit_date=today - timedelta(weeks=6))
    mother.posyandu_id = world.sibling_posyandu.id
    db.session.commit()
    episode.posyandu_id = world.sibling_posyandu.id  # the factory writes visits where the episode is ...
    later = make.pregnancy_visit(episode, visit_date=today - timedelta(days=2))
    episode.posyandu_id = world.posyandu.id  # ... the episode itself stays where it began
    db.session.commit()
    assert "Ibu Pindah" in Session(client, world.supervisor).get("/high-risk").get_data(as_text=True)
    html = Session(app.test_client(), world.bidan).get("/high-risk").get_data(as_text=True)
    assert "Ibu Pindah" in html  # her pregnancy began here: still on this list, with this pustu's visit
    assert later.id not in html and day(later.visit_date, "id") not in html
    assert "Posyandu Anggrek" not in html  # the row names the posyandu of the visit shown
