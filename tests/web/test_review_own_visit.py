"""A bidan records visits herself at the posyandu: the queue marks them 'Dicatat bidan', and she cannot verify her
own record (four eyes): another bidan of the pustu or the supervisor does."""
from posyandu_app.extensions import db
from posyandu_app.models import PregnancyVisit

from .review_helpers import Session, build_world, user


def _anc_by(make, world, recorder):
    mother = make.person(world.posyandu, name="Ibu Sari", sex="F")
    episode = make.pregnancy_episode(mother)
    return make.pregnancy_visit(episode, hb_g_dl=10.1, created_by_id=recorder.id)


def test_the_queue_marks_a_bidans_visit_and_offers_her_no_verify_button(client, make):
    world = build_world(make)
    visit = _anc_by(make, world, world.bidan)
    mine = Session(client, world.bidan).get("/review").get_data(as_text=True)
    assert "Ibu Sari" in mine and 'data-recorded-by="bidan"' in mine and "Dicatat bidan" in mine
    assert f"/review/pregnancy_visit/{visit.id}/verify" not in mine
    assert "Anda sendiri yang mencatat kunjungan ini" in mine
    assert f'value="pregnancy_visit:{visit.id}"' not in mine  # not offered for bulk verification either
    other = Session(client, world.supervisor).get("/review").get_data(as_text=True)
    assert "Dicatat bidan" in other and f"/review/pregnancy_visit/{visit.id}/verify" in other


def test_verifying_ones_own_visit_is_refused_in_words_and_another_bidan_verifies_it(client, make):
    world = build_world(make)
    visit = _anc_by(make, world, world.bidan)
    bidan = Session(client, world.bidan)
    response = bidan.post(f"/review/pregnancy_visit/{visit.id}/verify")
    assert response.status_code == 303
    page = bidan.get(response.headers["Location"]).get_data(as_text=True)
    assert "Kunjungan ini Anda catat sendiri. Verifikasi harus dilakukan oleh bidan lain" in page
    assert 'data-testid="own-visit"' in page
    db.session.expire_all()
    assert db.session.get(PregnancyVisit, visit.id).status == "submitted"
    # bulk verification skips it too
    bidan.post("/review/bulk-verify", {"items": [f"pregnancy_visit:{visit.id}"]})
    db.session.expire_all()
    assert db.session.get(PregnancyVisit, visit.id).status == "submitted"
    colleague = user("bidan", world.pustu, "Bidan Dewi")
    client.post("/logout", data={"csrf_token": bidan.token})
    Session(client, colleague).post(f"/review/pregnancy_visit/{visit.id}/verify")
    db.session.expire_all()
    stored = db.session.get(PregnancyVisit, visit.id)
    assert stored.status == "verified" and stored.reviewed_by_id == colleague.id


def test_a_kaders_visit_is_not_marked_and_the_bidan_verifies_it(client, make):
    world = build_world(make)
    visit = _anc_by(make, world, world.kader)
    bidan = Session(client, world.bidan)
    assert "Dicatat bidan" not in bidan.get("/review").get_data(as_text=True)
    bidan.post(f"/review/pregnancy_visit/{visit.id}/verify")
    db.session.expire_all()
    assert db.session.get(PregnancyVisit, visit.id).status == "verified"
