"""The FHIR outbound queue against a FHIR server on loopback: off by default, exactly once through 503s and an
expired token, a killed worker resumes without duplicates, a rejected resource becomes a dead letter with the
server's reason, nothing outside the configured puskesmas leaves, a correction updates in place."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from posyandu_app.extensions import db
from posyandu_app.fhir.mapping import system
from posyandu_app.models import AuditLog, FhirOutbound
from posyandu_app.services.integration import fhir_queue, fhir_settings, fhir_worker
from posyandu_app.services.integration.fhir_client import FhirClient, FhirConfig

from ..fhir_helpers import validate, verified_visits
from ..fhir_server import FakeFhir
from ..web.review_helpers import build_world

DAY = date(2026, 11, 10)
NOW = datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
def server():
    with FakeFhir() as fake:
        yield fake


@pytest.fixture
def world(make):
    world = build_world(make)
    world.visits = verified_visits(make, world.posyandu, DAY)
    verified_visits(make, world.foreign_posyandu, DAY)  # another puskesmas: never configured
    return world


def _config(server, world, **kw):
    return FhirConfig(server.url, server.url + "/oauth2/v1/accesstoken?grant_type=client_credentials", "klien",
                      "rahasia", "100000001", (world.puskesmas.code,), **{"batch_size": 10, **kw})


def _drain(config, now=NOW, client=None, passes=12):
    """Run the worker pass after pass, a day apart, until nothing is left to send."""
    for n in range(passes):
        fhir_worker.run_once(config, now + timedelta(days=n), client)
        if not db.session.scalar(select(FhirOutbound.id).where(FhirOutbound.status.in_(("pending", "failed")))):
            return n + 1
    return passes


def _rows(status=None):
    query = select(FhirOutbound)
    return list(db.session.scalars(query.where(FhirOutbound.status == status) if status else query))


def _no_duplicates(server):
    for kind, resources in server.store.items():
        keys = [(i["system"], i["value"]) for r in resources.values() for i in r["identifier"][:1]]
        assert len(keys) == len(set(keys)), kind


def test_nothing_is_sent_until_an_administrator_turns_sending_on(world, server):
    config = _config(server, world)
    assert fhir_worker.run_once(config, NOW)["skipped"] == "off"
    assert server.writes == [] and server.token_requests == 0 and _rows() == []
    with pytest.raises(fhir_settings.NotAllowed):
        fhir_settings.set_sending(world.supervisor, True)
    fhir_settings.set_sending(world.admin, True)
    assert fhir_worker.run_once(config, NOW)["sent"] > 0
    switched = db.session.scalar(select(AuditLog).where(AuditLog.action == "fhir_setting"))
    assert (switched.user_id, switched.after) == (world.admin.id, {"on": True})


def test_every_resource_arrives_exactly_once_through_503s_and_an_expired_token(world, server):
    fhir_settings.set_sending(world.admin, True)
    server.unavailable = 3
    server.expire_token_once = True
    passes = _drain(_config(server, world))
    rows = _rows()
    assert passes >= 2 and {row.status for row in rows} == {"sent"}
    assert any(row.attempts == 2 for row in rows)  # the 503s were retried after their backoff
    assert server.token_requests == passes + 1  # one token a pass, and the one that expired early renewed once
    assert server.count("Patient") == 3 and server.count("Encounter") == 3 and server.count("Location") == 1
    assert server.count("Observation") + server.count("ServiceRequest") == len(
        [r for r in rows if r.resource_type in ("Observation", "ServiceRequest")])
    _no_duplicates(server)
    for kind in server.store:
        for resource in server.store[kind].values():
            validate(resource)
    writes = len(server.writes)
    fhir_worker.run_once(_config(server, world), NOW + timedelta(days=30))
    assert len(server.writes) == writes  # nothing resent
    sent = db.session.scalars(select(AuditLog).where(AuditLog.action == "fhir_send")).all()
    assert sum(len(entry.after.get("sent", [])) for entry in sent) == len(rows)


def test_nothing_outside_the_configured_puskesmas_is_sent(world, server):
    fhir_settings.set_sending(world.admin, True)
    _drain(_config(server, world))
    places = {r["name"] for r in server.store["Location"].values()}
    assert places == {"Posyandu Mawar"}
    assert {p["identifier"][-1]["value"] for p in server.store["Patient"].values()} == \
        {v.person_id for v in world.visits}
    assert db.session.scalar(select(FhirOutbound.id).where(FhirOutbound.posyandu_id == world.foreign_posyandu.id)) is None


class Killed(Exception):
    pass


class DyingClient(FhirClient):
    """Dies right after the server answered its n-th write, before the worker records the answer."""

    def __init__(self, config, after):
        super().__init__(config)
        self.left = after

    def request(self, method, path, now, body=None, headers=None):
        answer = super().request(method, path, now, body, headers)
        if method in ("POST", "PUT"):
            self.left -= 1
            if self.left == 0:
                raise Killed()
        return answer


def test_a_worker_killed_mid_batch_resumes_without_duplicates(world, server):
    fhir_settings.set_sending(world.admin, True)
    config = _config(server, world)
    with pytest.raises(Killed):
        fhir_worker.run_once(config, NOW, DyingClient(config, after=7))
    db.session.rollback()
    assert 0 < len(_rows("sent")) < len(_rows())
    _drain(config, NOW + timedelta(minutes=5))
    assert {row.status for row in _rows()} == {"sent"}
    _no_duplicates(server)
    # the write in flight when it died was made on the server but not recorded: matched on resend, not re-created
    assert any(method == "POST" and status == 200 for method, _, status in server.writes)
    assert server.count("Encounter") == 3


def test_a_rejected_resource_becomes_a_dead_letter_with_the_servers_reason(world, server, client):
    fhir_settings.set_sending(world.admin, True)
    server.reject = lambda r: "Nilai berat badan di luar rentang" if r.get("valueQuantity", {}).get("value") == 7.1 else None
    _drain(_config(server, world))
    dead = _rows("dead")
    assert len(dead) == 1 and dead[0].resource_type == "Observation" and dead[0].attempts == 1
    assert "HTTP 422" in dead[0].last_error and "Nilai berat badan di luar rentang" in dead[0].last_error
    assert len(_rows("sent")) == len(_rows()) - 1
    shown = fhir_queue.status(world.supervisor)
    assert shown.counts["dead"] == 1 and shown.dead[0].id == dead[0].id and shown.last_success is not None
    assert fhir_queue.status(world.bidan).counts["dead"] == 1  # in the bidan's pustu
    server.reject = lambda r: None
    fhir_queue.requeue(world.supervisor, dead[0].id)
    _drain(_config(server, world), NOW + timedelta(days=20))
    assert {row.status for row in _rows()} == {"sent"}


def test_a_server_that_keeps_failing_ends_in_the_dead_letters(world, server):
    fhir_settings.set_sending(world.admin, True)
    server.unavailable = 10_000
    _drain(_config(server, world, max_attempts=3), passes=6)
    dead = _rows("dead")
    assert dead and all(row.attempts == 3 and "HTTP 503" in row.last_error for row in dead)
    assert server.count("Organization") == 0


def test_a_known_nik_uses_the_ihs_number_and_a_correction_updates_in_place(world, server, make):
    fhir_settings.set_sending(world.admin, True)
    server.mpi["3201010101240001"] = "P02478375538"
    _drain(_config(server, world))
    patient = db.session.scalar(select(FhirOutbound).where(FhirOutbound.resource_type == "Patient",
                                                           FhirOutbound.server_id == "P02478375538"))
    assert patient is not None and server.count("Patient") == 2  # the child was found, not created
    growth = world.visits[0]
    encounter = server.by_identifier("Encounter", system("visit_id"), f"growth/{growth.id}")[0]
    assert encounter["subject"]["reference"] == "Patient/P02478375538"
    observations = server.count("Observation")
    fixed = make.correction(growth, weight_kg=7.4)
    fixed.status = "verified"
    db.session.commit()
    _drain(_config(server, world), NOW + timedelta(days=40))
    assert server.count("Observation") == observations and server.count("Encounter") == 3
    assert ("PUT", "Observation", 200) in server.writes
    weights = [o["valueQuantity"]["value"] for o in server.store["Observation"].values()
               if o["code"]["coding"][0]["code"] == "29463-7"]
    assert 7.4 in weights and 7.1 not in weights
