"""Sessions live on the server: a copy of the session cookie taken before logout, a password change, a
deactivation or an admin's reset no longer opens anything afterwards. Logout ends one device's session only; the
events that mean "someone else may hold this account" end all of them."""
from sqlalchemy import event

from posyandu_app.extensions import db
from posyandu_app.services import accounts

from ..factories import PASSWORD, login
from ..web.review_helpers import build_world, csrf_of

NEW_PASSWORD = "Mawar-Merah-77"


def _saved_cookie(client) -> str:
    return client.get_cookie("session").value


def _replay(app, cookie: str):
    """An attacker's browser holding the copied cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief


def _is_logged_out(app, cookie: str) -> bool:
    thief = _replay(app, cookie)
    api = thief.get("/api/v1/auth/session").status_code
    page = _replay(app, cookie).get("/review")
    return api == 401 and page.status_code == 302 and "/login" in page.headers["Location"]


def test_a_cookie_saved_before_api_logout_is_dead_afterwards(app, client, make):
    bidan = build_world(make).bidan
    token = login(client, bidan)
    saved = _saved_cookie(client)
    assert not _is_logged_out(app, saved)
    assert client.post("/api/v1/auth/logout", headers={"X-CSRFToken": token}).status_code == 200
    assert _is_logged_out(app, saved)


def test_a_cookie_saved_before_web_logout_is_dead_afterwards(app, client, make):
    bidan = build_world(make).bidan
    login(client, bidan)
    saved = _saved_cookie(client)
    token = csrf_of(client.get("/account/password").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert _is_logged_out(app, saved)


def test_logout_on_one_phone_keeps_the_other_phone_logged_in(app, make):
    bidan = build_world(make).bidan
    first, second = app.test_client(), app.test_client()
    token = login(first, bidan)
    login(second, bidan)
    first.post("/api/v1/auth/logout", headers={"X-CSRFToken": token})
    assert first.get("/api/v1/auth/session").status_code == 401
    assert second.get("/api/v1/auth/session").status_code == 200


def test_password_change_ends_every_other_session_and_keeps_this_device(app, client, make):
    bidan = build_world(make).bidan
    other_phone = app.test_client()
    login(other_phone, bidan)
    token = login(client, bidan)
    saved_here, saved_there = _saved_cookie(client), _saved_cookie(other_phone)
    changed = client.post("/api/v1/auth/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
                          headers={"X-CSRFToken": token})
    assert changed.status_code == 200
    assert client.get("/api/v1/auth/session").status_code == 200  # this device got a new session
    assert client.get("/review").status_code == 200
    assert _is_logged_out(app, saved_here)   # its cookie from before the change is dead
    assert _is_logged_out(app, saved_there)


def test_deactivation_ends_every_session_and_reactivation_does_not_revive_them(app, client, make):
    bidan = build_world(make).bidan
    login(client, bidan)
    saved = _saved_cookie(client)
    accounts.set_active(bidan, False)
    assert _is_logged_out(app, saved)
    accounts.set_active(bidan, True)
    assert _is_logged_out(app, saved)
    assert client.get("/api/v1/auth/session").status_code == 401


def test_an_admin_password_reset_ends_every_session(app, client, make):
    bidan = build_world(make).bidan
    login(client, bidan)
    saved = _saved_cookie(client)
    result = app.test_cli_runner().invoke(args=["reset-password", bidan.username],
                                          input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert _is_logged_out(app, saved)
    relogin = app.test_client()
    login(relogin, bidan, NEW_PASSWORD)
    blocked = relogin.get("/api/v1/sync/pull")
    assert blocked.status_code == 403 and blocked.get_json()["error"]["code"] == "password_change_required"


def test_the_cli_deactivates_an_account(app, client, make):
    bidan = build_world(make).bidan
    login(client, bidan)
    assert app.test_cli_runner().invoke(args=["deactivate-user", bidan.username]).exit_code == 0
    assert client.get("/api/v1/auth/session").status_code == 401


def test_a_request_costs_one_session_lookup(app, client, make):
    bidan = build_world(make).bidan
    login(client, bidan)
    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if "user_session" in statement:
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get("/api/v1/auth/session").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(seen) == 1, seen
