"""A cheap stamp of the data the dashboard counts, so its computed figures can be kept in the
shared cache and recomputed the moment anything they count changes (docs/adr/0012).

One query: for every table a figure reads, how many rows it has, its highest id and its latest
change (`updated_at`, which the services set on every change, also in bulk updates), plus the
columns that change without it (a mentor's load, pauses, open accounts). Taxonomy names have no
change time: a rename shows when the cached figures expire (`REPORT_CACHE_SECONDS`).
"""

from django.db import connection

from accounts.models import User
from mentoring.models import (
    Feedback,
    Goal,
    GoalRating,
    LegalForm,
    Match,
    MenteeProfile,
    MentoringRequest,
    MentorProfile,
    Need,
    Region,
    Sector,
    SessionLog,
    Stage,
)

TIMESTAMPED = (
    MentoringRequest,
    Match,
    SessionLog,
    Feedback,
    MentorProfile,
    MenteeProfile,
    Goal,
    GoalRating,
)
TAXONOMIES = (Sector, Stage, Region, LegalForm, Need)
THROUGH = (MentorProfile.expertise.through, MentoringRequest.needs.through)


def _sql() -> str:
    """One row of scalar subqueries (each table's own types, which a UNION would mix)."""
    q = connection.ops.quote_name

    def flag(column: str) -> str:
        return f"SUM(CASE WHEN {q(column)} THEN 1 ELSE 0 END)"

    reads = []
    for model in TIMESTAMPED:
        reads.append((model, ["COUNT(*)", f"MAX({q('id')})", f"MAX({q('updated_at')})"]))
    for model in TAXONOMIES:
        names = f"SUM(LENGTH({q('name')}) * {q('id')} + {q('position')})"
        reads.append((model, ["COUNT(*)", f"MAX({q('id')})", names, flag("is_active")]))
    for model in THROUGH:
        reads.append((model, ["COUNT(*)", f"MAX({q('id')})"]))
    reads.append((MentorProfile, [f"SUM({q('load')})", f"SUM({q('capacity')})", flag("is_paused")]))
    reads.append((User, ["COUNT(*)", flag("is_active")]))
    # Only model tables and columns, quoted: nothing from a request reaches this text.
    columns = [
        f"(SELECT {read} FROM {q(model._meta.db_table)})"  # noqa: S608  # nosec B608
        for model, expressions in reads
        for read in expressions
    ]
    return "SELECT " + ", ".join(columns)


def data_version() -> str:
    """The stamp: changes whenever a figure of the dashboard could."""
    with connection.cursor() as cursor:
        cursor.execute(_sql())
        row = cursor.fetchone()
    return ",".join(str(value) for value in row)
