"""Hostile or broken request bodies get a 4xx with a clear message in the error shape, never a 500, and change
nothing: garbage, wrong types, huge numbers, deep nesting, NUL bytes, very long strings, unicode names."""
import json

import pytest
from sqlalchemy import func, select

from posyandu_app.extensions import db
from posyandu_app.models import GrowthVisit, Person

from ..api.sync_helpers import growth_op, person_op, push, results
from ..factories import login
from ..web.review_helpers import user

DEEP = "[" * 5000 + "]" * 5000


def _error(response, status=None):
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    if status:
        assert response.status_code == status, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert body["error"]["code"] and body["error"]["message"]
    return body["error"]


@pytest.fixture
def kader_session(client, make):
    kader = user("kader", make.posyandu())  # a cheap password hash: many tests log in
    return kader, login(client, kader)


@pytest.mark.parametrize("raw", [b"garbage", b"\x00\xff\xfe", b"{", b"[]", b"null", b"42", b'"ops"',
                                 DEEP.encode(), b'{"device_id": "d", "ops": ' + DEEP.encode() + b"}",
                                 b'{"device_id": "d", "ops": {"op_id": 1}}', b'{"device_id": ["d"], "ops": []}',
                                 b'{"device_id": "d", "ops": [1, "x", null, []]}', b'{"device_id": "d", "ops": 1e309}',
                                 b'{"device_id": "d\\u0000", "ops": []}', b'{"device_id": "' + b"x" * 100000 + b'"}'],
                         ids=lambda raw: raw[:24].decode("latin-1"))
def test_garbage_push_bodies_are_4xx_json(client, kader_session, raw):
    _, token = kader_session
    response = client.post("/api/v1/sync/push", data=raw, content_type="application/json",
                           headers={"X-CSRFToken": token})
    error = _error(response)
    assert response.status_code in (400, 413, 422)
    assert error["code"] in ("malformed_json", "malformed_ops", "invalid", "too_large")


@pytest.mark.parametrize("field,value", [
    ("name", 12345), ("name", ["Siti"]), ("name", {"first": "Siti"}), ("name", "x" * 5000), ("name", ""),
    ("name", "Siti\x00Aminah"), ("birth_date", "2026-13-45"), ("birth_date", 20240101), ("birth_date", "9999-01-01"),
    ("sex", "X"), ("sex", True), ("birth_weight_kg", 1e308), ("birth_weight_kg", -1), ("birth_weight_kg", "berat"),
    ("birth_weight_kg", 10 ** 400), ("nik", "１２３４５６７８９０１２３４５６"), ("rt", "0" * 100), ("posyandu_id", "abc"),
    ("posyandu_id", 2 ** 70), ("mother_name", None), ("phone", "+62" + "9" * 500)])
def test_wrong_person_fields_reject_that_op_with_a_field_message(client, kader_session, field, value):
    kader, token = kader_session
    ok = person_op(posyandu_id=kader.facility_id, name="Budi Santoso")
    bad = person_op(**{"posyandu_id": kader.facility_id, field: value})
    response = push(client, token, [ok, bad])
    first, second = results(response)
    assert first["status"] == "applied"  # the rest of the batch is kept
    if second["status"] == "applied":  # a value the rules accept (e.g. no mother name) is stored as sent
        return
    assert second["status"] == "rejected"
    messages = second["errors"].get(field) or next(iter(second["errors"].values()))
    assert messages["id"] and messages["en"]


@pytest.mark.parametrize("field,value", [("weight_kg", 1e309), ("weight_kg", "1e309"), ("weight_kg", 10 ** 30),
                                         ("weight_kg", -5), ("weight_kg", [8.4]), ("length_cm", {"cm": 70}),
                                         ("visit_date", "yesterday"), ("measured", "sitting"),
                                         ("person_id", "not-a-uuid"), ("person_id", None), ("weight_kg", "NaN"),
                                         ("weight_kg", float("inf"))])
