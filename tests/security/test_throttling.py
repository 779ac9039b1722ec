"""Login throttling lives in the database: per account and per address, holding across two app instances that
share one database (two gunicorn workers); the lock-out message never tells whether an account exists."""
import pytest

from config import TestConfig
from posyandu_app import create_app
from posyandu_app.i18n import catalog

from ..factories import PASSWORD
from ..web.review_helpers import user


def _login(client, username, password, address="10.0.0.1"):
    return client.post("/api/v1/auth/login", json={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


@pytest.fixture
def second_worker(app):
    """Another app instance on the same database, as a second gunicorn worker is."""
    class Worker(TestConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        SQLALCHEMY_ENGINE_OPTIONS = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    other = create_app(Worker)
    yield other.test_client()


def test_account_locks_after_failures_spread_over_two_workers(app, client, make, second_worker):
    kader = user("kader", make.posyandu())
    limit = app.config["LOGIN_MAX_FAILURES"]
    for attempt in range(limit):
        worker = client if attempt % 2 else second_worker
        assert _login(worker, kader.username, "salah", address=f"10.0.0.{attempt}").status_code == 401
    for worker in (client, second_worker):
        locked = _login(worker, kader.username, PASSWORD, address="10.9.9.9")  # even the right password waits
        assert locked.status_code == 429 and locked.get_json()["error"]["code"] == "locked"


def test_lock_message_is_the_same_for_an_unknown_account(app, client, make):
    kader = user("kader", make.posyandu())
    limit = app.config["LOGIN_MAX_FAILURES"]
    answers = {}
    for name in (kader.username, "tidak-ada-orangnya"):
        wrong = [_login(client, name, "salah", address="10.1.1.1" if name == kader.username else "10.2.2.2")
                 for _ in range(limit)]
        assert {r.status_code for r in wrong} == {401}
        assert len({r.get_json()["error"]["message"] for r in wrong}) == 1
        answers[name] = _login(client, name, "salah", address="10.3.3.3")
    known, unknown = answers.values()
    assert known.status_code == unknown.status_code == 429
    assert known.get_json() == unknown.get_json()


def test_one_address_guessing_many_accounts_is_stopped(app, client, make, second_worker):
    per_address = app.config["LOGIN_MAX_FAILURES"] * 4
    victims = [user("kader", make.posyandu()) for _ in range(2)]
    for attempt in range(per_address):  # never more than the account limit on one account
        worker = client if attempt % 2 else second_worker
        assert _login(worker, f"tebakan{attempt}", "salah", address="203.0.113.7").status_code == 401
    blocked = _login(client, victims[0].username, PASSWORD, address="203.0.113.7")
    assert blocked.status_code == 429
    assert _login(client, victims[1].username, PASSWORD, address="198.51.100.1").status_code == 200


def test_web_login_form_shows_the_lock_without_naming_the_account(app, client, make):
    kader = user("kader", make.posyandu())
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        _login(client, kader.username, "salah")
    html = client.get("/login").get_data(as_text=True)
    import re
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    page = client.post("/login", data={"username": kader.username, "password": PASSWORD, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": "10.0.0.1"})
    text = page.get_data(as_text=True)
    locked = catalog("id")["auth.locked"].split("{")[0]
    assert page.status_code == 401 and locked in text and kader.username not in text.split("<form")[0]


def test_proxy_addresses_count_only_when_the_proxy_is_trusted(app, make):
    """Without PROXY_HOPS a forged X-Forwarded-For cannot buy fresh attempts; with it, each phone counts alone."""
    kader = user("kader", make.posyandu())
    limit = app.config["LOGIN_MAX_FAILURES"] * 4
    client = app.test_client()
    for n in range(limit):
        client.post("/api/v1/auth/login", json={"username": f"x{n}", "password": "salah"},
                    headers={"X-Forwarded-For": f"198.51.100.{n}"})
    forged = client.post("/api/v1/auth/login", json={"username": kader.username, "password": PASSWORD},
                         headers={"X-Forwarded-For": "192.0.2.99"})
    assert forged.status_code == 429

    class Proxied(TestConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        SQLALCHEMY_ENGINE_OPTIONS = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
        PROXY_HOPS = 1
    proxied = create_app(Proxied).test_client()
    answer = proxied.post("/api/v1/auth/login", json={"username": kader.username, "password": PASSWORD},
                          headers={"X-Forwarded-For": "192.0.2.99", "X-Forwarded-Proto": "https"})
    assert answer.status_code == 200 and "Strict-Transport-Security" in answer.headers


@pytest.mark.parametrize("target", ["/\\evil.example", "/\t/evil.example", "//evil.example", "https://evil.example",
                                    "/%0a/evil.example"])
def test_no_open_redirect_after_login_or_language_switch(client, make, target):
    from urllib.parse import quote
    response = client.get(f"/lang/en?next={quote(target)}")
    location = response.headers["Location"]
    on_site = location.startswith("http://localhost/") or (location.startswith("/") and not location.startswith("//"))
    assert on_site and "\\" not in location and "\t" not in location, location


def test_guessing_the_current_password_with_a_stolen_session_is_throttled(app, client, make):
    """12 wrong current passwords on /api/v1/auth/password, then the right one: locked, password unchanged."""
    from ..factories import login
    kader = user("kader", make.posyandu())
    token = login(client, kader)
    limit = app.config["LOGIN_MAX_FAILURES"]

    def change(current):
        return client.post("/api/v1/auth/password", json={"current_password": current,
                                                           "new_password": "Mawar-Merah-77"},
                           headers={"X-CSRFToken": token})
    answers = [change(f"tebakan-{n}").status_code for n in range(12)]
    assert answers[:limit] == [422] * limit and set(answers[limit:]) == {429}
    locked = change(PASSWORD)
    assert locked.status_code == 429 and locked.get_json()["error"]["code"] == "locked"
    assert _login(app.test_client(), kader.username, PASSWORD, address="10.7.7.7").status_code == 429
    from posyandu_app.extensions import db
    db.session.refresh(kader)
    assert kader.check_password(PASSWORD)


def test_the_web_password_page_shares_the_throttle(app, client, make):
    from ..factories import login
    from ..web.review_helpers import csrf_of
    kader = user("kader", make.posyandu())
    login(client, kader)
    token = csrf_of(client.get("/account/password").get_data(as_text=True))

    def change(current):
        return client.post("/account/password", data={"csrf_token": token, "current_password": current,
                                                      "new_password": "Mawar-Merah-77",
                                                      "confirm_password": "Mawar-Merah-77"})
    for n in range(app.config["LOGIN_MAX_FAILURES"]):
        assert change(f"tebakan-{n}").status_code == 400
    locked = change(PASSWORD)
    assert locked.status_code == 429
    assert catalog("id")["auth.locked"].split("{")[0] in locked.get_data(as_text=True)
