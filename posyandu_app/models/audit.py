"""Audit log: who changed what, when, with the record before and after."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import JsonType, timestamp


class AuditLog(db.Model):
    # On PostgreSQL the migrations partition this table by month of `at`, primary key (at, id): the partitions
    # live in schema audit_log_part (services/audit_partitions.py); SQLite keeps the plain table described here.
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity_record", "entity", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    at: Mapped[datetime] = timestamp()
    action: Mapped[str] = mapped_column(String(32))  # create, update, correct, verify, return, merge, login, ...
    entity: Mapped[str] = mapped_column(String(24))
    record_id: Mapped[str | None] = mapped_column(String(36))
    before: Mapped[dict | None] = mapped_column(JsonType)
    after: Mapped[dict | None] = mapped_column(JsonType)

    user = relationship("User")
