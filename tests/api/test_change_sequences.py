"""Change sequences are handed out at the real commit, once, not at every savepoint release (sync relies on it)."""
from datetime import date

from posyandu_app.extensions import db
from posyandu_app.models import Person
from posyandu_app.models.base import new_uuid
from posyandu_app.services.changes import current_sequence


def test_savepoint_release_assigns_no_sequence_the_commit_does(make):
    posyandu = make.posyandu()
    before = current_sequence()
    for n in range(3):
        with db.session.begin_nested():
            db.session.add(Person(id=new_uuid(), posyandu_id=posyandu.id, name=f"Anak {n}", name_normalized="anak",
                                  sex="F", birth_date=date(2024, 1, 1)))
    assert current_sequence() == before
    savepoint = db.session.begin_nested()
    db.session.add(Person(id=new_uuid(), posyandu_id=posyandu.id, name="Batal", name_normalized="batal",
                          sex="F", birth_date=date(2024, 1, 1)))
    db.session.flush()
    savepoint.rollback()  # a rejected op: its row is gone and it gets no sequence
    db.session.commit()
    assert current_sequence() == before + 3
