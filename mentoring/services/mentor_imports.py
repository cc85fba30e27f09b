"""Importing mentors from a CSV: preview every row's problems, then invite the valid rows.

`mentor_import_preview` reads and checks the file and stores it with each row's outcome, saving
nobody; `mentor_import_confirm` starts the invitations, which a background task makes one row per
transaction (`mentor_import_invite_task`). See docs/adr/0022-bulk-mentor-import.md.
"""

import hashlib

from allauth.account import app_settings as account_settings
from allauth.account.utils import user_pk_to_url_str
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from accounts.emails import site_url
from accounts.models import User
from accounts.services import user_create_verified
from mentoring.models import MentorImport, MentorImportRow, Need, Region, Sector, Stage
from mentoring.services.audit import audit_record
from mentoring.services.emails import email_queue
from mentoring.services.mentor_import_csv import TaxonomyLookup, parse_mentor_csv
from mentoring.services.profiles import mentor_profile_update

Outcome = MentorImportRow.Outcome
ACCOUNT_EXISTS_MESSAGE = "This email address already has an account"
ALREADY_CONFIRMED_MESSAGE = "This file has been confirmed already: nobody will be invited twice."
# Onboarding questions an imported value answers; the mentor is asked the others.
ANSWERED_STEPS = {
    "headline": "headline",
    "expertise": "expertise",
    "sectors": "sectors",
    "stages": "stages",
    "region": "region",
    "capacity": "capacity",
}
TAXONOMIES = {"sectors": Sector, "stages": Stage, "expertise": Need, "region": Region}
NOUNS = {"sectors": "sector", "stages": "stage", "expertise": "expertise area", "region": "region"}


def taxonomy_lookups() -> dict[str, TaxonomyLookup]:
    """The active entries of each list a CSV may name, by lower-case name or slug."""
    return {
        column: TaxonomyLookup.of(
            NOUNS[column], model.objects.filter(is_active=True).values_list("name", "slug")
        )
        for column, model in TAXONOMIES.items()
    }


def _emails_with_accounts(emails: list[str]) -> set[str]:
    return set(
        User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .values_list("email_lower", flat=True)
    )


def _emails_invited(emails: list[str]) -> set[str]:
    return set(
        MentorImportRow.objects.filter(outcome=Outcome.INVITED, email__in=emails).values_list(
            "email", flat=True
        )
    )


@transaction.atomic
def mentor_import_preview(*, coordinator: User, file_name: str, content: bytes) -> MentorImport:
    """Check a file and store what each row would become; nobody is created or emailed yet.

    Raises ValidationError, in plain words, when the file is refused as a whole.
    """
    rows = parse_mentor_csv(content, taxonomy_lookups())
    emails = sorted({row.email for row in rows if row.email})
    invited = _emails_invited(emails)
    taken = _emails_with_accounts(emails)
    mentor_import = MentorImport.objects.create(
        coordinator=coordinator,
        file_name=file_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
    )
    records = []
    for row in rows:
        if row.email in invited:
            outcome = Outcome.ALREADY_IMPORTED
        else:
            if row.email in taken:
                row.problems.append(ACCOUNT_EXISTS_MESSAGE)
            outcome = Outcome.PROBLEMS if row.problems else Outcome.READY
        records.append(
            MentorImportRow(
                mentor_import=mentor_import,
                number=row.number,
                email=row.email,
                name=row.name,
                values=row.values,
                problems=row.problems,
                outcome=outcome,
            )
        )
    MentorImportRow.objects.bulk_create(records, batch_size=500)
    audit_record(
        actor=coordinator,
        verb="mentor_import.previewed",
        data={"import": mentor_import.pk, "file_name": mentor_import.file_name, **_counts(records)},
    )
    return mentor_import


def _counts(rows: list[MentorImportRow]) -> dict[str, int]:
    counts = {outcome.value: 0 for outcome in Outcome}
    for row in rows:
        counts[row.outcome] += 1
    return counts


@transaction.atomic
def mentor_import_confirm(*, mentor_import: MentorImport, coordinator: User) -> MentorImport:
    """Start inviting the rows that are ready; the invitations are made after this commits."""
    mentor_import = MentorImport.objects.select_for_update().get(pk=mentor_import.pk)
    if mentor_import.status != MentorImport.Status.PREVIEWED:
        raise ValidationError(ALREADY_CONFIRMED_MESSAGE)
    mentor_import.status = MentorImport.Status.INVITING
    mentor_import.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=coordinator, verb="mentor_import.confirmed", data={"import": mentor_import.pk}
    )
    transaction.on_commit(lambda: _enqueue(mentor_import.pk, coordinator.pk))
    return mentor_import


def _enqueue(import_id: int, coordinator_id: int) -> None:
    mentor_import_invite_task.enqueue(import_id=import_id, coordinator_id=coordinator_id)


@task()
def mentor_import_invite_task(*, import_id: int, coordinator_id: int | None) -> int:
    """The background run of `mentor_import_invite_rows` that confirming queues."""
    return mentor_import_invite_rows(
        mentor_import=MentorImport.objects.get(pk=import_id),
        coordinator=User.objects.filter(pk=coordinator_id).first(),
    )


