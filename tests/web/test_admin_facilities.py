"""Facilities pages: a district admin builds puskesmas → pustu → desa → posyandu; supervisors stay in their
puskesmas; every change leaves an audit row; refusals are explained in Indonesian."""
from sqlalchemy import select

from posyandu_app.extensions import db
from posyandu_app.models import AuditLog, Desa, Facility, FacilityKind

from .review_helpers import Session, build_world, user


def _audit(entity, action):
    return list(db.session.scalars(select(AuditLog).where(AuditLog.entity == entity, AuditLog.action == action)))


def _facility(code):
    return db.session.scalar(select(Facility).where(Facility.code == code))


def test_district_admin_builds_the_hierarchy_from_empty(client, make):
    admin = user("admin", None)
    session = Session(client, admin)
    page = session.get("/admin/facilities").get_data(as_text=True)
    assert "Belum ada puskesmas." in page and "Tambah puskesmas" in page
    response = session.post("/admin/facilities/new", {"code": "pkm-sks", "name": "Puskesmas Sukasari",
                                                      "kecamatan": "Sukasari", "kabupaten": "Kab. Bogor"})
    assert response.status_code == 303
    pkm = _facility("PKM-SKS")  # codes are stored in capitals
    assert pkm.kind == FacilityKind.PUSKESMAS and pkm.kecamatan == "Sukasari"
    assert session.post(f"/admin/facilities/{pkm.id}/new", {"code": "PST-1", "name": "Pustu Satu"}).status_code == 303
    pustu = _facility("PST-1")
    assert pustu.parent_id == pkm.id and pustu.kabupaten == "Kab. Bogor"
    assert session.post(f"/admin/facilities/{pustu.id}/desa/new",
                        {"region_code": "32.01.01.2001", "name": "Sukasari"}).status_code == 303
    desa = db.session.scalar(select(Desa))
    assert desa.pustu_id == pustu.id and not desa.kelurahan
    assert session.post(f"/admin/facilities/{pustu.id}/new",
                        {"code": "POS-1", "name": "Posyandu Melati", "desa": str(desa.id)}).status_code == 303
    posyandu = _facility("POS-1")
    assert posyandu.parent_id == pustu.id and posyandu.desa_id == desa.id and posyandu.kind == FacilityKind.POSYANDU
    page = session.get("/admin/facilities").get_data(as_text=True)
    assert all(text in page for text in ("Puskesmas Sukasari", "Pustu Satu", "32.01.01.2001", "Posyandu Melati"))
    created = _audit("facility", "create")
    assert [row.after["code"] for row in created] == ["PKM-SKS", "PST-1", "POS-1"]
    assert all(row.user_id == admin.id for row in created)
    assert _audit("desa", "create")[0].after["region_code"] == "32.01.01.2001"


