"""Sync bookkeeping: applied operations (idempotency) and the change log that pull reads by sequence."""
from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import JsonType, timestamp


class AppliedOp(db.Model):
    """One pushed operation and the answer given; the UNIQUE op_id makes every replay return the same answer."""
    __tablename__ = "applied_op"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    op_id: Mapped[str] = mapped_column(String(36), unique=True)
    device_id: Mapped[str | None] = mapped_column(String(64), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    entity: Mapped[str] = mapped_column(String(24))
    record_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(16))
    result: Mapped[dict] = mapped_column(JsonType)
    # sha256 of the op's entity, id, base_version and data (services/sync_answers.py); null before 2026-12
    content_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = timestamp()


class ChangeLog(db.Model):
    """The latest change of each syncable record: one row per record and posyandu that has held it, moved to a
    new `seq` on every change. The row of a posyandu the record has left gets one last `seq` when it leaves, so
    that posyandu's phones learn it is gone (services/changes.py).

    Sequences are handed out under a lock held to commit (see services/changes.py), so a reader that has seen
    seq N can never later find a committed change below N.
    """
    __tablename__ = "change_log"
    __table_args__ = (
        UniqueConstraint("entity", "record_id", "posyandu_id", name="uq_change_log_entity_record_posyandu"),
        Index("ix_change_log_posyandu_seq", "posyandu_id", "seq"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    posyandu_id: Mapped[int] = mapped_column(ForeignKey("facility.id"))
    entity: Mapped[str] = mapped_column(String(24))
    record_id: Mapped[str] = mapped_column(String(36))
    deleted: Mapped[bool] = mapped_column(default=False)
    changed_at: Mapped[datetime] = timestamp()
    # A visit's visit_date (null for persons and episodes): pull reads the visit within that year, so PostgreSQL
    # probes one yearly partition instead of all (services/sync_pull.py). Only a hint: a stale day loses nothing.
    day: Mapped[date | None] = mapped_column(Date)


class SyncCounter(db.Model):
    """A single row holding the last sequence number handed out."""
    __tablename__ = "sync_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
