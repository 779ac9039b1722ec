"""Runs the domain rules on stored records: the server's authoritative result, promoted for reports and queues.

Each kind's assessment lives in its own module of services/assess/, named by the kind's `assess`
("<module>.<function>"); `function(kind)` finds it. It takes a flushed model instance, computes with the pure
domain twin, stores the whole result in `results`, copies the figures that reports and review queues filter on
into their columns, and raises DomainValidationError (per-field messages in Indonesian and English) when the input
is impossible. The names below stay importable from here for the callers that name one kind (demo, tests).
"""
from importlib import import_module

from .assess.growth import assess_growth
from .assess.pregnancy import assess_episode, assess_pregnancy_visit
from .assess.screening import ADL_MAXIMA, assess_screening

__all__ = ["ADL_MAXIMA", "assess_episode", "assess_growth", "assess_pregnancy_visit", "assess_screening", "function"]


def function(kind):
    """The assessment a kind declares: "<module>.<function>" of services/assess/ (a bare name: one of this
    module's, as kinds declared it before)."""
    module, _, name = kind.assess.rpartition(".")
    if not module:
        return globals()[name]
    return getattr(import_module(f"{__package__}.assess.{module}"), name)