def test_validation_errors_are_in_indonesian_and_change_nothing(client, make):
    world = build_world(make)
    session = Session(client, world.admin)
    before = db.session.query(Facility).count()
    response = session.post(f"/admin/facilities/{world.pustu.id}/new", {"code": "pos 1!", "name": "X"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Kode hanya boleh huruf besar" in page and "Nama harus 2–120 karakter." not in page  # one error at a time
    response = session.post(f"/admin/facilities/{world.pustu.id}/new", {"code": world.posyandu.code, "name": "Baru"})
    assert response.status_code == 400 and f"Kode &#34;{world.posyandu.code}&#34; sudah dipakai" in response.get_data(as_text=True)
    response = session.post(f"/admin/facilities/{world.pustu.id}/desa/new", {"region_code": "3201012001", "name": "Desa"})
    assert response.status_code == 400 and "32.01.01.2001" in response.get_data(as_text=True)
    response = session.post(f"/admin/facilities/{world.pustu.id}/new", {"code": "", "name": ""})
    assert response.status_code == 400 and "Wajib diisi." in response.get_data(as_text=True)
    assert db.session.query(Facility).count() == before and db.session.query(Desa).count() == 0
    assert db.session.query(AuditLog).count() == 0


def test_supervisor_manages_only_their_puskesmas(client, make):
    world = build_world(make)
    session = Session(client, world.supervisor)
    assert session.get("/admin/facilities/new").status_code == 403  # new puskesmas: district admin only
    page = session.get("/admin/facilities").get_data(as_text=True)
    assert "Pustu Sukamaju" in page and world.foreign_posyandu.name not in page
    assert session.post(f"/admin/facilities/{world.puskesmas.id}/new", {"code": "PST-NEW", "name": "Pustu Baru"}
                        ).status_code == 303
    foreign_pustu = world.foreign_posyandu.parent
    assert session.post(f"/admin/facilities/{foreign_pustu.id}/new", {"code": "POS-X", "name": "Posyandu X"}
                        ).status_code == 404
    assert session.post(f"/admin/facilities/{world.foreign_posyandu.id}/rename", {"code": "HACK", "name": "Hack"}
                        ).status_code == 404
    # Moving her posyandu into another puskesmas's pustu is refused like a missing pustu.
    response = session.post(f"/admin/facilities/{world.posyandu.id}/move", {"parent": str(foreign_pustu.id)})
    assert response.status_code == 400 and "Pilih pustu yang masih buka di wilayah Anda." in response.get_data(as_text=True)
    db.session.expire_all()
    assert world.posyandu.parent_id == world.pustu.id and world.foreign_posyandu.name == "Posyandu Jauh"
    assert _facility("POS-X") is None
    # Her puskesmas itself is the district's to rename or close.
    response = session.post(f"/admin/facilities/{world.puskesmas.id}/rename", {"code": "PKM-X", "name": "Baru"})
    assert response.status_code == 400 and "Hanya admin kabupaten" in response.get_data(as_text=True)
    db.session.expire_all()
    assert world.puskesmas.name == "Puskesmas Sukamaju"


def test_rename_and_move_keep_before_and_after(client, make):
    world = build_world(make)
    session = Session(client, world.supervisor)
    assert session.post(f"/admin/facilities/{world.posyandu.id}/rename",
                        {"code": "POS-MWR", "name": "Posyandu Mawar Indah"}).status_code == 303
    assert session.post(f"/admin/facilities/{world.posyandu.id}/move",
                        {"parent": str(world.other_pustu.id)}).status_code == 303
    db.session.expire_all()
    assert world.posyandu.name == "Posyandu Mawar Indah" and world.posyandu.parent_id == world.other_pustu.id
    rename, = _audit("facility", "rename")
    assert rename.before["name"] == "Posyandu Mawar" and rename.after["code"] == "POS-MWR"
    move, = _audit("facility", "move")
    assert (move.before["parent_id"], move.after["parent_id"]) == (world.pustu.id, world.other_pustu.id)
    assert move.user_id == world.supervisor.id


def test_a_posyandu_desa_must_belong_to_its_pustu(client, make):
    world = build_world(make)
    session = Session(client, world.admin)
    session.post(f"/admin/facilities/{world.other_pustu.id}/desa/new", {"region_code": "32.01.01.2002", "name": "Cibodas"})
    other_desa = db.session.scalar(select(Desa))
    response = session.post(f"/admin/facilities/{world.pustu.id}/new",
                            {"code": "POS-Z", "name": "Posyandu Z", "desa": str(other_desa.id)})
    assert response.status_code == 400 and "termasuk wilayah pustu induknya" in response.get_data(as_text=True)
    assert _facility("POS-Z") is None


def test_close_refuses_while_accounts_or_children_are_open(client, make):
    world = build_world(make)
    session = Session(client, world.admin)
    session.post(f"/admin/facilities/{world.posyandu.id}/close")
    page = session.get("/admin/facilities").get_data(as_text=True)
    assert "Masih ada akun aktif di fasilitas ini" in page
    session.post(f"/admin/facilities/{world.pustu.id}/close")
    assert "Tutup dulu semua fasilitas dan desa di bawahnya." in session.get("/admin/facilities").get_data(as_text=True)
    db.session.expire_all()
    assert world.posyandu.closed_at is None and world.pustu.closed_at is None
    assert _audit("facility", "close") == []
    empty = make.posyandu(world.pustu, name="Posyandu Kosong")
    assert session.post(f"/admin/facilities/{empty.id}/close").status_code == 303
    db.session.expire_all()
    assert empty.closed_at is not None and _audit("facility", "close")[0].record_id == str(empty.id)
    # A closed posyandu takes no new desa link and is not offered as a parent.
    assert "Ditutup" in session.get("/admin/facilities").get_data(as_text=True)


def test_kader_and_bidan_cannot_reach_the_pages(client, make):
    world = build_world(make)
    for account in (world.kader, world.bidan):
        session = Session(client, account)
        assert session.get("/admin/facilities").status_code == 403
        assert session.post(f"/admin/facilities/{world.posyandu.id}/rename", {"code": "X1", "name": "Xx"}).status_code == 403
