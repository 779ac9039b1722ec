"""Upward integration: the FHIR outbound queue (one row per resource to send) and the app's switched settings."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import JsonType, timestamp

OUTBOUND_STATUSES = ("pending", "sent", "failed", "dead")


class FhirOutbound(db.Model):
    """One resource to send: its body as built, and where its delivery stands (a new row per changed body)."""
    __tablename__ = "fhir_outbound"
    __table_args__ = (
        UniqueConstraint("resource_id", "content_hash", name="uq_fhir_outbound_resource_content"),
        Index("ix_fhir_outbound_status_due", "status", "rank", "next_attempt_at"),
        Index("ix_fhir_outbound_resource", "resource_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resource_type: Mapped[str] = mapped_column(String(32))
    resource_id: Mapped[str] = mapped_column(String(36))  # our deterministic id (UUIDv5)
    content_hash: Mapped[str] = mapped_column(String(64))
    rank: Mapped[int] = mapped_column(Integer)  # send order: what others refer to goes first
    # The visit version that brought the resource in ("growth/<id>"): the collector skips versions it has seen.
    source: Mapped[str] = mapped_column(String(64), index=True)
    # Where the data belongs (the status page's scope); None for a puskesmas or pustu Organization.
    posyandu_id: Mapped[int | None] = mapped_column(ForeignKey("facility.id"), index=True)
    identifier_system: Mapped[str] = mapped_column(String(200))
    identifier_value: Mapped[str] = mapped_column(String(200))
    resource: Mapped[dict] = mapped_column(JsonType)
    status: Mapped[str] = mapped_column(String(8), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)  # the server's OperationOutcome, as text
    server_id: Mapped[str | None] = mapped_column(String(64))  # the id the endpoint gave it
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = timestamp()
    updated_at: Mapped[datetime] = timestamp()

    posyandu = relationship("Facility")


class AppSetting(db.Model):
    """A setting an administrator switches on a page (audited), e.g. whether FHIR sending is on."""
    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict | None] = mapped_column(JsonType)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = timestamp()
