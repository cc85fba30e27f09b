"""The fitted matching index, kept in memory and rebuilt only when a mentor profile changes.

Each process keeps one fitted engine keyed by `mentor_index_version()` (one cheap aggregate
query). A saved, added or removed mentor profile changes the version, and the next caller fits
a new index; places taken and pauses are applied at ranking time, so approvals never refit.
"""

import threading
from dataclasses import dataclass

from django.conf import settings

from matching.engine import MatchingEngine, Weights
from matching.selectors.engine_input import complete_mentors, engine_mentor, mentor_index_version


@dataclass
class _Fitted:
    version: tuple
    engine: MatchingEngine | None  # None when there are no mentors yet


_lock = threading.Lock()
_fitted: _Fitted | None = None


def matching_weights() -> Weights:
    """The weights in force: the engine's documented defaults, overridden from settings."""
    return Weights.from_dict(getattr(settings, "MATCHING_WEIGHTS", {}))


def fitted_engine() -> MatchingEngine | None:
    """The engine fitted on every complete mentor, or None if there are none."""
    global _fitted
    version = mentor_index_version()
    current = _fitted
    if current is not None and current.version == version:
        return current.engine
    with _lock:
        if _fitted is not None and _fitted.version == version:
            return _fitted.engine
        # Capacity 1 for every mentor: who is full or paused changes often and is applied as
        # an exclusion when ranking, so it does not force a refit.
        mentors = [engine_mentor(m, capacity=1) for m in complete_mentors()]
        engine = MatchingEngine(weights=matching_weights()).fit(mentors) if mentors else None
        _fitted = _Fitted(version=version, engine=engine)
        return engine


def forget_index() -> None:
    """Drop the fitted index (tests, and after changing weights)."""
    global _fitted
    with _lock:
        _fitted = None
