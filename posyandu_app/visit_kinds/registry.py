"""The registry of visit kinds: lookup by sync entity name, iteration in a stable order, the client's copy."""
from dataclasses import asdict
from types import MappingProxyType

from . import delivery, growth, immunization, postnatal, pregnancy, screening, youth
from .kind import VisitKind

# The order lists show kinds in (review filter, counts, OpenAPI); the episode before the visits hanging below it.
KINDS: tuple[VisitKind, ...] = (growth.KIND, pregnancy.EPISODE, pregnancy.VISIT, screening.KIND, youth.KIND,
                               immunization.KIND, delivery.KIND,
                               postnatal.POSTNATAL, postnatal.NEWBORN)
_BY_ENTITY = {kind.entity: kind for kind in KINDS}
_VISIT_MODELS = MappingProxyType({k.entity: k.model for k in KINDS if k.append_only})  # read once per op
PERSON, CORRECTION = "person", "correction"  # the other sync entities: not kinds (docs/SYNC.md)


def kind(entity: str) -> VisitKind | None:
    return _BY_ENTITY.get(entity)


def kinds() -> tuple[VisitKind, ...]:
    return KINDS


def visit_kinds() -> tuple[VisitKind, ...]:
    """The append-only kinds: the visits (reviewed, corrected, counted as visits)."""
    return tuple(k for k in KINDS if k.append_only)


def visit_models() -> dict:
    """{entity: model} of the visits, in registry order (read-only)."""
    return _VISIT_MODELS


def children(entity: str) -> tuple[VisitKind, ...]:
    """The kinds whose records hang below a record of `entity` (their `parent` column refers to its table)."""
    return tuple(k for k in KINDS if (parent := parent_of(k)) is not None and parent.entity == entity)


def parent_of(kind: VisitKind) -> VisitKind | None:
    """The kind of the record `kind`'s records hang below (a pregnancy visit: its episode), if any."""
    if not kind.parent:
        return None
    tables = {key.column.table for key in kind.model.__table__.c[kind.parent].foreign_keys}
    return next(k for k in KINDS if k.model.__table__ in tables)


def sync_entities() -> tuple[str, ...]:
    """Every `entity` a pushed op may name: the records edited in place, then the visits (docs/SYNC.md order)."""
    return (PERSON, *(k.entity for k in KINDS if not k.append_only), *(k.entity for k in visit_kinds()), CORRECTION)


def rule_data() -> tuple[str, ...]:
    """Every rule data file a kind's twins read, each once, in registry order."""
    return tuple(dict.fromkeys(name for k in KINDS for name in k.rule_data))


def client_data() -> dict:
    """The declaration as the field app reads it (static/data/visit_kinds.json, checked by a test)."""
    out = {}
    for k in KINDS:
        client = asdict(k.client)
        out[k.entity] = {"append_only": k.append_only, "rule_data": list(k.rule_data), "dated_by": k.dated_by,
                         "parent": k.parent,
                         **{key: list(value) if isinstance(value, tuple) else value for key, value in client.items()}}
        out[k.entity]["twin"]["inputs"] = list(k.client.twin.inputs)
        out[k.entity]["promoted_from"] = [list(entry) for entry in k.promoted_from]
    return {"_source": "generated from posyandu_app/visit_kinds (python -m posyandu_app.visit_kinds); "
                       "tests/unit/test_visit_kinds.py checks it", "kinds": out}
