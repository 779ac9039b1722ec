"""Vaccine dose assessment: the dose against the child's other current doses (intervals, order, minimum ages)."""
from sqlalchemy import select

from ...clock import field_today
from ...domain import immunization
from ...domain.errors import DomainValidationError
from ...extensions import db
from ...models import Immunization
from .common import iso, person_of


def person_doses(person_id, known=()) -> list:
    """The child's current doses [{"antigen", "dose", "date", "id"}]: the database's, with `known` records (a sync
    batch's, not yet written) taking precedence by id."""
    records = {r.id: r for r in db.session.scalars(select(Immunization).where(
        Immunization.person_id == person_id, Immunization.is_current.is_(True)))}
    records.update({r.id: r for r in known if r.person_id == person_id})
    return [{"antigen": r.antigen, "dose": r.dose, "date": iso(r.visit_date), "id": r.id}
            for r in records.values() if r.is_current]


def assess_immunization(record: Immunization, known=()) -> dict:
    """The dose's status, warnings and age; flagged when warned (a warned dose is kept, never refused)."""
    person = person_of(record)
    others = [d for d in person_doses(record.person_id, known) if d.pop("id") != record.id]
    mine = {"antigen": record.antigen, "dose": record.dose, "date": iso(record.visit_date)}
    try:
        result = immunization.assess_immunization(person.birth_date, [mine, *others],
                                                  max(field_today(), record.visit_date))
    except DomainValidationError as error:  # name the record's own fields: doses[0].dose -> dose
        names = {"doses[0].antigen": "antigen", "doses[0].dose": "dose", "doses[0].date": "visit_date"}
        raise DomainValidationError({names.get(key, key): value for key, value in error.field_errors.items()
                                     if key in names} or error.field_errors) from None
    return apply(record, result, person.birth_date)


def apply(record: Immunization, result: dict, birth_date) -> dict:
    """Store the twin's `result` for the child's doses (this record among them) on the record: its dose's status and
    warnings, the IDL, the promoted columns. The demo assesses a child's doses with one twin call and this."""
    code, given = f"{record.antigen}_{record.dose}", iso(record.visit_date)
    # This record's warnings and count: a dose given again after one that did not count has two records.
    warnings = [w for w in result["warnings"] if w["dose"] == code and w.get("date", given) == given]
    record.results = {"dose": result["doses"][code], "warnings": warnings, "idl": result["idl"]}
    record.age_days = (record.visit_date - birth_date).days
    record.counted = result["doses"][code]["status"]["code"] == "done" and result["doses"][code]["given"] == given
    record.warned = bool(warnings)
    record.flagged = record.warned
    record.needs_referral = False
    return record.results
