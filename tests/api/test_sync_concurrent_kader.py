"""Eight kader logging in, then pushing, at the same moment to a real threaded server on the default file SQLite
database (and on PostgreSQL): every push is applied, none refused with 503 "database is locked"."""
import threading
from datetime import date, timedelta

import pytest
import requests
from sqlalchemy import func, select
from werkzeug.serving import make_server

from posyandu_app.extensions import db
from posyandu_app.models import AppliedOp, GrowthVisit, Person
from tests.factories import PASSWORD

from .sync_helpers import force_op_by_op, growth_op, person_op

KADER = 8


@pytest.fixture
def server(app):
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    db.session.remove()  # the test thread holds no connection (nor lock) while the server writes
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(10)


def _logged_in(base, username):
    session = requests.Session()
    answer = session.post(f"{base}/api/v1/auth/login", json={"username": username, "password": PASSWORD}, timeout=60)
    assert answer.status_code == 200, answer.text
    session.headers["X-CSRFToken"] = answer.json()["csrf_token"]
    return session


def _all_at_once(calls):
    """Run the calls in threads released together by a barrier; their results in order."""
    start = threading.Barrier(len(calls), timeout=60)
    results = [None] * len(calls)

    def run(index):
        start.wait()
        results[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    return results


# "one flush": the whole batch in one flush; "op by op": a SAVEPOINT per op (the fallback after a refused flush).
@pytest.mark.parametrize("path", ["one flush", "op by op"])
def test_eight_kader_pushing_at_once_are_all_applied(app, make, server, monkeypatch, path):
    if path == "op by op":
        force_op_by_op(monkeypatch)
    with app.app_context():
        usernames = [make.user("kader").username for _ in range(KADER)]
        db.session.remove()
    sessions = _all_at_once([lambda name=name: _logged_in(server, name) for name in usernames])
    batches = []
    for _ in range(KADER):
        person = person_op()
        batches.append([person] + [growth_op(person["id"], visit_date=(date.today() - timedelta(days=d)).isoformat())
                                   for d in (60, 30, 0)])
    answers = _all_at_once([
        lambda index=index: sessions[index].post(f"{server}/api/v1/sync/push", timeout=120,
                                                 json={"device_id": f"phone-{index}", "ops": batches[index]})
        for index in range(KADER)])

    assert [answer.status_code for answer in answers] == [200] * KADER, [a.text[:200] for a in answers]
    for answer, batch in zip(answers, batches):
        assert [r["status"] for r in answer.json()["results"]] == ["applied"] * len(batch)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Person)) == KADER
        assert db.session.scalar(select(func.count()).select_from(GrowthVisit)) == KADER * 3
        assert db.session.scalar(select(func.count()).select_from(AppliedOp)) == KADER * 4
