"""Roster import: the check shows every row's fate in Indonesian and writes nothing; confirming imports only the new
rows, audited, into the change log the phones pull; hostile files are refused whole."""
import io
import re
import zipfile

from openpyxl import Workbook
from sqlalchemy import select

from posyandu_app.extensions import db
from posyandu_app.models import AuditLog, ChangeLog, Person

from tests.api.sync_helpers import pull_all
from tests.factories import login

from .review_helpers import Session, build_world

HEADER = "nama,jenis_kelamin,tanggal_lahir,nik,nama_ibu,alamat,rt,rw,dusun,telepon,posyandu\n"


def _token(page):
    return re.search(r'name="token"[^>]*value="([^"]+)"', page).group(1)


def _upload(session, content: bytes, name="sasaran.csv", posyandu=""):
    return session.client.post("/admin/roster", data={"csrf_token": session.token, "posyandu": posyandu,
                                                      "file": (io.BytesIO(content), name)},
                               content_type="multipart/form-data")


def _csv(world, existing):
    code = world.posyandu.code
    return (HEADER
            + f"Ani Lestari,P,04/12/2024,,Rina,Jl. Mawar 1,001,002,Sukamaju,081234567890,{code}\n"
            + f"Budi Santoso,L,2024-10-01,,Sari,,,,,,{code}\n"
            + f"Citra,X,31/02/2024,123,,,,,,,{code}\n"                               # sex and date invalid
            + f"Dewi Ganda,P,01/01/2024,{existing.nik},,,,,,,{code}\n"               # same NIK as a stored person
            + f"Ani Lestari,P,04/12/2024,,Rina,,,,,,{code}\n"                       # repeats row 2
            + f"Eko Jauh,L,01/01/2024,,,,,,,,{world.foreign_posyandu.code}\n"         # another puskesmas
            + f"Fajar,L,01/01/2024,,,=HYPERLINK(\"http://x\"),,,,,{code}\n").encode()  # a formula


def test_check_then_confirm_imports_only_the_new_rows(app, client, make):
    world = build_world(make)
    existing = make.person(world.posyandu, name="Dewi Asli", nik="3201014101240001")
    session = Session(client, world.supervisor)
    before = db.session.query(Person).count()
    response = _upload(session, _csv(world, existing))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 baru" in page and "3 tidak valid" in page and "2 kemungkinan ganda" in page
    for reason in ("Jenis kelamin harus L atau P.", "Tanggal itu tidak ada di kalender",
                   "NIK harus 16 angka", "Mirip dengan Dewi Asli", "Mirip dengan #2",
                   f"Posyandu dengan kode &#34;{world.foreign_posyandu.code}&#34; tidak ada di wilayah Anda.",
                   "Kolom alamat berisi rumus"):
        assert reason in page, reason
    assert db.session.query(Person).count() == before and db.session.query(AuditLog).count() == 0
    sequence = db.session.query(ChangeLog).count()
    response = session.post("/admin/roster/confirm", {"token": _token(page)})
    assert response.status_code == 303
    assert "2 sasaran diimpor" in session.get("/admin/roster").get_data(as_text=True)
    names = sorted(p.name for p in db.session.scalars(select(Person).where(Person.created_by_id == world.supervisor.id)))
    assert names == ["Ani Lestari", "Budi Santoso"]
    ani = db.session.scalar(select(Person).where(Person.name == "Ani Lestari"))
    assert (ani.sex, ani.birth_date.isoformat(), ani.rt, ani.posyandu_id) == ("F", "2024-12-04", "001", world.posyandu.id)
    assert db.session.query(ChangeLog).count() == sequence + 2
    # The posyandu's kader gets them at the next pull, whole (defaults as a phone registration would have them).
    kader_phone = app.test_client()
    login(kader_phone, world.kader)
    pulled = {change["data"]["name"]: change["data"] for change, in zip(pull_all(kader_phone)[0])
              if change["entity"] == "person" and change["data"]}
    assert {"Ani Lestari", "Budi Santoso"} <= set(pulled)
    assert (pulled["Ani Lestari"]["phone"], pulled["Ani Lestari"]["has_kia_book"], pulled["Ani Lestari"]["version"]) \
        == ("081234567890", True, 1)
    creates = db.session.scalars(select(AuditLog).where(AuditLog.action == "create", AuditLog.entity == "person")).all()
    assert len(creates) == 2 and all(row.user_id == world.supervisor.id for row in creates)
    summary = db.session.scalar(select(AuditLog).where(AuditLog.action == "import"))
    assert summary.after["created"] == 2 and summary.after["invalid"] == 3 and summary.after["duplicate"] == 2
    # The token is spent: confirming again imports nothing more.
    assert session.post("/admin/roster/confirm", {"token": _token(page)}).status_code == 404
    assert db.session.query(Person).count() == before + 2


