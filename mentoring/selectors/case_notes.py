"""Reading case notes: the notes on one page, and the notes about one person for their data copy."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse

from accounts.models import User
from mentoring.models import CaseNote, Match, MentoringRequest, MentorProfile
from mentoring.selectors.people import person_display_name

# What a note can be about, and the coordinator's page where it is shown.
SUBJECT_PAGES = {
    CaseNote.About.REQUEST: "matching:review_request",
    CaseNote.About.MATCH: "mentoring:coordinator_match",
    CaseNote.About.MENTOR: "mentoring:coordinator_mentor",
}


def case_notes_about(
    *,
    request: MentoringRequest | None = None,
    match: Match | None = None,
    mentor: MentorProfile | None = None,
) -> QuerySet:
    """The notes about one request, match or mentor, newest first, with their authors."""
    about = {"request": request, "match": match, "mentor": mentor}
    ((field, value),) = [(k, v) for k, v in about.items() if v is not None]
    return CaseNote.objects.filter(**{field: value}).select_related("author")


def case_note_subject(*, about: str, pk: int) -> MentoringRequest | Match | MentorProfile:
    """The request, match or mentor a new note would be about; 404 if there is none."""
    models = {
        CaseNote.About.REQUEST: MentoringRequest.objects.select_related("mentee__user"),
        CaseNote.About.MATCH: Match.objects.select_related("request__mentee__user", "mentor__user"),
        CaseNote.About.MENTOR: MentorProfile.objects.select_related("user"),
    }
    queryset = models.get(about)
    subject = queryset.filter(pk=pk).first() if queryset is not None else None
    if subject is None:
        raise Http404("Nothing to write a case note about.")
    return subject


def case_note_page(*, about: str, pk: int) -> str:
    """The address of the coordinator's page the notes about this subject are shown on."""
    return reverse(SUBJECT_PAGES[CaseNote.About(about)], args=[pk]) + "#case-notes"


def case_notes_about_person(*, user: User) -> QuerySet:
    """Every note about the person: their requests, their matches (either side) and their
    mentor profile, oldest first. What a subject access request gives them."""
    return (
        CaseNote.objects.filter(
            Q(request__mentee__user=user)
            | Q(match__request__mentee__user=user)
            | Q(match__mentor__user=user)
            | Q(mentor__user=user)
        )
        .select_related("match__request__mentee__user", "match__mentor__user")
        .order_by("created_at", "id")
    )


def case_note_for_export(note: CaseNote, user: User) -> dict:
    """One note as the person it is about reads it in their copy of their data."""
    if note.request_id:
        about = f"Your mentoring request {note.request_id}"
    elif note.match_id:
        match = note.match
        other = match.mentor.user if match.request.mentee.user_id == user.pk else None
        other = other or match.request.mentee.user
        about = f"Your mentoring with {person_display_name(other)} (match {note.match_id})"
    else:
        about = "You as a mentor"
    return {
        "date": note.created_at,
        "about": about,
        "note": note.text,
        "written_by": "A scheme coordinator",
    }
