"""Today's posyandu: the session lists the account's posyandu by name for the phone's picker; whatever posyandu a
phone names, the server still takes only one in the account's scope."""
from tests.factories import login

from .sync_helpers import person_op, push, results


def test_a_bidan_gets_her_posyandu_by_name_and_registers_in_the_one_she_chose(client, make):
    pustu = make.pustu()
    melati, mawar = make.posyandu(pustu, name="Posyandu Melati"), make.posyandu(pustu, name="Posyandu Mawar")
    elsewhere = make.posyandu(name="Posyandu Kenanga")  # another pustu
    bidan = make.user("bidan", pustu)
    token = login(client, bidan)
    user = client.get("/api/v1/auth/session").get_json()["user"]
    assert user["posyandu"] == [{"id": mawar.id, "name": "Posyandu Mawar"},
                                {"id": melati.id, "name": "Posyandu Melati"}]
    assert user["posyandu_ids"] == [mawar.id, melati.id]
    here, there = person_op(name="Di Melati", posyandu_id=melati.id), person_op(posyandu_id=elsewhere.id)
    applied, refused = results(push(client, token, [here, there]))
    assert applied["status"] == "applied" and applied["record"]["posyandu_id"] == melati.id
    assert refused["status"] == "rejected"
    assert refused["errors"]["posyandu_id"]["id"] == "Di luar wilayah Anda."


def test_a_kader_has_one_posyandu_and_nothing_to_choose(client, make):
    kader = make.user("kader")
    login(client, kader)
    user = client.get("/api/v1/auth/session").get_json()["user"]
    assert user["posyandu"] == [{"id": kader.facility.id, "name": kader.facility.name}]
