"""`flask user …` manages accounts from a script as /admin/users does: temporary password printed once, sessions ended
on reset, deactivation and reassignment, refusals worded, everything audited."""
import re

from sqlalchemy import select

from posyandu_app.extensions import db
from posyandu_app.models import AuditLog, User
from tests.factories import login


def run(app, *args):
    return app.test_cli_runner().invoke(args=["user", *args])


def _password(output: str) -> str:
    return re.search(r"temporary password: (\S+)", output).group(1)


def test_an_account_is_created_reset_moved_and_deactivated_from_a_script(app, make):
    posyandu = make.posyandu(name="Posyandu Melati", code="POS-MLT")
    other = make.posyandu(posyandu.parent, name="Posyandu Mawar", code="POS-MWR")
    db.session.commit()
    created = run(app, "add", "kader.sri", "--role", "kader", "--facility", "pos-mlt", "--name", "Sri Lestari")
    assert created.exit_code == 0, created.output
    first = _password(created.output)
    sri = db.session.scalar(select(User).where(User.username == "kader.sri"))
    assert sri.facility_id == posyandu.id and sri.must_change_password

    phone = app.test_client()
    login(phone, sri, first)
    assert phone.get("/api/v1/auth/session").status_code in (200, 403)  # logged in (a new password is still due)
    reset = run(app, "reset-password", "kader.sri")
    assert reset.exit_code == 0 and _password(reset.output) != first
    assert phone.get("/api/v1/auth/session").status_code == 401  # the reset ended the phone's session

    moved = run(app, "reassign", "kader.sri", "POS-MWR")
    assert moved.exit_code == 0 and "POS-MWR" in moved.output
    db.session.expire_all()
    assert sri.facility_id == other.id
    second = app.test_client()
    login(second, sri, _password(reset.output))
    assert second.get("/api/v1/auth/session").status_code in (200, 403)
    assert run(app, "deactivate", "kader.sri").exit_code == 0
    db.session.expire_all()
    assert not sri.active and second.get("/api/v1/auth/session").status_code == 401
    assert "(inactive)" in run(app, "list", "--facility", "POS-MWR").output
    actions = set(db.session.scalars(select(AuditLog.action).where(AuditLog.entity == "user")))
    assert {"create", "reassign"} <= actions and len(actions) >= 4


def test_refusals_are_worded_and_change_nothing(app, make):
    pustu = make.pustu(name="Pustu Sukasari", code="PST-SKS")
    db.session.commit()
    wrong_kind = run(app, "add", "kader.x", "--role", "kader", "--facility", "PST-SKS", "--name", "Kader X")
    assert wrong_kind.exit_code != 0 and "posyandu" in wrong_kind.output
    assert run(app, "add", "kader.y", "--role", "kader", "--facility", "NOPE", "--name", "Kader Y").exit_code != 0
    assert run(app, "deactivate", "nobody").exit_code != 0
    assert db.session.query(User).count() == 0 and pustu.id
