"""Facility hierarchy: puskesmas (kecamatan) -> pustu (desa) -> posyandu (dusun)."""
import enum

from sqlalchemy import Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


class FacilityKind(str, enum.Enum):
    PUSKESMAS = "puskesmas"
    PUSTU = "pustu"
    POSYANDU = "posyandu"


PARENT_KIND = {FacilityKind.PUSTU: FacilityKind.PUSKESMAS, FacilityKind.POSYANDU: FacilityKind.PUSTU}


class Facility(db.Model):
    __tablename__ = "facility"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[FacilityKind] = mapped_column(Enum(FacilityKind, native_enum=False, length=16), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("facility.id"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    desa: Mapped[str | None] = mapped_column(String(120))
    kecamatan: Mapped[str | None] = mapped_column(String(120))
    kabupaten: Mapped[str | None] = mapped_column(String(120))
    target_population: Mapped[int | None] = mapped_column(Integer)

    parent: Mapped["Facility | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Facility"]] = relationship(back_populates="parent", order_by="Facility.name")

    def __repr__(self) -> str:
        return f"<Facility {self.kind.value} {self.code}>"
