"""The SATUSEHAT sending page: in Bahasa Indonesia (English on request), counts and dead letters with the server's
reason in the viewer's scope, requeue, and only the district admin switches sending (audited)."""
from sqlalchemy import select

from posyandu_app.extensions import db
from posyandu_app.models import AuditLog, FhirOutbound
from posyandu_app.services import audit
from posyandu_app.services.integration import fhir_settings

from .review_helpers import Session, build_world


def _row(posyandu, status, error=None):
    row = FhirOutbound(resource_type="Observation", resource_id=f"id-{posyandu.id}-{status}", content_hash="h",
                       rank=4, source="growth/x", posyandu_id=posyandu.id, identifier_system="s",
                       identifier_value=f"growth/{posyandu.id}/{status}", resource={}, status=status, attempts=1,
                       last_error=error)
    db.session.add(row)
    db.session.commit()
    return row


def test_the_supervisor_sees_the_queue_and_the_reason_of_a_refusal_in_indonesian(client, make):
    world = build_world(make)
    dead = _row(world.posyandu, "dead", "HTTP 422: error invalid Nilai berat badan di luar rentang")
    _row(world.posyandu, "pending")
    _row(world.foreign_posyandu, "dead", "HTTP 422: rahasia puskesmas lain")
    session = Session(client, world.supervisor)
    page = session.get("/admin/fhir").get_data(as_text=True)
    assert "Pengiriman data ke SATUSEHAT (FHIR)" in page and "Mati: tidak ada data yang dikirim" in page
    assert "Nilai berat badan di luar rentang" in page and "Posyandu Mawar" in page
    assert "rahasia puskesmas lain" not in page  # another puskesmas's dead letter
    assert "Hanya admin kabupaten" in page and "Aktifkan pengiriman" not in page
    assert 'href="/admin/fhir"' in session.get("/").get_data(as_text=True)  # in the navigation
    response = session.post(f"/admin/fhir/{dead.id}/requeue")
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(FhirOutbound, dead.id).status == "pending"
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "fhir_requeue"))
    assert entry.user_id == world.supervisor.id and entry.before["error"].endswith("di luar rentang")
    client.get("/lang/en")
    assert "Sending data to SATUSEHAT (FHIR)" in session.get("/admin/fhir").get_data(as_text=True)


def test_only_the_district_admin_switches_sending_and_it_is_audited(client, make):
    world = build_world(make)
    assert Session(client, world.supervisor).post("/admin/fhir/sending").status_code == 403
    assert not fhir_settings.sending_enabled()
    admin = Session(client, world.admin)
    assert "Aktifkan pengiriman" in admin.get("/admin/fhir").get_data(as_text=True)
    assert admin.post("/admin/fhir/sending").status_code == 303
    assert fhir_settings.sending_enabled()
    page = admin.get("/admin/fhir").get_data(as_text=True)
    assert "Matikan pengiriman" in page and "Aktif" in page
    assert admin.post("/admin/fhir/sending").status_code == 303
    assert not fhir_settings.sending_enabled()
    switches = db.session.scalars(select(AuditLog).where(AuditLog.action == "fhir_setting")
                                  .order_by(AuditLog.id)).all()
    assert [entry.after for entry in switches] == [{"on": True}, {"on": False}]


def test_what_was_sent_shows_in_the_audit_log(client, make):
    world = build_world(make)
    audit.record(None, "fhir_send", "fhir", None, after={"endpoint": "https://fhir.example", "sent": [1, 2, 3]})
    db.session.commit()
    page = Session(client, world.admin).get("/admin/audit").get_data(as_text=True)
    assert "Dikirim ke SATUSEHAT (FHIR)" in page and "Integrasi FHIR" in page
