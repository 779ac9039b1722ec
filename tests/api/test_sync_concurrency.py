"""The same batch pushed by two requests at the same moment is applied once (PostgreSQL row locks)."""
import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from posyandu_app.extensions import db
from posyandu_app.models import AppliedOp, AuditLog, ChangeLog, GrowthVisit, Person
from posyandu_app.services import bulk, sync_push
from tests.factories import login

from .sync_helpers import growth_op, person_op, push


# Below bulk.COPY_FROM_ROWS rows a table's rows go by executemany; from it, by COPY (PostgreSQL). With a new person
# in the batch the loser's first write to fail is the ORM flush of the person; without, the visits' bulk write.
@pytest.mark.parametrize("visits, new_person", [(5, True), (bulk.COPY_FROM_ROWS + 10, True),
                                                (bulk.COPY_FROM_ROWS + 10, False)],
                         ids=["small batch", "large batch", "large batch of visits only (COPY fails first)"])
def test_concurrent_identical_pushes_apply_each_op_once(app, make, database_url, monkeypatch, visits, new_person):
    if database_url is None:
        pytest.skip("SQLite serialises writers on one database lock; the race needs PostgreSQL (TEST_DATABASE_URL)")
    kader = make.user("kader")
    child = make.person(kader.facility, birth_date=date.today() - timedelta(days=400))
    clients = [app.test_client(), app.test_client()]
    tokens = []
    for client in clients:
        with app.app_context():  # a fresh `g` per login: the CSRF token is cached there per app context
            tokens.append(login(client, kader))
    person = person_op()
    person_id = person["id"] if new_person else child.id
    batch = [person] if new_person else []
    batch += [growth_op(person_id, visit_date=(date.today() - timedelta(days=day)).isoformat())
              for day in range(visits, 0, -1)]  # oldest first: no visit re-assessed by a later op

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
    ops = len(batch)
    assert sorted(statuses) == [["applied"] * ops, ["duplicate"] * ops]
    duplicate = answers[statuses.index(["duplicate"] * ops)].get_json()["results"]
    applied = answers[statuses.index(["applied"] * ops)].get_json()["results"]
    assert [r["record"] for r in duplicate] == [r["record"] for r in applied]
    # The loser's one-flush attempt hit the UNIQUE constraints (it had found none of the ops beforehand),
    # fell back to op by op, and answered from what the winner stored.
    assert len(fallbacks) == 1
    db.session.expire_all()
    for model, expected in ((Person, 1 + new_person), (GrowthVisit, visits), (AppliedOp, ops), (AuditLog, ops),
                            (ChangeLog, ops + 1)):  # + the child's own row, logged when the factory stored it
        assert db.session.scalar(select(func.count()).select_from(model)) == expected, model
