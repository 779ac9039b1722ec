"""The sender: collects new verified visits into the queue, then sends due rows in batches, dependencies first
(Organization, Location, Patient, Encounter, then Observation/ServiceRequest). Each row is committed as soon as its
answer is known, so a worker killed mid-batch resumes where it stopped; what it sent without recording is matched
again by conditional create (If-None-Exist on our identifier), never duplicated."""
import re
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from ...extensions import db
from ...fhir.mapping import system
from ...fhir.resources import Context
from ...models import FhirOutbound
from .. import audit
from . import fhir_queue, fhir_settings
from .fhir_client import Answer, FhirClient, FhirConfig, outcome_text

REFERENCE = re.compile(r"^(Organization|Location|Patient|Encounter)/([0-9a-f-]{36})$")
RETRY = {0, 408, 429}  # no answer, timeout, throttled: try again later (and every 5xx)


def _due(now: datetime, limit: int) -> list[FhirOutbound]:
    return list(db.session.scalars(select(FhirOutbound).where(
        FhirOutbound.status.in_(fhir_queue.OPEN),
        or_(FhirOutbound.next_attempt_at.is_(None), FhirOutbound.next_attempt_at <= now))
        .order_by(FhirOutbound.rank, FhirOutbound.id).limit(limit)))


def _server_id(resource_id: str) -> str | None:
    return db.session.scalar(select(FhirOutbound.server_id).where(
        FhirOutbound.resource_id == resource_id, FhirOutbound.status == "sent",
        FhirOutbound.server_id.is_not(None)).order_by(FhirOutbound.id.desc()).limit(1))


def _with_server_references(value):
    """The body with our references (Patient/<our id>) turned into the server's; None while one is unsent."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "reference" and isinstance(item, str) and (found := REFERENCE.match(item)):
                server = _server_id(found.group(2))
                if server is None:
                    return None
                out[key] = f"{found.group(1)}/{server}"
            else:
                converted = _with_server_references(item)
                if converted is None and item is not None:
                    return None
                out[key] = converted
        return out
    if isinstance(value, list):
        items = [_with_server_references(item) for item in value]
        return None if any(i is None for i, raw in zip(items, value) if raw is not None) else items
    return value


def _nik_match(client: FhirClient, row: FhirOutbound, now) -> str | None:
    """SATUSEHAT's Master Patient Index: a Patient with this NIK already there gives its IHS number (its id)."""
    nik = next((i["value"] for i in row.resource.get("identifier", []) if i["system"] == system("nik")), None)
    if not nik:
        return None
    answer = client.request("GET", f"Patient?identifier={system('nik')}|{nik}", now)
    entries = (answer.body or {}).get("entry") or [] if answer.status == 200 else []
    return entries[0]["resource"]["id"] if len(entries) == 1 else None


def _send(client: FhirClient, row: FhirOutbound, body: dict, now) -> Answer:
    earlier = _server_id(row.resource_id)
    if earlier:  # sent before with other content (a correction): update it in place
        return client.request("PUT", f"{row.resource_type}/{earlier}", now, {**body, "id": earlier})
    body = {key: value for key, value in body.items() if key != "id"}  # the server names new resources
    return client.request("POST", row.resource_type, now, body,
                          {"If-None-Exist": f"identifier={row.identifier_system}|{row.identifier_value}"})


def _record(row: FhirOutbound, answer: Answer, config: FhirConfig, now) -> str:
    row.attempts += 1
    row.updated_at = now
    if answer.status in (200, 201):
        location = (answer.location or "").split("/_history")[0].rstrip("/").rsplit("/", 1)[-1]
        row.status, row.sent_at, row.last_error = "sent", now, None
        row.server_id = (answer.body or {}).get("id") or location or row.server_id
        return "sent"
    row.last_error = outcome_text(answer)
    if answer.status not in RETRY and answer.status < 500:  # the server refused this resource: a person must look
        row.status = "dead"
    elif row.attempts >= config.max_attempts:
        row.status = "dead"
    else:
        row.status = "failed"
        row.next_attempt_at = now + timedelta(seconds=config.backoff_seconds * 2 ** (row.attempts - 1))
    return row.status


def run_once(config: FhirConfig, now: datetime, client: FhirClient | None = None, max_batches: int = 100) -> dict:
    """One pass: nothing when sending is off or unconfigured; else collect, then send due rows batch by batch."""
    totals = {"sent": 0, "failed": 0, "dead": 0, "waiting": 0, "queued": 0}
    if not fhir_settings.sending_enabled():
        return {**totals, "skipped": "off"}
    if not config.complete:
        return {**totals, "skipped": "unconfigured"}
    totals["queued"] = fhir_queue.collect(config.puskesmas, Context(config.org_id))
    client = client or FhirClient(config)
    tried: set[int] = set()
    for _ in range(max_batches):
        batch = [row for row in _due(now, config.batch_size + len(tried)) if row.id not in tried][:config.batch_size]
        if not batch:
            break
        done = {"sent": [], "failed": [], "dead": []}
        for row in batch:
            tried.add(row.id)
            body = _with_server_references(row.resource)
            if body is None:  # what it refers to is not sent yet (or is a dead letter): wait
                totals["waiting"] += 1
                continue
            matched = _nik_match(client, row, now) if row.resource_type == "Patient" else None
            answer = Answer(200, {"id": matched}) if matched else _send(client, row, body, now)
            outcome = _record(row, answer, config, now)
            done[outcome].append(row.id)
            totals[outcome] += 1
            db.session.commit()  # each answer is kept at once: a killed worker loses at most the one in flight
        if any(done.values()):
            audit.record(None, "fhir_send", "fhir", None, after={
                "endpoint": config.base_url, **{key: ids for key, ids in done.items() if ids}})
            db.session.commit()
    return totals
