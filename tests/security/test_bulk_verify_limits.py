"""Bulk verify cannot tie up a worker: more items than a queue page holds get a clear 400 in the reviewer's
language and change nothing; a full page is loaded and locked with one statement per kind of visit, not per id."""
import uuid

from sqlalchemy import event, select

from posyandu_app.extensions import db
from posyandu_app.models import GrowthVisit
from posyandu_app.services import review

from ..web.review_helpers import Session, build_world


def test_more_items_than_a_queue_page_is_a_clear_400_and_verifies_nothing(client, make):
    world = build_world(make)
    real = make.growth(make.person(world.posyandu))
    items = [f"growth:{real.id}"] + [f"growth:{uuid.uuid4()}" for _ in range(review.BULK_MAX)]
    bidan = Session(client, world.bidan)
    response = bidan.post("/review/bulk-verify", {"items": items})
    assert response.status_code == 400
    assert f"Paling banyak {review.BULK_MAX} kiriman" in response.get_data(as_text=True)
    client.set_cookie("lang", "en")
    english = bidan.post("/review/bulk-verify", {"items": items}).get_data(as_text=True)
    assert f"At most {review.BULK_MAX} submissions" in english
    db.session.expire_all()
    assert db.session.get(GrowthVisit, real.id).status == "submitted"


def test_a_full_page_is_verified_with_one_select_per_kind(client, make):
    world = build_world(make)
    visits = [make.growth(make.person(world.posyandu, name=f"Anak {n}")) for n in range(30)]
    items = [f"growth:{visit.id}" for visit in visits] + [f"screening:{uuid.uuid4()}"] * 3
    bidan = Session(client, world.bidan)
    selects = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and ("growth_visit" in statement or "screening" in statement):
            selects.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert bidan.post("/review/bulk-verify", {"items": items}).status_code == 303
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(selects) <= 2, selects  # growth and screening, whatever the number of ids
    db.session.expire_all()
    assert set(db.session.scalars(select(GrowthVisit.status))) == {"verified"}
