"""`flask facility …` builds a puskesmas from a script as the set-up pages do: audited, validated, refusals worded."""
from sqlalchemy import select

from posyandu_app.extensions import db
from posyandu_app.models import AuditLog, Desa, Facility, FacilityKind


def run(app, *args):
    return app.test_cli_runner().invoke(args=["facility", *args])


def test_a_puskesmas_is_set_up_from_a_script(app):
    steps = [("add", "puskesmas", "PKM-SKS", "Puskesmas Sukasari", "--kecamatan", "Sukasari"),
             ("add", "pustu", "PST-SKS", "Pustu Sukasari", "--parent", "PKM-SKS"),
             ("add-desa", "PST-SKS", "32.01.01.2001", "Sukasari"),
             ("add", "posyandu", "POS-MLT", "Posyandu Melati", "--parent", "PST-SKS", "--desa", "32.01.01.2001")]
    for step in steps:
        result = run(app, *step)
        assert result.exit_code == 0, result.output
    posyandu = db.session.scalar(select(Facility).where(Facility.code == "POS-MLT"))
    assert posyandu.kind == FacilityKind.POSYANDU and posyandu.parent.code == "PST-SKS"
    assert posyandu.desa_id == db.session.scalar(select(Desa.id)) and posyandu.kecamatan == "Sukasari"
    assert db.session.scalar(select(AuditLog.action).where(AuditLog.entity == "facility",
                                                           AuditLog.record_id == str(posyandu.id))) == "create"
    listing = run(app, "list").output
    assert listing.index("puskesmas PKM-SKS") < listing.index("  pustu PST-SKS") < listing.index("    posyandu POS-MLT")
    assert "desa 32.01.01.2001 · Sukasari" in listing


def test_refusals_are_worded_and_change_nothing(app):
    assert run(app, "add", "puskesmas", "PKM-A", "Puskesmas A").exit_code == 0
    again = run(app, "add", "puskesmas", "PKM-A", "Puskesmas Lain")
    assert again.exit_code != 0 and 'Kode "PKM-A" sudah dipakai fasilitas lain.' in again.output
    wrong_parent = run(app, "add", "posyandu", "POS-X", "Posyandu X", "--parent", "PKM-A")  # a posyandu hangs on a pustu
    assert wrong_parent.exit_code != 0 and "Pilih pustu yang masih buka" in wrong_parent.output
    assert run(app, "add", "pustu", "PST-X", "Pustu X", "--parent", "NOPE").exit_code != 0
    assert sorted(db.session.scalars(select(Facility.code))) == ["PKM-A"]


def test_a_facility_with_open_posyandu_is_not_closed(app):
    for step in (("add", "puskesmas", "PKM-B", "Puskesmas B"), ("add", "pustu", "PST-B", "Pustu B", "--parent", "PKM-B"),
                 ("add", "posyandu", "POS-B", "Posyandu B", "--parent", "PST-B")):
        assert run(app, *step).exit_code == 0
    refused = run(app, "close", "PST-B")
    assert refused.exit_code != 0 and "Tutup dulu semua fasilitas" in refused.output
    assert run(app, "close", "POS-B").exit_code == 0 and run(app, "close", "PST-B").exit_code == 0
    assert "(closed)" in run(app, "list").output
