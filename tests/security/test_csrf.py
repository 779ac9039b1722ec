"""CSRF on every state-changing route, generated from the URL map: without the token the request is refused and
nothing changes. A route added later must be listed here, so nobody adds a write without thinking about CSRF."""
import pytest

from config import TestConfig
from posyandu_app import create_app
from posyandu_app.i18n import catalog

from ..factories import PASSWORD, login
from . import world as w

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def is_csrf_refusal(response) -> bool:
    if response.status_code != 400:
        return False
    if response.is_json:
        return response.get_json()["error"]["code"] == "csrf"
    return catalog("id")["error.csrf"] in response.get_data(as_text=True)

# Every state-changing endpoint, and how it is protected. "token": Flask-WTF's token (form field or X-CSRFToken
# header) is required. "json-only": the JSON login, see test_json_login_cannot_be_forged_cross_site.
PROTECTION = {
    "web.login": "token",
    "web.logout": "token",
    "web.change_password": "token",
    "web.review_verify": "token",
    "web.review_return": "token",
    "web.review_bulk_verify": "token",
    "web.high_risk_follow_up": "token",
    "web.person_merge": "token",
    "web.person_not_duplicate": "token",
    "web.admin_puskesmas_new": "token",
    "web.admin_facility_new": "token",
    "web.admin_facility_rename": "token",
    "web.admin_facility_move": "token",
    "web.admin_facility_close": "token",
    "web.admin_desa_new": "token",
    "web.admin_desa_edit": "token",
    "web.admin_desa_close": "token",
    "web.admin_user_new": "token",
    "web.admin_user_deactivate": "token",
    "web.admin_user_activate": "token",
    "web.admin_user_reset": "token",
    "web.admin_user_reassign": "token",
    "web.admin_roster_upload": "token",
    "web.admin_roster_confirm": "token",
    "web.admin_fhir_sending": "token",
    "web.admin_fhir_requeue": "token",
    "api.auth_login": "json-only",
    "api.auth_logout": "token",
    "api.auth_password": "token",
    "api.sync_push_view": "token",
}


def _write_routes():
    app = create_app(TestConfig)
    return sorted(((rule.endpoint, rule, method) for rule in app.url_map.iter_rules()
                   for method in sorted(rule.methods & WRITE_METHODS)), key=lambda item: (item[0], item[2]))


ROUTES = _write_routes()


def test_every_write_route_is_listed():
    assert {endpoint for endpoint, _, _ in ROUTES} == set(PROTECTION), \
        "a state-changing route was added or removed: list it in PROTECTION with its CSRF protection"


def _body(endpoint):
    return {"json": {"device_id": "d1", "ops": []}} if endpoint.startswith("api.") else {"data": {"note": "x"}}


@pytest.mark.parametrize("role", ["anonymous", "admin"])
@pytest.mark.parametrize("endpoint,rule,method",
                         [r for r in ROUTES if PROTECTION.get(r[0]) == "token"], ids=lambda v: str(v))
def test_write_without_token_is_refused(client, make, endpoint, rule, method, role):
    world = w.build(make)
    token = login(client, world.users["admin"], PASSWORD) if role == "admin" else None
    url = w.url_for_rule(rule, world)
    response = client.open(url, method=method, **_body(endpoint))
    if response.status_code == 401 and endpoint.startswith("api.") and role == "anonymous":
        return  # the sync endpoint asks for a login first (docs/SYNC.md); nothing was written
    assert is_csrf_refusal(response), (url, response.status_code)
    if token:  # a wrong token is refused as well
        wrong = client.open(url, method=method, headers={"X-CSRFToken": token[:-4] + "AAAA"}, **_body(endpoint))
        assert is_csrf_refusal(wrong)


def test_the_same_write_with_the_token_passes_the_csrf_check(client, make):
    world = w.build(make)
    token = login(client, world.users["admin"], PASSWORD)
    for endpoint, rule, method in ROUTES:
        if PROTECTION[endpoint] != "token" or endpoint in ("web.logout", "api.auth_logout"):
            continue
        body = _body(endpoint)
        if "data" in body:
            body["data"]["csrf_token"] = token
        response = client.open(w.url_for_rule(rule, world), method=method, headers={"X-CSRFToken": token}, **body)
        assert not is_csrf_refusal(response), endpoint


def test_a_token_from_another_session_is_refused(app, make):
    world = w.build(make)
    mallory, victim = app.test_client(), app.test_client()
    stolen = login(mallory, world.users["kader"], PASSWORD)
    login(victim, world.users["bidan"], PASSWORD)
    response = victim.post("/api/v1/sync/push", json={"device_id": "d", "ops": []}, headers={"X-CSRFToken": stolen})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "csrf"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_json_login_cannot_be_forged_cross_site(client, make, content_type):
    """A cross-site page can only send these 'simple' content types without a CORS preflight (which we never
    grant); the JSON login refuses them, so a forged login of the victim into an attacker's account fails."""
    world = w.build(make)
    body = f'{{"username": "{world.users["kader"].username}", "password": "{PASSWORD}"}}'
    if content_type == "multipart/form-data":
        response = client.post("/api/v1/auth/login", data={"username": world.users["kader"].username,
                                                            "password": PASSWORD})
    else:
        response = client.post("/api/v1/auth/login", data=body, content_type=content_type)
    assert response.status_code == 400
    assert "Set-Cookie" not in response.headers or "session=;" in response.headers.get("Set-Cookie", "")
    assert "Access-Control-Allow-Origin" not in client.options("/api/v1/auth/login",
                                                               headers={"Origin": "https://evil.example"}).headers
