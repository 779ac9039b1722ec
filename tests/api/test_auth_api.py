"""JSON login for the PWA: session cookie + CSRF token, JSON errors, never an HTML redirect."""
from tests.factories import PASSWORD, login


def test_json_login_returns_user_scope_and_csrf(client, make):
    kader = make.user("kader")
    response = client.post("/api/v1/auth/login", json={"username": kader.username, "password": PASSWORD})
    body = response.get_json()
    assert response.status_code == 200
    assert body["user"]["role"] == "kader"
    assert body["user"]["posyandu_ids"] == [kader.facility_id]
    assert body["csrf_token"]
    assert "HttpOnly" in response.headers["Set-Cookie"]


def test_session_endpoint_refreshes_token_or_answers_401_json(client, make):
    response = client.get("/api/v1/auth/session")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    kader = make.user("kader")
    login(client, kader)
    body = client.get("/api/v1/auth/session").get_json()
    assert body["user"]["username"] == kader.username and body["csrf_token"]


def test_wrong_credentials_are_401_json_in_indonesian(client, make):
    kader = make.user("kader")
    response = client.post("/api/v1/auth/login", json={"username": kader.username, "password": "salah"})
    assert response.status_code == 401
    assert response.get_json()["error"] == {"code": "login_failed", "message": "Nama pengguna atau kata sandi salah."}


def test_missing_fields_get_per_field_errors(client):
    response = client.post("/api/v1/auth/login", json={"username": "kader"})
    body = response.get_json()["error"]
    assert response.status_code == 422
    assert set(body["fields"]) == {"password"}
    assert body["fields"]["password"]["id"]


def test_malformed_json_is_400_json(client):
    response = client.post("/api/v1/auth/login", data="{oops", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "malformed_json"


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_logout_needs_csrf_header(client, make):
    kader = make.user("kader")
    token = login(client, kader)
    refused = client.post("/api/v1/auth/logout")
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "csrf"
    assert client.post("/api/v1/auth/logout", headers={"X-CSRFToken": token}).status_code == 200
    assert client.get("/api/v1/auth/session").status_code == 401


def test_must_change_password_blocks_api_until_changed(client, make):
    kader = make.user("kader", must_change_password=True)
    token = login(client, kader)
    response = client.post("/api/v1/auth/password", headers={"X-CSRFToken": token},
                           json={"current_password": PASSWORD, "new_password": "Mawar-Merah-77"})
    assert response.status_code == 200
    assert response.get_json()["user"]["must_change_password"] is False
