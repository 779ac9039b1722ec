"""Column helpers shared by the models."""
import uuid

from sqlalchemy import JSON, DateTime, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import mapped_column

from ..clock import utc_now

# JSONB on PostgreSQL (indexable, compact), plain JSON text elsewhere.
JsonType = JSON().with_variant(JSONB(), "postgresql")


# The models' and services' name for the one clock's instant (posyandu_app/clock.py).
utcnow = utc_now


def new_uuid() -> str:
    return str(uuid.uuid4())


def uuid_pk():
    """Client-generated UUID primary key (the phone creates it offline)."""
    return mapped_column(String(36), primary_key=True, default=new_uuid)


def timestamp(**kwargs):
    return mapped_column(DateTime(timezone=True), default=utcnow, **kwargs)
