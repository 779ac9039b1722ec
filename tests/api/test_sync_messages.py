"""The ingest names each refusal by catalog key and values; the API words it in both languages (docs/SYNC.md), for
a first answer and for a replay of a stored one alike."""
from posyandu_app.api.sync_schemas import load_data
from posyandu_app.i18n import translate
from posyandu_app.services import sync_push
from tests.factories import login

from .sync_helpers import growth_op, new_id, person_op, push, results


def test_the_service_answers_with_keys_and_values_and_the_api_with_both_languages(client, make):
    kader = make.user("kader")
    person = make.person(kader.facility)
    stale = person_op(person.id, base_version=7)
    ops = [sync_push.PushOp(op_id=new_id(), entity="person", data=stale["data"], id=person.id, base_version=7)]
    served = sync_push.push(kader, "device-x", ops, load_data)["results"][0]
    assert served["status"] == "conflict"
    assert served["errors"] == {"base_version": {"key": "sync.stale_version", "params": {"version": 1}}}

    token = login(client, kader)
    answered = results(push(client, token, [stale]))[0]
    assert answered["status"] == "conflict"
    assert answered["errors"]["base_version"] == {"id": translate("sync.stale_version", "id", version=1),
                                                  "en": translate("sync.stale_version", "en", version=1)}
    assert "versi 1" in answered["errors"]["base_version"]["id"]


def test_a_replayed_rejection_is_worded_like_the_first_answer(client, make):
    kader = make.user("kader")
    token = login(client, kader)
    orphan = growth_op(new_id())  # no such person on the server
    first = results(push(client, token, [orphan]))[0]
    again = results(push(client, token, [dict(orphan)]))[0]
    assert first["status"] == again["status"] == "rejected"
    assert first["errors"] == again["errors"] == {"person_id": {"id": translate("sync.person_not_found", "id"),
                                                                "en": translate("sync.person_not_found", "en")}}
