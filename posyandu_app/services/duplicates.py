"""Probable duplicates of persons: the same NIK, or the same normalised name + birth date + mother's name, among
the persons of the same pustu (a family moves between a desa's posyandu). The rule sync applies to each pushed
person (services/sync_ops.py), here as an index built once for many candidates (roster import)."""
from sqlalchemy import select

from ..extensions import db
from ..models import Facility, Person


class IdentityIndex:
    """Existing persons of some pustu by NIK and by identity; candidates are matched and then added."""

    def __init__(self, pustu_of: dict[int, int]):
        self.pustu_of = pustu_of
        self.by_nik: dict[tuple, str] = {}
        self.by_identity: dict[tuple, str] = {}

    @classmethod
    def for_posyandu(cls, posyandu_ids) -> "IdentityIndex":
        posyandu_ids = list(posyandu_ids)
        pustu_ids = set(db.session.scalars(select(Facility.parent_id).where(Facility.id.in_(posyandu_ids or [-1]))))
        siblings = {posyandu: pustu for posyandu, pustu in db.session.execute(
            select(Facility.id, Facility.parent_id).where(Facility.parent_id.in_(pustu_ids or [-1])))}
        index = cls(siblings)
        persons = db.session.execute(
            select(Person.posyandu_id, Person.nik, Person.name_normalized, Person.birth_date,
                   Person.mother_name_normalized, Person.name)
            .where(Person.posyandu_id.in_(list(siblings) or [-1]), Person.deleted_at.is_(None))
            .order_by(Person.created_at, Person.id))
        for posyandu_id, nik, name, birth, mother, shown in persons:
            index.add(posyandu_id, nik, (name, birth, mother or ""), shown)
        return index

    def add(self, posyandu_id: int, nik: str | None, identity: tuple, label: str) -> None:
        pustu = self.pustu_of.get(posyandu_id)
        identity = (identity[0], identity[1], identity[2] or "")
        if nik:
            self.by_nik.setdefault((pustu, nik), label)  # the oldest match wins, as in sync
        self.by_identity.setdefault((pustu, *identity), label)

    def match(self, posyandu_id: int, nik: str | None, identity: tuple) -> str | None:
        """The label of the person (or earlier row) this one probably repeats: by NIK first, then by identity."""
        pustu = self.pustu_of.get(posyandu_id)
        if nik and (pustu, nik) in self.by_nik:
            return self.by_nik[(pustu, nik)]
        return self.by_identity.get((pustu, identity[0], identity[1], identity[2] or ""))
