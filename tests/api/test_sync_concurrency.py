"""The same batch pushed by two requests at the same moment is applied once (PostgreSQL row locks)."""
import threading

import pytest
from sqlalchemy import func, select

from posyandu_app.extensions import db
from posyandu_app.models import AppliedOp, AuditLog, GrowthVisit, Person
from posyandu_app.services import sync_push
from tests.factories import login

from .sync_helpers import growth_op, person_op, push


def test_concurrent_identical_pushes_apply_each_op_once(app, make, database_url, monkeypatch):
    if database_url is None:
        pytest.skip("SQLite serialises writers on one database lock; the race needs PostgreSQL (TEST_DATABASE_URL)")
    kader = make.user("kader")
    clients = [app.test_client(), app.test_client()]
    tokens = []
    for client in clients:
        with app.app_context():  # a fresh `g` per login: the CSRF token is cached there per app context
            tokens.append(login(client, kader))
    person = person_op()
    batch = [person] + [growth_op(person["id"], visit_date=f"2026-0{m}-10") for m in range(1, 6)]

    # Both requests have looked for the ops (and found none) before either writes: the worst interleaving.
    both_prefetched = threading.Barrier(2, timeout=20)
    original = sync_push.Batch._prefetch

    def prefetch_then_wait(self, ops):
        original(self, ops)
        if self.fast:  # the first attempt of each request; the op-by-op retry must not wait
            both_prefetched.wait()

    monkeypatch.setattr(sync_push.Batch, "_prefetch", prefetch_then_wait)
    fallbacks = []
    original_fallback = sync_push.op_by_op

    def counting_fallback(*args):
        fallbacks.append(args)
        return original_fallback(*args)

    monkeypatch.setattr(sync_push, "op_by_op", counting_fallback)
    answers = [None, None]

    def run(index):
        answers[index] = push(clients[index], tokens[index], batch)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    statuses = [[r["status"] for r in answer.get_json()["results"]] for answer in answers]
    assert all(answer.status_code == 200 for answer in answers)
    assert sorted(statuses) == [["applied"] * 6, ["duplicate"] * 6]
    duplicate = answers[statuses.index(["duplicate"] * 6)].get_json()["results"]
    applied = answers[statuses.index(["applied"] * 6)].get_json()["results"]
    assert [r["record"] for r in duplicate] == [r["record"] for r in applied]
    # The loser's one-flush attempt hit the UNIQUE constraints (it had found none of the ops beforehand),
    # fell back to op by op, and answered from what the winner stored.
    assert len(fallbacks) == 1
    db.session.expire_all()
    for model, expected in ((Person, 1), (GrowthVisit, 5), (AppliedOp, 6), (AuditLog, 6)):
        assert db.session.scalar(select(func.count()).select_from(model)) == expected, model
