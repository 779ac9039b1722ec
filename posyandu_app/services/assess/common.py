"""What every kind's assessment needs: dates as the twins read them, the record's person, a category's code."""
from ...extensions import db
from ...models import Person


def iso(value):
    return value.isoformat() if value is not None else None


def person_of(record) -> Person:
    return record.person or db.session.get(Person, record.person_id)


def code(entry):
    return entry["code"] if entry else None
