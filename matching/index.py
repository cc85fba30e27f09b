"""The fitted matching index: built once per change by a background task, stored in the database.

Every web process loads the newest stored index (`StoredIndex`) and keeps it in memory until a
newer one is stored; one cheap query per page tells it which is newest, another whether the mentor
profiles changed since (`mentor_index_version()`). A changed profile makes the stored index
*stale*: pages keep using it (availability and exclusions come from the database when ranking,
and mentors no longer there are dropped) and ask the worker for a rebuild. A page fits an index
itself only when none was ever stored for this code. See docs/adr/0010-stored-matching-index.md.
"""

import hashlib
import logging
import pickle  # nosec B403: only our own processes write the pickled index (ADR 0010)
import platform
import threading
import time
import zlib
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

import numpy as np
import scipy
import sklearn
from django.conf import settings
from django.core.cache import cache as shared_cache
from django.db import transaction
from django.utils import timezone

import matching.engine
from matching.engine import MatchingEngine, Weights
from matching.models import StoredIndex
from matching.selectors import engine_input
from matching.selectors.engine_input import complete_mentors, engine_mentor, mentor_index_version

logger = logging.getLogger(__name__)

# Raise when what is stored changes shape in a way the code hash below would not notice.
INDEX_FORMAT = 1
# Set while a rebuild waits for a worker, so a burst of callers enqueues it once; a lost task
# stops blocking new requests after this long.
REBUILD_PENDING_KEY = "matching:index-rebuild-pending"
REBUILD_PENDING_SECONDS = 300
# Indexes stored by other code (a deploy still rolling out) are kept this long.
OTHER_CODE_KEPT = timedelta(days=1)

# How many indexes this process has fitted: tests prove that pages do not fit.
fit_count = 0


@dataclass(frozen=True)
class LoadedIndex:
    """The index a page ranks with: ``stale`` when a mentor profile changed since it was built."""

    pk: int
    mentor_version: str
    engine: MatchingEngine | None  # None when there were no mentors
    stale: bool = False


_lock = threading.Lock()
_loaded: LoadedIndex | None = None


def matching_weights() -> Weights:
    """The weights in force: the engine's documented defaults, overridden from settings."""
    return Weights.from_dict(getattr(settings, "MATCHING_WEIGHTS", {}))


def code_version() -> str:
    """Changes with the engine's code and vocabulary, the weights and the numeric libraries.

    A stored index is only ever loaded by the code that wrote it, so an engine change can
    neither unpickle old objects into new classes nor rank with an index fitted differently.
    """
    weights = sorted(matching_weights().to_dict().items())
    return hashlib.sha256(f"{_code_digest()} {weights}".encode()).hexdigest()


@cache
def _code_digest() -> str:
    digest = hashlib.sha256()
    engine_dir = Path(matching.engine.__file__).parent
    sources = sorted(p for p in engine_dir.rglob("*") if p.suffix in {".py", ".toml", ".txt"})
    for path in [*sources, Path(engine_input.__file__)]:
        digest.update(str(path.relative_to(engine_dir.parent)).encode())
        digest.update(path.read_bytes())
    libraries = [platform.python_version(), np.__version__, scipy.__version__, sklearn.__version__]
    digest.update(repr([INDEX_FORMAT, libraries]).encode())
    return digest.hexdigest()


def mentor_version_key() -> str:
    """`mentor_index_version()` as stored beside an index (one aggregate query)."""
    count, changed, last = mentor_index_version()
    return f"{count}/{changed.isoformat() if changed else '-'}/{last or 0}"


# -- building -------------------------------------------------------------------------------


