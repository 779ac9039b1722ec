"""Sessions for field work and accounts: long sessions that a password change or deactivation ends everywhere
else (lost phone), re-login that loses no offline work, the password policy, forced change of seeded passwords."""
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import pytest
import time_machine
from sqlalchemy import select

from config import ProductionConfig
from posyandu_app import create_app
from posyandu_app.extensions import db
from posyandu_app.models import User
from posyandu_app.services import accounts

from ..api.sync_helpers import person_op, push, results
from ..factories import PASSWORD, login
from ..instants import at_instants
from ..web.review_helpers import user


def test_session_cookie_lasts_weeks_for_field_work(client, make):
    kader = user("kader", make.posyandu())
    response = client.post("/api/v1/auth/login", json={"username": kader.username, "password": PASSWORD})
    expires = parsedate_to_datetime(response.headers["Set-Cookie"].split("Expires=")[1].split(";")[0])
    assert (expires - datetime.now(timezone.utc)).days >= 29


def test_password_change_on_one_phone_ends_the_session_on_the_lost_one(app, make):
    kader = user("kader", make.posyandu())
    lost, new = app.test_client(), app.test_client()
    login(lost, kader)
    token = login(new, kader)
    changed = new.post("/api/v1/auth/password", json={"current_password": PASSWORD, "new_password": "Mawar-Merah-77"},
                       headers={"X-CSRFToken": token})
    assert changed.status_code == 200
    assert new.get("/api/v1/auth/session").status_code == 200  # the phone that changed it stays logged in
    assert lost.get("/api/v1/auth/session").status_code == 401
    assert lost.get("/api/v1/sync/pull").status_code == 401


def test_deactivated_account_loses_its_open_sessions(app, client, make):
    kader = user("kader", make.posyandu())
    login(client, kader)
    kader.active = False
    db.session.commit()
    assert client.get("/api/v1/sync/pull").status_code == 401
    assert client.get("/").status_code == 302


def test_relogin_after_the_session_ended_applies_the_waiting_outbox_once(app, make):
    """The phone keeps its outbox through a re-login: the first push answers 401, the same ops after login apply."""
    kader = user("kader", make.posyandu())
    phone = app.test_client()
    token = login(phone, kader)
    outbox = [person_op(posyandu_id=kader.facility_id, name=f"Anak {n}") for n in range(3)]
    phone.delete_cookie("session")  # the session expired while the kader was offline
    assert push(phone, token, outbox).status_code == 401
    token = login(phone, kader)
    assert [r["status"] for r in results(push(phone, token, outbox))] == ["applied"] * 3
    assert [r["status"] for r in results(push(phone, token, outbox))] == ["duplicate"] * 3


@pytest.mark.parametrize("password", ["pendek1", "posyandu123", "12345678901", "kader-ani-2024", "aaaaaaaaaa",
                                      "Password1", "abababababab"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(accounts.AccountError) as refused:
        accounts.validate_password(password, "kader-ani")
    assert refused.value.key in ("auth.password_too_short", "auth.password_too_weak")


@pytest.mark.parametrize("password", ["Mawar-Merah-77", "kopi susu pagi hari", "Rahasia-Ani-1"])
def test_reasonable_passwords_are_accepted(password):
    accounts.validate_password(password, "kader-ani")


@at_instants("1st-0100Z", "9th-1200Z")
def test_demo_seed_on_a_production_config_forces_every_password_change(instant, tmp_path):
    class Production(ProductionConfig):
        SECRET_KEY = "a-long-random-production-key-for-this-test-only"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'prod.sqlite3'}"
        SQLALCHEMY_ENGINE_OPTIONS = {}

    app = create_app(Production.finalize())
    with app.app_context():
        db.create_all()
        from posyandu_app.models import SyncCounter
        db.session.add(SyncCounter(id=1, value=0))
        db.session.commit()
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        users = db.session.scalars(select(User)).all()
        assert users and all(account.must_change_password for account in users)
        client = app.test_client()
        token = login(client, users[0], "posyandu123")
        blocked = client.get("/api/v1/sync/pull")
        assert blocked.status_code == 403 and blocked.get_json()["error"]["code"] == "password_change_required"
        weak = client.post("/api/v1/auth/password", json={"current_password": "posyandu123",
                                                          "new_password": "posyandu123"},
                           headers={"X-CSRFToken": token})
        assert weak.status_code == 422
        db.session.remove()
        db.engine.dispose()


def test_failures_before_a_successful_login_do_not_count_later(app, client, make):
    kader = user("kader", make.posyandu())
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit - 1):
        assert client.post("/api/v1/auth/login", json={"username": kader.username, "password": "x"}).status_code == 401
    assert client.post("/api/v1/auth/login", json={"username": kader.username, "password": PASSWORD}).status_code == 200
    client.post("/api/v1/auth/logout", headers={"X-CSRFToken": "unused"})
    assert client.post("/api/v1/auth/login", json={"username": kader.username, "password": "x"}).status_code == 401
    assert client.post("/api/v1/auth/login", json={"username": kader.username, "password": "x"}).status_code == 401


def test_an_unknown_name_costs_a_password_check_too(client, make, monkeypatch):
    calls = []
    original = accounts._check_without_user
    monkeypatch.setattr(accounts, "_check_without_user", lambda password: calls.append(password) or original(password))
    assert client.post("/api/v1/auth/login", json={"username": "tidak-ada", "password": "tebak"}).status_code == 401
    assert calls == ["tebak"]


@pytest.mark.parametrize("served", ["before the login", "after the login"])
@pytest.mark.parametrize("path", ["/app", "/offline", "/static/js/app.js", "/api/v1/auth/session"])
def test_an_answer_overtaken_by_a_login_does_not_undo_it(app, client, make, path, served):
    """The phone's service worker precaches the app while the kader logs in: a request sent with the cookie of
    before may be served before or after the login (which ends that cookie's session), and its answer may arrive
    after the login's. Applied by the browser, it must neither bring the old cookie back nor delete the new one."""
    kader = user("kader", make.posyandu())
    login(client, kader)
    in_flight = app.test_client()
    in_flight.set_cookie("session", client.get_cookie("session").value)
    if served == "before the login":
        late_answer = in_flight.get(path)
        login(client, kader)
    else:
        login(client, kader)
        late_answer = in_flight.get(path)
    for header in late_answer.headers.getlist("Set-Cookie"):
        name, value = header.split(";")[0].split("=", 1)
        client.set_cookie(name, value)
    assert client.get("/api/v1/auth/session").status_code == 200
    assert in_flight.get("/api/v1/auth/session").status_code == 401  # the cookie of before opens nothing


def test_a_session_in_use_slides_its_expiry_once_a_day(client, make):
    kader = user("kader", make.posyandu())
    with time_machine.travel(datetime(2026, 3, 1, 1, 0, tzinfo=timezone.utc), tick=False) as traveller:
        login(client, kader)
        traveller.shift(timedelta(hours=20))
        assert "Set-Cookie" not in client.get("/api/v1/auth/session").headers
        traveller.shift(timedelta(days=20))  # still in use on day 21: the cookie is renewed for 30 more days
        renewed = client.get("/api/v1/auth/session").headers["Set-Cookie"]
        expires = parsedate_to_datetime(renewed.split("Expires=")[1].split(";")[0])
        assert expires.date() == datetime(2026, 4, 20).date()
        assert "Set-Cookie" not in client.get("/api/v1/auth/session").headers
