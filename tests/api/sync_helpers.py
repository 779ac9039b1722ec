"""Helpers for the sync API tests: op builders and a push call with the CSRF header."""
import uuid
from datetime import date, timedelta

RECORDED_AT = "2026-01-05T09:00:00+07:00"


def new_id() -> str:
    return str(uuid.uuid4())


def op(entity, data, record_id=None, base_version=None, op_id=None):
    return {"op_id": op_id or new_id(), "entity": entity, "id": record_id or new_id(), "base_version": base_version,
            "recorded_at": RECORDED_AT, "data": data}


def person_op(record_id=None, base_version=None, **data):
    values = {"name": "Aisyah Putri", "sex": "P", "birth_date": (date.today() - timedelta(days=420)).isoformat(),
              "mother_name": "Ny. Rina Wati", "rt": "002", "rw": "004"}
    return op("person", {**values, **data}, record_id, base_version)


def growth_op(person_id, record_id=None, **data):
    values = {"person_id": person_id, "visit_date": date.today().isoformat(), "weight_kg": 8.4, "length_cm": 71.5,
              "measured": "L"}
    return op("growth", {**values, **data}, record_id)


def push(client, token, ops, device_id="device-1"):
    return client.post("/api/v1/sync/push", json={"device_id": device_id, "ops": ops},
                       headers={"X-CSRFToken": token})


def results(response) -> list:
    assert response.status_code == 200, response.get_json()
    return response.get_json()["results"]


def pull_all(client, cursor=0, limit=500):
    changes = []
    while True:
        body = client.get(f"/api/v1/sync/pull?cursor={cursor}&limit={limit}").get_json()
        changes += body["changes"]
        cursor = body["next_cursor"]
        if not body["more"]:
            return changes, cursor


def force_op_by_op(monkeypatch):
    """Make the one-flush attempt fail like a database refusal, so the batch runs op by op (savepoint per op)."""
    from sqlalchemy.exc import IntegrityError

    from posyandu_app.services import sync_push
    original = sync_push.Batch.run_all

    def refuse_fast(self, ops):
        if self.fast:
            raise IntegrityError("forced by the test", {}, Exception("forced"))
        return original(self, ops)

    monkeypatch.setattr(sync_push.Batch, "run_all", refuse_fast)
