"""The FHIR outbound queue: verified visits of the configured puskesmas become one row per resource (collect), the
status the supervisor sees (counts, dead letters with the server's reason, last success), and requeueing."""
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import func, select

from ...extensions import db
from ...fhir import bulk
from ...fhir.mapping import system
from ...fhir.resources import Context
from ...models import FhirOutbound, Role
from ...models.base import utcnow
from .. import audit, scope
from . import fhir_export

OPEN = ("pending", "failed")


def _hash(resource: dict) -> str:
    return hashlib.sha256(bulk.line(resource).encode()).hexdigest()


def _identifier(resource: dict) -> tuple[str, str]:
    """The identifier a conditional create matches on: ours for visits' resources, the first one else."""
    ours = [i for i in resource["identifier"] if i["system"] in (system("visit_id"), system("resource_id"),
                                                                  system("person_id"))]
    chosen = (ours or resource["identifier"])[0]
    return chosen["system"], chosen["value"]


def scope_posyandu(codes) -> list[int]:
    """The posyandu of the configured puskesmas; an unknown code adds nothing."""
    found = []
    for code in codes:
        try:
            found += fhir_export.posyandu_of_puskesmas(code)
        except fhir_export.NotFound:
            continue
    return found


def collect(codes, ctx: Context) -> int:
    """Queue the resources of verified visits not seen yet; a changed resource gets a new row (or refreshes its
    unsent one). Returns how many rows were added or refreshed. Idempotent: run again, nothing new."""
    seen = set(db.session.scalars(select(FhirOutbound.source).distinct()))
    rows = fhir_export.verified_visits(scope_posyandu(codes), skip_sources=seen)
    changed = 0
    for row, resource in fhir_export.resources_of(rows, ctx):
        digest = _hash(resource)
        exists = db.session.scalar(select(FhirOutbound.id).where(FhirOutbound.resource_id == resource["id"],
                                                                 FhirOutbound.content_hash == digest))
        if exists:
            continue
        unsent = db.session.scalar(select(FhirOutbound).where(FhirOutbound.resource_id == resource["id"],
                                                              FhirOutbound.status.in_(OPEN)))
        if unsent is not None:  # not sent yet: send the newer body instead
            unsent.resource, unsent.content_hash, unsent.updated_at = resource, digest, utcnow()
            changed += 1
            continue
        identifier_system, identifier_value = _identifier(resource)
        source = f"{row.entity}/{row.visit.id}" if row else f"facility/{resource['id']}"
        db.session.add(FhirOutbound(
            resource_type=resource["resourceType"], resource_id=resource["id"], content_hash=digest,
            rank=bulk.RANK[resource["resourceType"]], source=source,
            posyandu_id=row.visit.posyandu_id if row else None,  # facilities: the district admin's
            identifier_system=identifier_system, identifier_value=identifier_value, resource=resource,
            status="pending", attempts=0))
        db.session.flush()
        changed += 1
    db.session.commit()
    return changed


@dataclass
class Status:
    counts: dict
    last_success: object
    dead: list
    failed: list


def _scoped(user, query):
    if user.role == Role.ADMIN:
        return query
    return query.where(FhirOutbound.posyandu_id.in_(scope.posyandu_ids(user)))


def status(user, limit: int = 50) -> Status:
    counts = dict(db.session.execute(_scoped(user, select(FhirOutbound.status, func.count()).group_by(
        FhirOutbound.status))).all())
    last = db.session.scalar(_scoped(user, select(func.max(FhirOutbound.sent_at))))
    dead = list(db.session.scalars(_scoped(user, select(FhirOutbound).where(FhirOutbound.status == "dead")
                                           .order_by(FhirOutbound.updated_at.desc(), FhirOutbound.id)).limit(limit)))
    failed = list(db.session.scalars(_scoped(user, select(FhirOutbound).where(FhirOutbound.status == "failed")
                                             .order_by(FhirOutbound.next_attempt_at, FhirOutbound.id)).limit(limit)))
    return Status({name: counts.get(name, 0) for name in ("pending", "sent", "failed", "dead")}, last, dead, failed)


class NotFound(Exception):
    """A row outside the caller's scope, missing, or not a dead letter."""


def requeue(user, outbound_id: int) -> FhirOutbound:
    """A dead letter back to pending (after the data or the endpoint was fixed), audited."""
    row = db.session.get(FhirOutbound, outbound_id)
    if row is None or (user.role != Role.ADMIN and row.posyandu_id not in scope.posyandu_ids(user)):
        raise NotFound(outbound_id)
    if row.status != "dead":
        raise NotFound(outbound_id)
    audit.record(user, "fhir_requeue", "fhir", str(row.id), before={"status": row.status, "error": row.last_error},
                 after={"status": "pending"})
    row.status, row.attempts, row.next_attempt_at, row.updated_at = "pending", 0, None, utcnow()
    db.session.commit()
    return row


def payload(row: FhirOutbound) -> str:
    return json.dumps(row.resource, ensure_ascii=False)
