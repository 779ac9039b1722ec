"""HTTP contract of the sync endpoints: 401/403/413/400 shapes, CSRF, and the OpenAPI document."""
import json

import pytest
from sqlalchemy import func, select

from posyandu_app.extensions import db
from posyandu_app.models import AppliedOp
from tests.factories import login

from .sync_helpers import RECORDED_AT, growth_op, new_id, person_op, push, results

SYNC_PATHS = ("/sync/push", "/sync/pull", "/sync/status")


def error_of(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    body = response.get_json()["error"]
    assert body["code"] and body["message"]
    return body


def test_not_logged_in_is_401_json_everywhere(client):
    assert error_of(client.post("/api/v1/sync/push", json={"device_id": "x", "ops": []}), 401)["code"] == "unauthorized"
    assert error_of(client.get("/api/v1/sync/pull"), 401)["code"] == "unauthorized"
    assert error_of(client.get("/api/v1/sync/status?device_id=x"), 401)["code"] == "unauthorized"


def test_password_change_pending_is_403_json(client, make):
    kader = make.user("kader", must_change_password=True)
    token = login(client, kader)
    assert error_of(push(client, token, []), 403)["code"] == "password_change_required"
    assert error_of(client.get("/api/v1/sync/pull"), 403)["code"] == "password_change_required"


def test_push_needs_the_csrf_header(client, make):
    kader = make.user("kader")
    login(client, kader)
    response = client.post("/api/v1/sync/push", json={"device_id": "x", "ops": [person_op()]})
    assert error_of(response, 400)["code"] == "csrf"
    assert client.get("/api/v1/sync/pull").status_code == 200


def test_more_than_500_ops_is_413_and_nothing_applied(client, make):
    kader = make.user("kader")
    token = login(client, kader)
    ops = [person_op() for _ in range(501)]
    body = error_of(push(client, token, ops), 413)
    assert body["code"] == "too_many_ops" and "500" in body["message"]


def test_body_over_1_mb_is_413_json(client, make):
    kader = make.user("kader")
    token = login(client, kader)
    ops = [person_op(notes="x" * 1900) for _ in range(500)]
    assert len(json.dumps({"device_id": "x", "ops": ops})) > 1024 * 1024
    assert error_of(push(client, token, ops), 413)["code"] == "too_large"


@pytest.mark.parametrize("payload, code, field", [
    ("{oops", "malformed_json", None),
    ("[1, 2]", "malformed_json", None),
    (json.dumps({"ops": []}), "malformed_ops", "device_id"),
    (json.dumps({"device_id": "x", "ops": {"a": 1}}), "malformed_ops", "ops"),
    (json.dumps({"device_id": "x", "ops": [{"op_id": new_id(), "entity": "person", "data": {}}, 7]}),
     "malformed_ops", "ops.1"),
])
def test_malformed_requests_are_400_json_and_apply_nothing(client, make, payload, code, field):
    kader = make.user("kader")
    token = login(client, kader)
    response = client.post("/api/v1/sync/push", data=payload, content_type="application/json",
                           headers={"X-CSRFToken": token})
    error = error_of(response, 400)
    assert error["code"] == code
    if field:
        assert set(error["fields"]) == {field} and set(error["fields"][field]) == {"id", "en"}
    assert db.session.scalar(select(func.count()).select_from(AppliedOp)) == 0


@pytest.mark.parametrize("bad, field", [
    ({"op_id": new_id(), "entity": "vaccine", "data": {}}, "entity"),
    ({"entity": "person", "data": {}}, "op_id"),
    ({"op_id": "not-an-op-id", "entity": "person", "data": {}}, "op_id"),
    ({"op_id": new_id(), "entity": "growth", "data": ["not", "an", "object"]}, "data"),
])
def test_an_op_that_cannot_be_read_is_rejected_alone(client, make, bad, field):
    """A newer phone's unknown entity, or a broken op, must not hold back the ops around it forever."""
    kader = make.user("kader")
    child = make.person(kader.facility)
    token = login(client, kader)
    before, after = growth_op(child.id), growth_op(child.id)
    first, middle, last = results(push(client, token, [before, {"id": new_id(), "base_version": None,
                                                                "recorded_at": RECORDED_AT, **bad}, after]))
    assert first["status"] == last["status"] == "applied"
    assert middle["status"] == "rejected" and set(middle["errors"][field]) == {"id", "en"}
    assert middle["op_id"] == bad.get("op_id")  # echoed as sent, so the phone can match the answer


def test_openapi_document_lists_every_endpoint(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.get_json()
    assert doc["openapi"].startswith("3.") and doc["info"]["title"] and doc["info"]["version"]
    for path in SYNC_PATHS + ("/auth/login", "/auth/session", "/auth/logout", "/auth/password", "/openapi.json"):
        assert path in doc["paths"], path
    api_rules = {rule.rule.removeprefix("/api/v1") for rule in client.application.url_map.iter_rules()
                 if rule.endpoint.startswith("api.")}
    assert api_rules <= set(doc["paths"])
    schemas = doc["components"]["schemas"]
    assert "required" in schemas["PushRequest"] and set(schemas["PushRequest"]["required"]) == {"device_id", "ops"}
    assert schemas["Op"]["properties"]["entity"]["enum"] == ["person", "pregnancy", "growth", "pregnancy_visit",
                                                             "screening", "youth_screening", "immunization",
                                                             "delivery", "postnatal_visit", "newborn_visit",
                                                             "correction"]
    assert schemas["DeliveryData"]["properties"]["outcome"]["enum"] == ["live_birth", "stillbirth"]
    assert schemas["NewbornVisitData"]["properties"]["breaths_per_min"]["minimum"] == 10
    assert schemas["YouthScreeningData"]["properties"]["hb_g_dl"]["maximum"] == 25
    assert schemas["ImmunizationData"]["properties"]["antigen"]["enum"][:2] == ["hb0", "bcg"]
    assert {"results", "status", "review_note", "is_current"} <= set(schemas["GrowthRecord"]["properties"])
    assert schemas["GrowthData"]["properties"]["weight_kg"]["maximum"] == 250  # growth_rules.json validation, 0-19 y
    _check_refs(doc, doc)
    try:
        from openapi_spec_validator import validate
    except ImportError:
        return
    validate(doc)


def _check_refs(node, doc):
    """Every $ref points at a component that exists (what a validator would catch first)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if ref:
            target = doc
            for part in ref.removeprefix("#/").split("/"):
                assert part in target, ref
                target = target[part]
        for value in node.values():
            _check_refs(value, doc)
    elif isinstance(node, list):
        for value in node:
            _check_refs(value, doc)