def mentor_import_invite_rows(*, mentor_import: MentorImport, coordinator: User | None) -> int:
    """Invite every ready row, each in its own transaction; safe to run again after a failure.

    Returns how many were invited now. The import is marked imported once no row is waiting.
    """
    slugs = {
        column: {entry.slug: entry for entry in model.objects.all()}
        for column, model in TAXONOMIES.items()
    }
    waiting = mentor_import.rows.filter(outcome=Outcome.READY).values_list("pk", flat=True)
    invited = sum(
        _row_invite(row_id=row_id, coordinator=coordinator, slugs=slugs) for row_id in list(waiting)
    )
    _import_finish(mentor_import=mentor_import, coordinator=coordinator)
    return invited


def _answers(row: MentorImportRow, slugs: dict[str, dict]) -> dict:
    """The row's values as the profile service takes them (entries a coordinator removed from
    the lists since the preview are left out)."""
    answers = {}
    for column in ("sectors", "stages", "expertise"):
        known = slugs[column]
        chosen = [known[slug] for slug in row.values.get(column, []) if slug in known]
        if chosen:
            answers[column] = chosen
    if row.values.get("region") in slugs["region"]:
        answers["region"] = slugs["region"][row.values["region"]]
    if row.values.get("capacity"):
        answers["capacity"] = row.values["capacity"]
    if row.values.get("headline"):
        answers["headline"] = row.values["headline"]
    return answers


@transaction.atomic
def _row_invite(*, row_id: int, coordinator: User | None, slugs: dict) -> bool:
    row = MentorImportRow.objects.select_for_update().get(pk=row_id)
    if row.outcome != Outcome.READY:
        return False  # another run of the task got here first
    if _emails_invited([row.email]):
        return _row_close(row, Outcome.ALREADY_IMPORTED)
    if _emails_with_accounts([row.email]):
        return _row_close(row, Outcome.PROBLEMS, ACCOUNT_EXISTS_MESSAGE)
    try:
        # A savepoint: someone signing up with this address at this moment loses this row only.
        with transaction.atomic():
            user = user_create_verified(email=row.email, password=None, full_name=row.name)
    except IntegrityError:
        return _row_close(row, Outcome.PROBLEMS, ACCOUNT_EXISTS_MESSAGE)
    answers = _answers(row, slugs)
    profile = mentor_profile_update(user=user, data=answers)
    profile.onboarding_answered = [ANSWERED_STEPS[name] for name in answers]
    profile.save(update_fields=["onboarding_answered", "updated_at"])
    row.outcome = Outcome.INVITED
    row.user = user
    row.invited_at = timezone.now()
    row.save(update_fields=["outcome", "user", "invited_at"])
    audit_record(
        actor=coordinator,
        verb="mentor.imported",
        data={"mentor": profile.pk, "import": row.mentor_import_id, "row": row.number},
    )
    email_queue(
        template="mentor_import_invitation",
        event_key=f"user:{user.pk}:mentor_import_invitation",
        recipient=user,
        context={"coordinator_name": coordinator.display_name if coordinator else ""},
    )
    return True


def _row_close(row: MentorImportRow, outcome: str, problem: str = "") -> bool:
    row.outcome = outcome
    if problem:
        row.problems = [*row.problems, problem]
    row.save(update_fields=["outcome", "problems"])
    return False


@transaction.atomic
def _import_finish(*, mentor_import: MentorImport, coordinator: User | None) -> None:
    mentor_import = MentorImport.objects.select_for_update().get(pk=mentor_import.pk)
    if mentor_import.status == MentorImport.Status.IMPORTED:
        return
    if mentor_import.rows.filter(outcome=Outcome.READY).exists():
        return
    mentor_import.status = MentorImport.Status.IMPORTED
    mentor_import.imported_at = timezone.now()
    mentor_import.save(update_fields=["status", "imported_at", "updated_at"])
    counts = dict(
        mentor_import.rows.values_list("outcome")
        .annotate(n=Count("id"))
        .values_list("outcome", "n")
    )
    audit_record(
        actor=coordinator,
        verb="mentor_import.imported",
        data={"import": mentor_import.pk, "file_name": mentor_import.file_name, **counts},
    )


def password_setup_url(user: User) -> str:
    """A link to choose a first password: allauth's own password reset page and token.

    The token is made when the email is rendered, never stored. It expires after
    PASSWORD_RESET_TIMEOUT and works once: setting a password changes what it was made from.
    """
    token = account_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
    key = f"{user_pk_to_url_str(user)}-{token}"
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    return site_url() + path.replace("UID-KEY", key)


def mentor_import_rows_erase(*, user: User, erased_email: str) -> int:
    """Account deletion: the rows that invited the person keep neither their name, address nor
    words (docs/adr/0005-erasure.md). A later file naming their old address invites them again."""
    return MentorImportRow.objects.filter(user=user).update(
        name="", email=erased_email, values={}, problems=[]
    )
