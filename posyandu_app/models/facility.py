"""Facility hierarchy: puskesmas (kecamatan) -> pustu -> desa/kelurahan (region code) -> posyandu (dusun)."""
import enum
from calendar import monthrange
from datetime import date, datetime

from sqlalchemy import Boolean, DateTime, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


class FacilityKind(str, enum.Enum):
    PUSKESMAS = "puskesmas"
    PUSTU = "pustu"
    POSYANDU = "posyandu"


PARENT_KIND = {FacilityKind.PUSTU: FacilityKind.PUSKESMAS, FacilityKind.POSYANDU: FacilityKind.PUSTU}


class Facility(db.Model):
    __tablename__ = "facility"

    def posyandu_day_in(self, year: int, month: int):
        """The posyandu day of that month (None when not set): the day asked for, or the month's last day."""
        if not self.posyandu_day:
            return None
        return date(year, month, min(self.posyandu_day, monthrange(year, month)[1]))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[FacilityKind] = mapped_column(Enum(FacilityKind, native_enum=False, length=16), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("facility.id"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    desa: Mapped[str | None] = mapped_column(String(120))
    kecamatan: Mapped[str | None] = mapped_column(String(120))
    kabupaten: Mapped[str | None] = mapped_column(String(120))
    target_population: Mapped[int | None] = mapped_column(Integer)
    # A posyandu's desa/kelurahan (its parent stays the pustu: scope, sync and reports follow parent_id).
    # use_alter: facility and desa refer to each other, so this key is added after both tables exist.
    desa_id: Mapped[int | None] = mapped_column(ForeignKey("desa.id", use_alter=True), index=True)
    # A posyandu's day each month (its "tanggal posyandu", 1-31; a shorter month holds it on its last day).
    posyandu_day: Mapped[int | None] = mapped_column(Integer)
    # Closed facilities keep their history and data; they take no new children or accounts.
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    parent: Mapped["Facility | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Facility"]] = relationship(back_populates="parent", order_by="Facility.name")
    desa_row: Mapped["Desa | None"] = relationship(foreign_keys=[desa_id])

    def __repr__(self) -> str:
        return f"<Facility {self.kind.value} {self.code}>"


class Desa(db.Model):
    """A desa or kelurahan served by one pustu, identified by its Kemendagri region code (e.g. 32.01.01.2001)."""
    __tablename__ = "desa"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(String(13), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kelurahan: Mapped[bool] = mapped_column(Boolean, default=False)  # kelurahan (urban) or desa (rural)
    pustu_id: Mapped[int] = mapped_column(ForeignKey("facility.id"), index=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    pustu: Mapped[Facility] = relationship(foreign_keys=[pustu_id])

    def __repr__(self) -> str:
        return f"<Desa {self.region_code} {self.name}>"
