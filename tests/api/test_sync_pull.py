"""Pull: ordered by server sequence, resumable from any cursor, reviews and tombstones flow back."""
from datetime import date, datetime, timedelta, timezone

from posyandu_app.extensions import db
from posyandu_app.models import GrowthVisit, Person
from posyandu_app.models.base import new_uuid
from posyandu_app.services.registry import normalize_name
from tests.factories import login

from .sync_helpers import pull_all


def seed_changes(posyandu, persons=500):
    """1,000 changes in one commit: `persons` persons with one weighing each."""
    for n in range(persons):
        person = Person(id=new_uuid(), posyandu_id=posyandu.id, name=f"Anak {n}", name_normalized=f"anak {n}",
                        sex="F", birth_date=date.today() - timedelta(days=400), mother_name="Ibu",
                        mother_name_normalized=normalize_name("Ibu"))
        db.session.add(person)
        db.session.add(GrowthVisit(id=new_uuid(), person_id=person.id, posyandu_id=posyandu.id,
                                   visit_date=date.today(), weight_kg=9.0))
    db.session.commit()


def test_paging_through_1000_changes_with_a_small_limit_and_resuming_from_the_middle(client, make):
    kader = make.user("kader")
    seed_changes(kader.facility)
    login(client, kader)
    pages, cursor, seen = 0, 0, []
    while True:
        body = client.get(f"/api/v1/sync/pull?cursor={cursor}&limit=70").get_json()
        pages += 1
        assert len(body["changes"]) <= 70
        seen += body["changes"]
        if pages == 7:
            middle_cursor, seen_before_middle = body["next_cursor"], len(seen)
        cursor = body["next_cursor"]
        if not body["more"]:
            break
    assert len(seen) == 1000 and pages == 15
    assert len({(c["entity"], c["id"]) for c in seen}) == 1000
    resumed, end_cursor = pull_all(client, middle_cursor, limit=300)
    assert [(c["entity"], c["id"]) for c in resumed] == [(c["entity"], c["id"]) for c in seen[seen_before_middle:]]
    assert end_cursor == cursor
    again = client.get(f"/api/v1/sync/pull?cursor={cursor}").get_json()
    assert again == {**again, "changes": [], "more": False, "next_cursor": cursor}


def test_reviews_and_new_versions_come_back_in_later_pulls(client, make):
    kader = make.user("kader")
    child = make.person(kader.facility)
    visit = make.growth(child)
    login(client, kader)
    _, cursor = pull_all(client)
    visit.status, visit.review_note = "returned", "Panjang badan diukur ulang ya"
    visit.reviewed_at = datetime(2026, 1, 6, 3, 0, tzinfo=timezone.utc)
    child.deleted_at, child.merged_into_id = datetime.now(timezone.utc), make.person(kader.facility).id
    db.session.commit()
    changes, _ = pull_all(client, cursor)
    by_id = {change["id"]: change for change in changes}
    assert by_id[visit.id]["data"]["status"] == "returned"
    assert by_id[visit.id]["data"]["review_note"] == "Panjang badan diukur ulang ya"
    assert by_id[visit.id]["data"]["reviewed_at"] == "2026-01-06T03:00:00+00:00"
    assert by_id[child.id]["deleted"] is True
    assert by_id[child.id]["data"] == {"merged_into_id": child.merged_into_id}


def test_limit_is_clamped_and_bad_parameters_are_400(client, make):
    kader = make.user("kader")
    seed_changes(kader.facility, persons=600)
    login(client, kader)
    body = client.get("/api/v1/sync/pull?limit=5000").get_json()
    assert len(body["changes"]) == 1000 and body["more"] is True
    assert len(client.get("/api/v1/sync/pull").get_json()["changes"]) == 500
    for query in ("cursor=-1", "cursor=abc", "limit=0"):
        response = client.get(f"/api/v1/sync/pull?{query}")
        assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid", query
        assert set(response.get_json()["error"]["fields"]) == {query.split("=")[0]}


def test_pull_is_gzip_compressed_when_accepted(client, make):
    kader = make.user("kader")
    seed_changes(kader.facility, persons=20)
    login(client, kader)
    response = client.get("/api/v1/sync/pull", headers={"Accept-Encoding": "gzip, deflate"})
    assert response.headers["Content-Encoding"] == "gzip"
    import gzip
    import json
    assert len(json.loads(gzip.decompress(response.data))["changes"]) == 40


def test_status_tells_the_phone_what_the_server_holds(client, make):
    from .sync_helpers import growth_op, person_op, push, results
    kader = make.user("kader")
    make.growth(make.person(kader.facility), status="returned")
    token = login(client, kader)
    empty = client.get("/api/v1/sync/status?device_id=hp-1").get_json()
    assert empty["last_push_at"] is None and empty["ops"]["applied"] == 0
    person = person_op()
    results(push(client, token, [person, growth_op(person["id"]), growth_op(person["id"], weight_kg=0)],
                 device_id="hp-1"))
    body = client.get("/api/v1/sync/status?device_id=hp-1").get_json()
    assert body["ops"] == {"applied": 2, "duplicate": 0, "rejected": 1, "conflict": 0}
    assert body["records"] == {"person": 2, "pregnancy": 0, "growth": 2, "pregnancy_visit": 0, "screening": 0,
                               "youth_screening": 0, "immunization": 0, "delivery": 0, "postnatal_visit": 0,
                               "newborn_visit": 0}
    assert body["returned"] == 1 and body["last_push_at"]
    assert body["server_cursor"] == pull_all(client)[1]
    assert client.get("/api/v1/sync/status").status_code == 400
