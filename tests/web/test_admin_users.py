"""Accounts pages: a supervisor creates, resets, deactivates and reassigns accounts of her puskesmas only; the
temporary password is shown once on a slip; sessions end at once; every action is audited."""
import re

from sqlalchemy import select

from posyandu_app.extensions import db
from posyandu_app.models import AuditLog, User

from .review_helpers import Session, build_world

SLIP_PASSWORD = re.compile(r'class="slip-password">([^<]+)<')


def _audit(action):
    return list(db.session.scalars(select(AuditLog).where(AuditLog.entity == "user", AuditLog.action == action)))


def _api_login(client, username, password):
    return client.post("/api/v1/auth/login", json={"username": username, "password": password})


def test_supervisor_creates_a_kader_and_the_slip_password_logs_in_once(app, client, make):
    world = build_world(make)
    session = Session(client, world.supervisor)
    form = session.get("/admin/users/new").get_data(as_text=True)
    assert "Posyandu Mawar" in form and "Posyandu Jauh" not in form and 'value="admin"' not in form
    response = session.post("/admin/users/new", {"username": "Kader.Sri", "full_name": "Sri Lestari", "role": "kader",
                                                 "facility": str(world.posyandu.id)})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Slip masuk" in page and response.headers["Cache-Control"] == "no-store"
    password = SLIP_PASSWORD.search(page).group(1)
    created = db.session.scalar(select(User).where(User.username == "kader.sri"))
    assert created.facility_id == world.posyandu.id and created.must_change_password and created.active
    row, = _audit("create")
    assert row.user_id == world.supervisor.id and row.after["role"] == "kader" and password not in str(row.after)
    phone = app.test_client()
    answer = _api_login(phone, "kader.sri", password)
    assert answer.status_code == 200 and answer.get_json()["user"]["must_change_password"] is True


def test_refusals_are_explained_in_indonesian_and_create_nothing(client, make):
    world = build_world(make)
    session = Session(client, world.supervisor)
    count = db.session.query(User).count()
    cases = [
        ({"username": "sri", "full_name": "Sri", "role": "kader", "facility": str(world.pustu.id)},
         "Peran kader harus terhubung ke fasilitas jenis posyandu."),
        ({"username": "sri", "full_name": "Sri", "role": "kader", "facility": str(world.foreign_posyandu.id)},
         "Pilih fasilitas di wilayah Anda."),
        ({"username": "boss", "full_name": "Bos", "role": "admin", "facility": str(world.puskesmas.id)},
         "Anda tidak dapat memberi peran ini."),
        ({"username": world.kader.username, "full_name": "Sri", "role": "kader", "facility": str(world.posyandu.id)},
         "Nama pengguna sudah dipakai."),
        ({"username": "sri lestari!", "full_name": "Sri", "role": "kader", "facility": str(world.posyandu.id)},
         "Nama pengguna hanya boleh huruf"),
        ({"username": "", "full_name": "", "role": "kader", "facility": ""}, "Wajib diisi."),
        ({"username": "sri", "full_name": "Sri", "role": "bidan", "facility": ""},
         "Pilih fasilitas tempat akun ini bekerja."),
    ]
    for data, message in cases:
        response = session.post("/admin/users/new", data)
        assert response.status_code == 400 and message in response.get_data(as_text=True), message
    assert db.session.query(User).count() == count and _audit("create") == []


def test_a_district_admin_creates_another_district_admin(app, client, make):
    world = build_world(make)
    session = Session(client, world.admin)
    assert 'value="admin"' in session.get("/admin/users/new").get_data(as_text=True)
    tied = session.post("/admin/users/new", {"username": "admin.dua", "full_name": "Admin Dua", "role": "admin",
                                             "facility": str(world.puskesmas.id)})
    assert tied.status_code == 400 and "Admin kabupaten tidak terikat" in tied.get_data(as_text=True)
    response = session.post("/admin/users/new", {"username": "admin.dua", "full_name": "Admin Dua", "role": "admin",
                                                 "facility": ""})
    password = SLIP_PASSWORD.search(response.get_data(as_text=True)).group(1)
    created = db.session.scalar(select(User).where(User.username == "admin.dua"))
    assert created.role.value == "admin" and created.facility_id is None and created.must_change_password
    assert _api_login(app.test_client(), "admin.dua", password).status_code == 200
    assert _audit("create")[0].user_id == world.admin.id