def test_xlsx_with_a_default_posyandu(client, make):
    world = build_world(make)
    book = Workbook()
    sheet = book.active
    sheet.append(["Nama", "Jenis Kelamin", "Tanggal Lahir", "NIK"])
    sheet.append(["Gita", "P", "05/06/2023", 3201014506230001])
    sheet.append(["Hadi", "L", None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    session = Session(client, world.supervisor)
    page = _upload(session, buffer.getvalue(), "sasaran.xlsx", str(world.posyandu.id)).get_data(as_text=True)
    assert "1 baru" in page and "Tanggal lahir wajib diisi." in page
    assert session.post("/admin/roster/confirm", {"token": _token(page)}).status_code == 303
    gita = db.session.scalar(select(Person).where(Person.name == "Gita"))
    assert gita.nik == "3201014506230001" and gita.posyandu_id == world.posyandu.id


def test_hostile_files_are_refused_whole(client, make):
    world = build_world(make)
    session = Session(client, world.supervisor)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (40 * 1024 * 1024))
    cases = [
        ((HEADER + "Ani,P,01/01/2024\n").encode("utf-16"), "a.csv", "pengodean UTF-8"),
        ("nama;jenis_kelamin;tanggal_lahir\nÁni;P;01/01/2024\n".encode("cp1252"), "a.csv", "pengodean UTF-8"),
        (bomb.getvalue(), "bom.xlsx", "terlalu besar setelah dibuka"),
        (b"PK\x03\x04 not really a zip", "x.xlsx", "Berkas tidak dapat dibaca"),
        (b"%PDF-1.4", "x.pdf", "Berkas tidak dapat dibaca"),
        (b"foo,bar\n1,2\n", "a.csv", "Baris pertama harus berisi judul kolom"),
        (HEADER.encode() + b"Ani,P,01/01/2024\n" * 20_001, "many.csv", "lebih dari 20000 baris"),
        (HEADER.encode() + b"Ani,P,01/01/2024\n" * 250_000, "big.csv", None),  # over the 4 MB roster limit: 413
    ]
    for content, name, message in cases:
        response = _upload(session, content, name, str(world.posyandu.id))
        if message is None:
            assert response.status_code == 413
        else:
            assert response.status_code == 400 and message in response.get_data(as_text=True), name
    assert db.session.query(Person).count() == 0


def test_a_register_of_twenty_thousand_persons_is_taken_though_over_the_apps_1_mb(client, make):
    """~1.7 MB: more than any other request may carry (the sync push stays at 1 MB), within the roster's 4 MB."""
    world = build_world(make)
    session = Session(client, world.supervisor)
    rows = "".join(f"Anak Ke {n},{'LP'[n % 2]},{1 + n % 28:02d}/{1 + n % 12:02d}/{2010 + n % 15},,Ibu Ke {n},"
                   f"Jl. Melati No. {n},{n % 20:03d},{n % 9:03d},Dusun Sukamaju,08{n:010d},{world.posyandu.code}\n"
                   for n in range(20_000))
    content = (HEADER + rows).encode()
    assert 1024 * 1024 < len(content) < 4 * 1024 * 1024
    page = _upload(session, content, "register.csv").get_data(as_text=True)
    assert "Impor 20000 sasaran baru" in page.replace(".", "")
    pushed = session.client.post("/api/v1/sync/push", data=b"x" * (1024 * 1024 + 1),
                                 headers={"X-CSRFToken": session.token, "Content-Type": "application/json"})
    assert pushed.status_code == 413  # the exception is the roster's alone


def test_row_cap(client, make, monkeypatch):
    from posyandu_app.services.admin import roster_file
    monkeypatch.setattr(roster_file, "MAX_ROWS", 3)
    world = build_world(make)
    response = _upload(Session(client, world.supervisor), (HEADER + "Ani,P,01/01/2024\n" * 4).encode(), "a.csv",
                       str(world.posyandu.id))
    assert response.status_code == 400 and "lebih dari 3 baris" in response.get_data(as_text=True)


def test_another_users_token_and_other_roles(app, client, make):
    world = build_world(make)
    page = _upload(Session(client, world.supervisor), (HEADER + "Ani,P,01/01/2024\n").encode(), "a.csv",
                   str(world.posyandu.id)).get_data(as_text=True)
    other = Session(app.test_client(), world.admin)
    assert other.post("/admin/roster/confirm", {"token": _token(page)}).status_code == 404
    bidan = Session(app.test_client(), world.bidan)
    assert bidan.get("/admin/roster").status_code == 403
    assert bidan.get("/admin/roster/template.csv").status_code == 403
    assert db.session.query(Person).count() == 0


def test_template_downloads(client, make):
    world = build_world(make)
    response = Session(client, world.supervisor).get("/admin/roster/template.csv")
    assert response.status_code == 200 and response.get_data(as_text=True).lstrip("\ufeff").startswith(
        "nama,jenis_kelamin,tanggal_lahir,nik,nama_ibu")
