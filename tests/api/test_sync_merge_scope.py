"""A bidan merges a person of posyandu A with one of posyandu B (both in her pustu): the kader who loses the person
gets a tombstone that does not name the other posyandu's person, a clear rejection for what she still had to send
about that person, and no answer (pull, conflict, replay) carrying the other id; the merged history moves with the
kept person."""
import json
from datetime import date, datetime, timezone

import pytest

from posyandu_app.extensions import db
from posyandu_app.services import merge
from tests.factories import login

from .sync_helpers import growth_op, op, person_op, pull_all, push, results

IDENTITY = {"name": "Putri Lestari", "birth_date": "2025-06-02", "mother_name": "Rina Wati"}


@pytest.mark.parametrize("kept", ["flagged in B", "original in A"])
def test_a_merge_across_posyandu_names_no_person_the_kader_cannot_pull(client, make, kept):
    pustu = make.pustu()
    kader_a, kader_b = make.user("kader", make.posyandu(pustu)), make.user("kader", make.posyandu(pustu))
    bidan = make.user("bidan", pustu)
    created = {}
    for kader in (kader_a, kader_b):
        token = login(client, kader)
        person = person_op(**IDENTITY)
        visit = growth_op(person["id"], visit_date="2026-01-05" if kader is kader_a else "2026-02-05")
        assert [r["status"] for r in results(push(client, token, [person, visit]))] == ["applied", "applied"]
        _, cursor = pull_all(client)
        created[kader] = {"person": person, "visit": visit, "cursor": cursor}
    original, flagged = created[kader_a]["person"]["id"], created[kader_b]["person"]["id"]
    keep = flagged if kept == "flagged in B" else original
    loser, winner = (kader_a, kader_b) if keep == flagged else (kader_b, kader_a)
    gone_id, kept_id = created[loser]["person"]["id"], created[winner]["person"]["id"]
    merge.merge(bidan, flagged, keep)

    token = login(client, loser)
    changes, _ = pull_all(client, cursor=created[loser]["cursor"])
    assert kept_id not in json.dumps(changes)
    tombstone = next(change for change in changes if change["id"] == gone_id)
    assert tombstone["deleted"] is True and tombstone["data"] == {"merged_into_id": None}
    # What her phone still had to send about the merged person: a clear rejection, nothing of the other posyandu.
    unsent = growth_op(gone_id, visit_date="2026-03-05")
    edit = op("person", {"notes": "diubah"}, gone_id, base_version=1)
    replayed = created[loser]["person"]
    answered = results(push(client, token, [unsent, edit, replayed]))
    assert kept_id not in json.dumps(answered)
    assert answered[0]["status"] == "rejected" and set(answered[0]["errors"]) == {"person_id"}
    assert answered[0]["errors"]["person_id"]["en"].startswith("The midwife merged this person into a record of")
    assert answered[1]["status"] == "conflict" and answered[1]["record"]["merged_into_id"] is None
    assert answered[2]["status"] == "duplicate" and answered[2]["record"]["merged_into_id"] is None

    # The kept person's kader receives the merged person's visit, on her own person; the bidan sees the link.
    login(client, winner)
    changes, _ = pull_all(client, cursor=created[winner]["cursor"])
    moved = next(change for change in changes if change["id"] == created[loser]["visit"]["id"])
    assert moved["data"]["person_id"] == kept_id and moved["data"]["posyandu_id"] == winner.facility_id
    assert gone_id not in {change["id"] for change in changes}  # the other posyandu's tombstone is not hers
    login(client, bidan)
    changes, _ = pull_all(client)
    assert next(c for c in changes if c["id"] == gone_id)["data"] == {"merged_into_id": kept_id}
    db.session.expire_all()


def test_history_left_behind_by_an_earlier_merge_is_gone_from_the_phone_not_shown(client, make):
    """Merges made before they moved the history along left visits and episodes in the merged person's posyandu,
    naming the kept person of another posyandu: its kader pulls them as tombstones, never that person's id."""
    pustu = make.pustu()
    posyandu_a, posyandu_b = make.posyandu(pustu), make.posyandu(pustu)
    kader_a = make.user("kader", posyandu_a)
    kept = make.person(posyandu_b, name="Ibu Di B", birth_date=date(1996, 2, 2))
    gone = make.person(posyandu_a, name="Ibu Di A", birth_date=date(1996, 2, 2))
    visit, episode = make.growth(gone), make.pregnancy_episode(gone)
    for record in (visit, episode):
        record.person_id = kept.id  # as merge.merge did before: person moved, posyandu left as it was
    gone.merged_into_id, gone.deleted_at = kept.id, datetime.now(timezone.utc)
    db.session.commit()
    login(client, kader_a)
    changes, _ = pull_all(client)
    assert kept.id not in json.dumps(changes)
    by_id = {change["id"]: change for change in changes}
    for record_id in (visit.id, episode.id, gone.id):
        assert by_id[record_id]["deleted"] is True and by_id[record_id]["data"] == {"merged_into_id": None}
