"""Stateless app servers: two gunicorn instances (the README's flags, the same SECRET_KEY) on one PostgreSQL
database. A phone logged in on one is sent to the other in the middle of a sync, as a load balancer may do with any
request: its session, its CSRF token, a resent push whose answer was lost and a pull resumed page by page all work
there, and nothing is lost, repeated or refused."""
import uuid

import pytest
import requests

from posyandu_app.extensions import db
from tests.api.sync_helpers import growth_op, person_op
from tests.factories import PASSWORD

from ..conftest import PG_URL
from . import servers

pytestmark = pytest.mark.skipif(not PG_URL, reason="app servers share their data through PostgreSQL "
                                                   "(TEST_DATABASE_URL unset: SQLite pass)")
TIMEOUT = 60


@pytest.fixture
def two_servers(app, make, tmp_path):
    """A kader, and two app servers (A, B) on this run's database."""
    username = make.user("kader", make.posyandu()).username
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()  # the test holds no connection while the servers work
    secret = "two-servers-" + uuid.uuid4().hex
    with servers.gunicorn(url, tmp_path / "a", 0, secret) as port_a, servers.gunicorn(url, tmp_path / "b", 0, secret) \
            as port_b:
        yield username, f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"


def _push(phone, server, ops):
    answer = phone.post(f"{server}/api/v1/sync/push", json={"device_id": "hp-kader-1", "ops": ops}, timeout=TIMEOUT)
    assert answer.status_code == 200, answer.text
    return [result["status"] for result in answer.json()["results"]]


def test_a_phone_moves_between_app_servers_mid_sync(two_servers):
    username, server_a, server_b = two_servers
    phone = requests.Session()  # one cookie jar for 127.0.0.1, whichever port answers
    login = phone.post(f"{server_a}/api/v1/auth/login", json={"username": username, "password": PASSWORD},
                       timeout=TIMEOUT)
    assert login.status_code == 200, login.text
    phone.headers["X-CSRFToken"] = login.json()["csrf_token"]  # issued by A, checked by B

    people = [person_op(name=f"Anak Nomor {i}") for i in range(6)]
    visits = [growth_op(person["id"]) for person in people]
    assert _push(phone, server_a, people[:3]) == ["applied"] * 3
    # The next push reaches B; its answer is lost on the way back, so the phone resends the same ops, landing on A.
    assert _push(phone, server_b, people[3:] + visits) == ["applied"] * 9
    assert _push(phone, server_a, people[3:] + visits) == ["duplicate"] * 9

    # Pull page by page, each page from the other server, resuming from the cursor the previous one gave.
    pulled, cursor, more, turn = [], 0, True, 0
    while more:
        server = (server_a, server_b)[turn % 2]
        page = phone.get(f"{server}/api/v1/sync/pull", params={"cursor": cursor, "limit": 2}, timeout=TIMEOUT)
        assert page.status_code == 200, page.text
        body = page.json()
        pulled += [(change["entity"], change["id"]) for change in body["changes"]]
        cursor, more, turn = body["next_cursor"], body["more"], turn + 1
    assert turn > 2, "the pull did not span both servers"
    sent = [("person", op["id"]) for op in people] + [("growth", op["id"]) for op in visits]
    mine = [change for change in pulled if change[0] in ("person", "growth")]
    assert sorted(mine) == sorted(sent)  # each record once: none lost, none repeated

    # Logging out on B ends the session everywhere: A refuses the same cookie, even a copy kept from before.
    kept = requests.Session()
    kept.cookies.update(phone.cookies)
    assert phone.post(f"{server_b}/api/v1/auth/logout", timeout=TIMEOUT).status_code == 200
    for client in (phone, kept):
        assert client.get(f"{server_a}/api/v1/auth/session", timeout=TIMEOUT).status_code == 401
    refused = kept.post(f"{server_a}/api/v1/sync/push", json={"device_id": "hp-kader-1", "ops": [person_op()]},
                        headers=dict(phone.headers), timeout=TIMEOUT)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
