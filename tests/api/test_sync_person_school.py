"""A person's school and class (class sessions, issue 16): pushed trimmed, refused when too long in both
languages, pulled back to the phones of the posyandu, and described in the OpenAPI person schema."""
from posyandu_app.extensions import db
from posyandu_app.models import Person
from tests.factories import login

from .sync_helpers import person_op, pull_all, push, results


def test_school_and_class_are_stored_trimmed_and_pulled_back(client, make):
    posyandu = make.posyandu()
    token = login(client, make.user("kader", posyandu))
    pupil = person_op(name="Andi Saputra", sex="L", school="  SD Negeri 1 Mawar ", class_name=" 5A ")
    blank = person_op(name="Bunga Lestari", school="   ", class_name="")
    assert [r["status"] for r in results(push(client, token, [pupil, blank]))] == ["applied", "applied"]
    stored = db.session.get(Person, pupil["id"])
    assert (stored.school, stored.class_name) == ("SD Negeri 1 Mawar", "5A")
    empty = db.session.get(Person, blank["id"])
    assert (empty.school, empty.class_name) == (None, None)  # nothing typed is stored as nothing
    changes, _ = pull_all(client)
    pulled = {c["id"]: c["data"] for c in changes if c["entity"] == "person"}
    assert (pulled[pupil["id"]]["school"], pulled[pupil["id"]]["class_name"]) == ("SD Negeri 1 Mawar", "5A")


def test_a_school_or_class_too_long_is_refused_in_both_languages(client, make):
    posyandu = make.posyandu()
    token = login(client, make.user("kader", posyandu))
    answer = results(push(client, token, [person_op(school="S" * 121), person_op(class_name="K" * 41)]))
    assert [r["status"] for r in answer] == ["rejected", "rejected"]
    assert answer[0]["errors"]["school"] == {"id": "Paling banyak 120 karakter.", "en": "At most 120 characters."}
    assert answer[1]["errors"]["class_name"] == {"id": "Paling banyak 40 karakter.", "en": "At most 40 characters."}
    assert db.session.query(Person).count() == 0


def test_the_openapi_person_schema_names_both_fields(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    schema = spec["components"]["schemas"]["PersonData"]["properties"]
    assert schema["school"]["maxLength"] == 120 and schema["class_name"]["maxLength"] == 40
