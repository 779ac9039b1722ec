"""A person moved to another posyandu leaves the old posyandu's phones (a tombstone), arrives on the new one's, and
stays on a phone whose scope holds both."""
from posyandu_app.extensions import db
from tests.factories import login

from .sync_helpers import pull_all


def phone_of(app, user):
    client = app.test_client()
    login(client, user)
    return client


def about(changes, record_id):
    return [change for change in changes if change["id"] == record_id]


def test_a_moved_person_is_dropped_by_the_old_posyandu_and_pulled_by_the_new_one(app, make):
    pustu = make.pustu()
    mawar, melati = make.posyandu(pustu, name="Posyandu Mawar"), make.posyandu(pustu, name="Posyandu Melati")
    child = make.person(mawar, name="Anak Pindah")
    make.growth(child)
    phones = {name: phone_of(app, make.user(role, facility)) for name, role, facility in
              (("mawar", "kader", mawar), ("melati", "kader", melati), ("bidan", "bidan", pustu))}
    cursors = {name: pull_all(phone)[1] for name, phone in phones.items()}

    child.posyandu_id = melati.id  # the supervisor's edit: the family moved to the next hamlet
    db.session.commit()

    gone, cursors["mawar"] = pull_all(phones["mawar"], cursors["mawar"])
    assert [(c["deleted"], c["data"].get("name")) for c in about(gone, child.id)] == [(True, None)]
    arrived, cursors["melati"] = pull_all(phones["melati"], cursors["melati"])
    assert [(c["deleted"], c["data"]["name"]) for c in about(arrived, child.id)] == [(False, "Anak Pindah")]
    both, cursors["bidan"] = pull_all(phones["bidan"], cursors["bidan"])
    assert about(both, child.id) and not any(c["deleted"] for c in about(both, child.id))

    child.name = "Anak Pindah Baru"  # later changes at the new posyandu tell the old one nothing more
    db.session.commit()
    assert about(pull_all(phones["mawar"], cursors["mawar"])[0], child.id) == []

    child.posyandu_id = mawar.id  # and back again: each side hears of it once
    db.session.commit()
    back = about(pull_all(phones["mawar"], cursors["mawar"])[0], child.id)
    assert [(c["deleted"], c["data"]["name"]) for c in back] == [(False, "Anak Pindah Baru")]
    assert [c["deleted"] for c in about(pull_all(phones["melati"], cursors["melati"])[0], child.id)] == [True]
