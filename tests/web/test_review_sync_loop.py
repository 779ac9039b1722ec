"""The kader's side of the review loop through the real sync API: return → pull shows the note → correction push →
back in the bidan's queue; a merge reaches the phone as a tombstone."""
import uuid
from datetime import date, timedelta

from tests.factories import login

from .review_helpers import Session, build_world


def _pull(client):
    changes, cursor = [], 0
    while True:
        body = client.get(f"/api/v1/sync/pull?cursor={cursor}&limit=500").get_json()
        changes += body["changes"]
        cursor = body["next_cursor"]
        if not body["more"]:
            return {(change["entity"], change["id"]): change for change in changes}


def test_return_is_pulled_by_the_kader_and_the_correction_comes_back(app, make):
    world = build_world(make)
    child = make.person(world.posyandu, name="Bayu Nugroho", sex="M", birth_date=date.today() - timedelta(days=300))
    visit = make.growth(child, weight_kg=8.4, length_cm=52.0, created_by_id=world.kader.id)
    bidan_client, kader_client = app.test_client(), app.test_client()
    bidan = Session(bidan_client, world.bidan)
    bidan.post(f"/review/growth/{visit.id}/return", {"note": "perlu diperbaiki: ukur ulang panjang badan"})

    token = login(kader_client, world.kader)
    pulled = _pull(kader_client)[("growth", visit.id)]["data"]
    assert pulled["status"] == "returned"
    assert pulled["review_note"] == "perlu diperbaiki: ukur ulang panjang badan"

    new_id = str(uuid.uuid4())
    op = {"op_id": str(uuid.uuid4()), "entity": "correction", "id": new_id, "base_version": None,
          "recorded_at": "2026-11-20T09:20:00+07:00",
          "data": {"supersedes": visit.id, "visit_date": visit.visit_date.isoformat(), "weight_kg": 8.4,
                   "length_cm": 70.5, "measured": "L"}}
    response = kader_client.post("/api/v1/sync/push", json={"device_id": "hp-kader-1", "ops": [op]},
                                 headers={"X-CSRFToken": token})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["results"][0]["status"] == "applied", response.get_json()

    page = bidan.get("/review").get_data(as_text=True)
    assert "Bayu Nugroho" in page and "koreksi" in page and f"/review/growth/{visit.id}" in page
    assert bidan.post(f"/review/growth/{new_id}/verify").status_code == 303
    assert _pull(kader_client)[("growth", new_id)]["data"]["status"] == "verified"


def test_a_merge_reaches_the_kader_as_a_tombstone(app, make):
    world = build_world(make)
    original = make.person(world.posyandu, name="Wulan Sari")
    flagged = make.person(world.posyandu, name="Wulan Sari", duplicate_of_id=original.id, duplicate_reason="nik")
    visit = make.growth(flagged)
    Session(app.test_client(), world.bidan).post(f"/people/{flagged.id}/merge", {"keep": original.id})
    kader_client = app.test_client()
    login(kader_client, world.kader)
    changes = _pull(kader_client)
    assert changes[("person", flagged.id)]["deleted"] is True
    assert changes[("person", flagged.id)]["data"]["merged_into_id"] == original.id
    assert changes[("growth", visit.id)]["data"]["person_id"] == original.id
