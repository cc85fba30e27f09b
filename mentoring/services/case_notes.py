"""Writing coordinators' case notes: one dated note about a request, a match or a mentor."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from mentoring.models import CaseNote, Match, MentoringRequest, MentorProfile
from mentoring.models.case_notes import CASE_NOTE_MAX_LENGTH
from mentoring.selectors.case_notes import case_notes_about_person
from mentoring.services.audit import audit_record

EMPTY_NOTE = "Enter the case note"
NOTE_TOO_LONG = f"The case note must be {CASE_NOTE_MAX_LENGTH:,} characters or fewer"
COORDINATORS_ONLY = "Only scheme coordinators can write case notes."


@transaction.atomic
def case_note_create(
    *,
    author: User,
    text: str,
    request: MentoringRequest | None = None,
    match: Match | None = None,
    mentor: MentorProfile | None = None,
) -> CaseNote:
    """Write a note about exactly one of a request, a match or a mentor, and audit it.

    The audit event records that a note was written, not what it says: the note's words live
    in one place, so erasure and the person's copy of their data have one row to look at.
    """
    if not author.is_coordinator:
        raise ValidationError(COORDINATORS_ONLY)
    if sum(about is not None for about in (request, match, mentor)) != 1:
        raise ValidationError("A case note is about one request, one match or one mentor.")
    text = (text or "").strip()
    if not text:
        raise ValidationError(EMPTY_NOTE)
    if len(text) > CASE_NOTE_MAX_LENGTH:
        raise ValidationError(NOTE_TOO_LONG)
    note = CaseNote.objects.create(
        author=author, text=text, request=request, match=match, mentor=mentor
    )
    audit_record(
        actor=author,
        verb="case_note.added",
        request=request,
        match=match,
        data={"case_note_id": note.pk, "about": note.about, "mentor_id": mentor and mentor.pk},
    )
    return note


def case_notes_erase(*, user: User) -> int:
    """Delete every note about a person who deleted their account (docs/adr/0005-erasure.md):
    notes on their requests, on the matches they were in, and on them as a mentor."""
    deleted, _ = CaseNote.objects.filter(
        pk__in=case_notes_about_person(user=user).values("pk")
    ).delete()
    return deleted