def _fit_and_store(mentor_version: str) -> LoadedIndex:
    global fit_count
    started = time.perf_counter()
    # Capacity 1 for every mentor: who is full or paused changes often and is applied as an
    # exclusion when ranking, so it does not force a rebuild.
    mentors = [engine_mentor(m, capacity=1) for m in complete_mentors()]
    engine = MatchingEngine(weights=matching_weights()).fit(mentors) if mentors else None
    fit_count += 1
    data = zlib.compress(pickle.dumps(engine, protocol=5), 1) if engine else b""
    seconds = time.perf_counter() - started
    row, created = StoredIndex.objects.get_or_create(
        code_version=code_version(),
        mentor_version=mentor_version,
        defaults={"mentor_count": len(mentors), "engine": data, "fit_seconds": seconds},
    )
    if created:
        # Older indexes may hold words since changed or erased: keep only the newest.
        StoredIndex.objects.filter(code_version=code_version(), pk__lt=row.pk).delete()
        StoredIndex.objects.exclude(code_version=code_version()).filter(
            built_at__lt=timezone.now() - OTHER_CODE_KEPT
        ).delete()
        logger.info("Matching index %s stored: %s mentors in %.2f s", row.pk, len(mentors), seconds)
    return LoadedIndex(pk=row.pk, mentor_version=mentor_version, engine=engine)


def rebuild_index() -> bool:
    """Fit and store an index unless the newest stored one is current; True if it fitted.

    What the background task runs; safe to run many times (a current index is left alone).
    """
    shared_cache.delete(REBUILD_PENDING_KEY)  # changes from now on ask for another rebuild
    version = mentor_version_key()
    if StoredIndex.objects.filter(code_version=code_version(), mentor_version=version).exists():
        return False
    _fit_and_store(version)
    return True


def schedule_rebuild() -> None:
    """Ask a worker to rebuild the index once this transaction commits.

    Debounced: however many callers ask before a worker starts, the task is enqueued once, and
    the task itself does nothing when the stored index is already current.
    """
    transaction.on_commit(_enqueue_rebuild)


def _enqueue_rebuild() -> None:
    if not shared_cache.add(REBUILD_PENDING_KEY, True, timeout=REBUILD_PENDING_SECONDS):
        return
    from matching.tasks import rebuild_matching_index_task  # the tasks module imports services

    rebuild_matching_index_task.enqueue()


# -- loading --------------------------------------------------------------------------------


def _load_newest() -> LoadedIndex | None:
    row = StoredIndex.objects.filter(code_version=code_version()).order_by("-id").first()
    if row is None:
        return None
    data = bytes(row.engine)
    try:
        # Trusted bytes: only this service's own processes write this table (ADR 0010).
        engine = pickle.loads(zlib.decompress(data)) if data else None  # noqa: S301  # nosec B301
    except (pickle.UnpicklingError, zlib.error, EOFError, AttributeError, ImportError) as error:
        # A damaged row would break every page: drop it, and the caller fits a new one.
        logger.warning("Matching index %s could not be loaded (%r): dropped", row.pk, error)
        StoredIndex.objects.filter(pk=row.pk).delete()
        return None
    return LoadedIndex(pk=row.pk, mentor_version=row.mentor_version, engine=engine)


def matching_index() -> LoadedIndex:
    """The newest stored index (loaded once per process and version), marked stale if it is."""
    global _loaded
    newest = (
        StoredIndex.objects.filter(code_version=code_version())
        .order_by("-id")
        .values_list("pk", flat=True)
        .first()
    )
    version = mentor_version_key()
    current = _loaded
    if newest is None or current is None or current.pk != newest:
        with _lock:
            current = _loaded
            if current is None or current.pk != newest:
                current = _load_newest() if newest is not None else None
                if current is None:  # first start: nothing stored for this code yet
                    current = _fit_and_store(version)
                _loaded = current
    stale = current.mentor_version != version
    if stale:
        schedule_rebuild()
    return LoadedIndex(current.pk, current.mentor_version, current.engine, stale=stale)


def fitted_engine() -> MatchingEngine | None:
    """The engine of the newest stored index, or None if there are no mentors."""
    return matching_index().engine


def forget_index() -> None:
    """Drop this process's loaded index (tests); the stored ones stay."""
    global _loaded
    with _lock:
        _loaded = None
