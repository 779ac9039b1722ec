"""Person (sasaran): anyone a posyandu serves, identified by a UUID the phone generates."""
from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import timestamp, uuid_pk
from .facility import Facility


class Person(db.Model):
    __tablename__ = "person"
    __sync_entity__ = "person"
    __table_args__ = (
        Index("ix_person_posyandu_name", "posyandu_id", "name_normalized"),
        Index("ix_person_nik", "nik"),
        Index("ix_person_posyandu_birth", "posyandu_id", "birth_date"),  # report targets (S, adults) by age
    )

    id: Mapped[str] = uuid_pk()
    posyandu_id: Mapped[int] = mapped_column(ForeignKey("facility.id"), index=True)
    nik: Mapped[str | None] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))
    name_normalized: Mapped[str] = mapped_column(String(120))
    sex: Mapped[str] = mapped_column(String(1))  # "M" laki-laki / "F" perempuan
    birth_date: Mapped[date] = mapped_column(Date)
    mother_name: Mapped[str | None] = mapped_column(String(120))
    mother_name_normalized: Mapped[str | None] = mapped_column(String(120))
    address: Mapped[str | None] = mapped_column(String(200))
    rt: Mapped[str | None] = mapped_column(String(8))
    rw: Mapped[str | None] = mapped_column(String(8))
    dusun: Mapped[str | None] = mapped_column(String(120))
    # A school child or a posyandu-remaja member: the school or group and the class, for the class session.
    school: Mapped[str | None] = mapped_column(String(120))
    class_name: Mapped[str | None] = mapped_column(String(40))
    phone: Mapped[str | None] = mapped_column(String(20))
    birth_weight_kg: Mapped[float | None] = mapped_column(Float)
    birth_length_cm: Mapped[float | None] = mapped_column(Float)
    has_kia_book: Mapped[bool] = mapped_column(Boolean, default=True)  # K in SKDN: owns a KMS / Buku KIA
    notes: Mapped[str | None] = mapped_column(Text)
    # Left the register (the posyandu's target group): moved away, died or other; counted until that day.
    left_on: Mapped[date | None] = mapped_column(Date)
    left_reason: Mapped[str | None] = mapped_column(String(16))  # moved | died | other

    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = timestamp()
    updated_at: Mapped[datetime] = timestamp()
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    merged_into_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"))
    # Probable duplicate flagged at upload: the bidan merges or marks "different".
    duplicate_of_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), index=True)
    duplicate_reason: Mapped[str | None] = mapped_column(String(32))

    posyandu: Mapped[Facility] = relationship()

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.name!r}>"
