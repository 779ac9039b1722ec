"""Pull v2 (compact first download): the same records as v1 without the visits' server results, in far fewer
bytes, resumable by cursor with a count of what is still to come; v1 stays as it was for phones not yet updated."""
import gzip
import json
from datetime import date, datetime, timedelta, timezone

from posyandu_app.extensions import db
from posyandu_app.services.sync_compact import RECOMPUTED, expand
from tests.factories import login

from .sync_helpers import growth_op, new_id, op, person_op, push, results


def seed_by_push(client, token, children=12, weighings=6):
    """Children with monthly weighings, a mother with a pregnancy and an ANC visit, adults screened: pushed as a
    phone does, so every visit carries the server's results."""
    ops, today = [], date.today()
    for n in range(children):
        child = person_op(name=f"Anak {n}", birth_date=(today - timedelta(days=700 + n)).isoformat(),
                          nik=None if n % 2 else None, dusun="Krajan" if n % 3 else None)
        ops.append(child)
        for month in range(weighings):
            ops.append(growth_op(child["id"], visit_date=(today - timedelta(days=30 * month)).isoformat(),
                                 weight_kg=round(10.0 + n / 10 - month / 5, 1), length_cm=80.0 - month,
                                 measured="H" if n % 2 else "L"))
    mother = person_op(name="Ibu Hamil", sex="P", birth_date="1995-03-04")
    episode = op("pregnancy", {"person_id": mother["id"], "hpht": (today - timedelta(days=120)).isoformat(),
                               "gravida": 2, "para": 1, "abortus": 0})
    anc = op("pregnancy_visit", {"person_id": mother["id"], "episode_id": episode["id"],
                                 "visit_date": today.isoformat(), "weight_kg": 55.0, "muac_cm": 22.0,
                                 "systolic": 120, "diastolic": 80, "hb_g_dl": 10.2})
    adult = person_op(name="Warga", sex="L", birth_date="1970-01-15")
    screening = op("screening", {"person_id": adult["id"], "visit_date": today.isoformat(), "weight_kg": 70.0,
                                 "height_cm": 160.0, "systolic": 150, "diastolic": 95})
    ops += [mother, episode, anc, adult, screening]
    assert {r["status"] for r in results(push(client, token, ops))} == {"applied"}
    return len(ops)


def first_pull(client, version, limit=1000, cursor=0):
    """Pages until `more` is false: (records as v1 change items, gzip bytes on the wire, pages)."""
    changes, wire, pages = [], 0, []
    while True:
        response = client.get(f"/api/v1/sync/pull?cursor={cursor}&limit={limit}&v={version}",
                              headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200
        body = response.get_data()
        wire += len(body)
        page = json.loads(gzip.decompress(body) if response.headers.get("Content-Encoding") == "gzip" else body)
        pages.append(page)
        changes += expand(page) if version == 2 else page["changes"]
        cursor = page["next_cursor"]
        if not page["more"]:
            return changes, wire, pages


def test_v2_holds_every_record_of_v1_field_for_field_without_the_visits_results_in_far_fewer_bytes(client, make):
    kader = make.user("kader")
    count = seed_by_push(client, login(client, kader))
    v1, v1_bytes, _ = first_pull(client, 1)
    v2, v2_bytes, pages = first_pull(client, 2)
    assert len(v1) == len(v2) == count
    full = {(c["entity"], c["id"]): c for c in v1}
    compact = {(c["entity"], c["id"]): c for c in v2}
    assert full.keys() == compact.keys()
    for key, change in full.items():
        expected = {name: value for name, value in change["data"].items()
                    if name not in RECOMPUTED.get(change["entity"], ())}
        assert compact[key]["data"] == expected, key
        assert compact[key]["version"] == change["version"]
    # the visits' results are what v2 leaves out; the episode (not append-only) keeps its own
    assert all(c["data"]["results"] for c in v1 if c["entity"] == "growth")
    assert all("results" not in c["data"] for c in v2 if c["entity"] in ("growth", "screening", "pregnancy_visit"))
    assert all("results" in c["data"] for c in v2 if c["entity"] == "pregnancy")
    # the promoted columns the phone checks its own result against are there
    assert all(c["data"]["waz"] is not None for c in v2 if c["entity"] == "growth")
    # nothing null or default is spelled out record by record
    table = pages[0]["tables"]["growth"]
    assert "supersedes_id" in table["null"] and "is_current" not in table["cols"]
    assert table["defaults"]["is_current"] is True
    assert v2_bytes * 2 < v1_bytes, (v1_bytes, v2_bytes)


def test_a_first_download_cut_halfway_resumes_at_its_cursor_and_counts_what_is_left(client, make):
    kader = make.user("kader")
    count = seed_by_push(client, login(client, kader), children=10, weighings=4)
    everything, _, _ = first_pull(client, 2, limit=1000)
    first = client.get("/api/v1/sync/pull?v=2&cursor=0&limit=20").get_json()
    got = expand(first)
    assert len(got) == 20 and first["more"] and first["remaining"] == count - 20
    # the phone stored that page and its cursor, then the signal went: the next call starts at the cursor
    rest, _, pages = first_pull(client, 2, limit=20, cursor=first["next_cursor"])
    assert len(got) + len(rest) == count
    assert sorted(c["id"] for c in got + rest) == sorted(c["id"] for c in everything)
    assert [p["remaining"] for p in pages] == [max(0, count - 20 * (n + 2)) for n in range(len(pages))]
    assert pages[-1]["more"] is False


def test_v2_tombstones_name_the_person_a_merge_kept(client, make):
    kader = make.user("kader")
    child, kept = make.person(kader.facility), make.person(kader.facility, name="Siti A.")
    make.growth(child)
    login(client, kader)
    _, _, pages = first_pull(client, 2)
    cursor = pages[-1]["next_cursor"]
    child.deleted_at, child.merged_into_id = datetime.now(timezone.utc), kept.id
    db.session.commit()
    changes, _, _ = first_pull(client, 2, cursor=cursor)
    gone = [c for c in changes if c["deleted"]]
    assert gone == [{"entity": "person", "id": child.id, "deleted": True, "data": {"merged_into_id": kept.id}}]


def test_v1_is_unchanged_for_phones_not_yet_updated_and_other_versions_are_refused(client, make):
    kader = make.user("kader")
    seed_by_push(client, login(client, kader), children=2, weighings=2)
    body = client.get("/api/v1/sync/pull?cursor=0").get_json()
    assert set(body) == {"changes", "next_cursor", "more", "server_time"}
    growth = next(c for c in body["changes"] if c["entity"] == "growth")
    assert set(growth) == {"entity", "id", "version", "deleted", "data"}
    assert growth["data"]["results"]["z"]["waz"] is not None and "supersedes_id" in growth["data"]
    assert client.get("/api/v1/sync/pull?cursor=0&v=1").get_json()["changes"] == body["changes"]
    refused = client.get("/api/v1/sync/pull?cursor=0&v=3")
    assert refused.status_code == 400 and "v" in refused.get_json()["error"]["fields"]


def test_v2_never_carries_another_posyandus_records(client, make):
    kader = make.user("kader")
    other = make.person(make.posyandu(), name="Di posyandu lain")
    make.growth(other)
    mine = make.person(kader.facility)
    login(client, kader)
    changes, _, _ = first_pull(client, 2)
    assert [c["id"] for c in changes] == [mine.id]
    assert new_id() not in {c["id"] for c in changes}
