"""Visit kinds: each ILP service declared once (kind.py fields; one module per kind; registry.py reads them)."""
from .registry import (CORRECTION, PERSON, children, client_data, kind, kinds, parent_of, rule_data, sync_entities,
                       visit_kinds, visit_models)

__all__ = ["CORRECTION", "PERSON", "children", "client_data", "kind", "kinds", "parent_of", "rule_data",
           "sync_entities", "visit_kinds", "visit_models"]