def test_deactivating_a_kader_ends_her_session_at_once(app, client, make):
    world = build_world(make)
    phone = app.test_client()
    Session(phone, world.kader)
    assert phone.get("/api/v1/auth/session").status_code == 200
    session = Session(client, world.supervisor)
    assert session.post(f"/admin/users/{world.kader.id}/deactivate").status_code == 303
    assert phone.get("/api/v1/auth/session").status_code == 401
    db.session.expire_all()
    assert not world.kader.active
    row, = _audit("deactivate")
    assert row.user_id == world.supervisor.id and row.after == {"active": False}
    assert "Nonaktif" in session.get("/admin/users?status=inactive").get_data(as_text=True)
    assert session.post(f"/admin/users/{world.kader.id}/activate").status_code == 303
    db.session.expire_all()
    assert world.kader.active and len(_audit("activate")) == 1


def test_reset_shows_a_new_password_once_and_ends_sessions(app, client, make):
    world = build_world(make)
    phone = app.test_client()
    Session(phone, world.bidan)
    session = Session(client, world.supervisor)
    response = session.post(f"/admin/users/{world.bidan.id}/reset")
    assert response.status_code == 200
    password = SLIP_PASSWORD.search(response.get_data(as_text=True)).group(1)
    assert phone.get("/api/v1/auth/session").status_code == 401
    assert _api_login(app.test_client(), world.bidan.username, "rahasia-123").status_code == 401
    assert _api_login(app.test_client(), world.bidan.username, password).status_code == 200
    assert _audit("password_reset")[0].record_id == str(world.bidan.id)


def test_list_filters_and_scope(client, make):
    world = build_world(make)
    make.user("kader", make.posyandu(world.foreign_posyandu.parent), full_name="Kader Jauh")
    session = Session(client, world.supervisor)
    page = session.get("/admin/users").get_data(as_text=True)
    assert all(name in page for name in ("Kader Mawar", "Bidan Ani", "Supervisor Budi"))
    assert "Kader Jauh" not in page and "Admin Uji" not in page
    page = session.get("/admin/users?role=bidan").get_data(as_text=True)
    assert "Bidan Ani" in page and "Kader Mawar" not in page
    page = session.get(f"/admin/users?q=mawar&facility={world.posyandu.id}").get_data(as_text=True)
    assert "Kader Mawar" in page and "Bidan Ani" not in page
    assert "Kader Jauh" in Session(client, world.admin).get("/admin/users?q=jauh").get_data(as_text=True)


def test_no_one_acts_on_themselves_or_above_their_rank(client, make):
    world = build_world(make)
    session = Session(client, world.supervisor)
    session.post(f"/admin/users/{world.supervisor.id}/deactivate")
    assert "Anda tidak dapat mengubah akun Anda sendiri di sini." in session.get("/admin/users").get_data(as_text=True)
    assert session.post(f"/admin/users/{world.admin.id}/reset").status_code == 404
    db.session.expire_all()
    assert world.supervisor.active and _audit("deactivate") == [] and _audit("password_reset") == []


def test_reassign_moves_a_kader_and_ends_her_sessions(app, client, make):
    world = build_world(make)
    phone = app.test_client()
    Session(phone, world.kader)
    session = Session(client, world.supervisor)
    response = session.post(f"/admin/users/{world.kader.id}/reassign", {"facility": str(world.foreign_posyandu.id)})
    assert response.status_code == 400 and "Pilih fasilitas di wilayah Anda." in response.get_data(as_text=True)
    assert session.post(f"/admin/users/{world.kader.id}/reassign",
                        {"facility": str(world.sibling_posyandu.id)}).status_code == 303
    assert phone.get("/api/v1/auth/session").status_code == 401
    db.session.expire_all()
    assert world.kader.facility_id == world.sibling_posyandu.id
    row, = _audit("reassign")
    assert row.before == {"facility_id": world.posyandu.id} and row.after == {"facility_id": world.sibling_posyandu.id}
