"""Reviews: a bidan or supervisor verifies a submission or returns it with a note."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import timestamp


class Review(db.Model):
    __tablename__ = "review"
    __table_args__ = (Index("ix_review_entity_record", "entity", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(24))
    record_id: Mapped[str] = mapped_column(String(36))
    decision: Mapped[str] = mapped_column(String(16))  # verified | returned
    note: Mapped[str | None] = mapped_column(Text)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = timestamp()

    reviewer = relationship("User")