def test_wrong_visit_fields_are_rejected_per_op(client, kader_session, field, value):
    kader, token = kader_session
    person = person_op(posyandu_id=kader.facility_id)
    visit = growth_op(person["id"])
    visit["data"][field] = value
    body = {"device_id": "d", "ops": [person, visit]}
    raw = json.dumps(body, allow_nan=True).replace("1e+309", "1e309")  # Infinity/NaN/1e309 as a client may send
    response = client.post("/api/v1/sync/push", data=raw, content_type="application/json",
                           headers={"X-CSRFToken": token})
    if response.status_code != 200:
        _error(response, 400)
        return
    first, second = results(response)
    assert first["status"] == "applied" and second["status"] == "rejected"
    assert db.session.scalar(select(func.count()).select_from(GrowthVisit)) == 0


def test_unicode_names_are_stored_and_returned_exactly(client, kader_session):
    kader, token = kader_session
    names = ["Ni Luh Putu Ayu Śrī", "Nguyễn Thị Ánh", "محمد عبد الله", "王小明", "Ayu 👶🏽", "Zoë D'Souza-O'Brien"]
    ops = [person_op(posyandu_id=kader.facility_id, name=name, mother_name=name) for name in names]
    assert [r["status"] for r in results(push(client, token, ops))] == ["applied"] * len(names)
    db.session.expire_all()
    assert sorted(db.session.scalars(select(Person.name))) == sorted(names)


@pytest.mark.parametrize("url,body", [
    ("/api/v1/auth/login", {"username": ["kader"], "password": {"x": 1}}),
    ("/api/v1/auth/login", {"username": "k" * 10000, "password": "p" * 100000}),
    ("/api/v1/auth/login", {"username": "kader\x00", "password": "x"}),
    ("/api/v1/auth/login", {"username": 1e309, "password": None}),
    ("/api/v1/auth/password", {"current_password": 1, "new_password": ["a"]}),
])
def test_wrong_types_on_auth_endpoints_are_4xx(client, kader_session, url, body):
    _, token = kader_session
    raw = json.dumps(body).replace("Infinity", "1e309")
    response = client.post(url, data=raw, content_type="application/json", headers={"X-CSRFToken": token})
    _error(response)
    assert response.status_code in (400, 401, 422)


@pytest.mark.parametrize("query", ["cursor=-1", "cursor=abc", "cursor=1e309", "cursor=99999999999999999999999",
                                   "limit=0", "limit=%00", "cursor=1&cursor=2"])
def test_bad_pull_parameters_are_400(client, kader_session, query):
    response = client.get(f"/api/v1/sync/pull?{query}")
    if query == "cursor=1&cursor=2":
        assert response.status_code == 200  # the first value counts, as in every query string
        return
    assert _error(response, 400)["code"] == "invalid"


def test_a_body_over_the_limit_is_413_json(client, kader_session):
    _, token = kader_session
    response = client.post("/api/v1/sync/push", data=b'{"ops": "' + b"x" * (2 * 1024 * 1024) + b'"}',
                           content_type="application/json", headers={"X-CSRFToken": token})
    assert _error(response, 413)["code"] == "too_large"


HOSTILE_QUERIES = ["unit=posyandu:abc", "unit=pustu:99999999999999999999999", "unit=posyandu:-1", "month=9999-99",
                   "month=0000-00", "month=%00", "page=-1", "page=1e309", "q=%00", "q=" + "x" * 5000,
                   "posyandu=1e309", "posyandu=abc", "group=%3Cscript%3E", "reason=../../etc", "status=%FF",
                   "next=//evil.example", "unit=posyandu:1&unit=pustu:2"]


def test_hostile_query_strings_on_every_page_are_never_a_5xx(app, client, make, role="supervisor"):
    from . import world as w
    world = w.build(make)
    login(client, world.users[role])
    failures = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        base = w.url_for_rule(rule, world)
        for query in HOSTILE_QUERIES:
            response = client.get(f"{base}?{query}")
            if response.status_code >= 500:
                failures.append((base, query, response.status_code))
    assert not failures, failures
