"""Reads for mentor imports: past uploads, one upload's counts and rows, earlier uploads."""

from django.db.models import Count, Q, QuerySet

from mentoring.models import MentorImport, MentorImportRow

Outcome = MentorImportRow.Outcome
SHOW_PROBLEMS = "problems"
SHOW_ALL = "all"


def mentor_imports_recent() -> QuerySet[MentorImport]:
    """Every upload, newest first, with its coordinator and how many mentors it invited."""
    return (
        MentorImport.objects.select_related("coordinator")
        .annotate(
            rows_total=Count("rows"),
            rows_invited=Count("rows", filter=Q(rows__outcome=Outcome.INVITED)),
        )
        .order_by("-created_at", "-pk")
    )


def mentor_import_for_coordinator(*, pk: int) -> MentorImport:
    """One upload (coordinators see every upload); raises MentorImport.DoesNotExist."""
    return MentorImport.objects.select_related("coordinator").get(pk=pk)


def mentor_import_counts(mentor_import: MentorImport) -> dict[str, int]:
    """How many rows have each outcome, every outcome present (zero when none), and the total."""
    counts = {outcome.value: 0 for outcome in Outcome}
    for outcome, number in (
        mentor_import.rows.order_by().values_list("outcome").annotate(n=Count("id"))
    ):
        counts[outcome] = number
    counts["total"] = sum(counts.values())
    return counts


def mentor_import_rows(mentor_import: MentorImport, *, show: str) -> QuerySet[MentorImportRow]:
    """The rows to list: only those with problems, or all of them, in the file's order."""
    rows = mentor_import.rows.order_by("number")
    if show == SHOW_PROBLEMS:
        rows = rows.filter(outcome=Outcome.PROBLEMS)
    return rows


def mentor_import_earlier(mentor_import: MentorImport) -> MentorImport | None:
    """The last earlier upload of the very same file that was confirmed, if any."""
    return (
        MentorImport.objects.select_related("coordinator")
        .filter(sha256=mentor_import.sha256, created_at__lte=mentor_import.created_at)
        .exclude(pk=mentor_import.pk)
        .exclude(status=MentorImport.Status.PREVIEWED)
        .order_by("-created_at", "-pk")
        .first()
    )
