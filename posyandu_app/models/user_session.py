"""Server-side login sessions: one row per logged-in device, so logout and password events can end them."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import timestamp


class UserSession(db.Model):
    """The signed cookie carries a random token; only its SHA-256 is stored, so a copy of this table opens
    nothing. Deleting the row ends that device's session at its next request."""
    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = timestamp()
    # Touched at most once a day (not per request): old rows of devices that never came back are pruned.
    last_seen_at: Mapped[datetime] = timestamp()
