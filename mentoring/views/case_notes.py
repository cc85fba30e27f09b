"""Coordinators' case notes: the notes panel shown on a request, a match and a mentor's page,
and the page a note is written from (the panel posts here; errors are shown here)."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.permissions import coordinator_required
from mentoring.forms.case_notes import CaseNoteForm
from mentoring.models import CaseNote, Match, MentoringRequest, MentorProfile
from mentoring.selectors.case_notes import case_note_page, case_note_subject, case_notes_about
from mentoring.services.case_notes import case_note_create
from mentoring.views.submit import form_page, submitted


@dataclass(frozen=True)
class CaseNotesPanel:
    """What `templates/components/case_notes.html` shows: the notes and a form for a new one."""

    notes: list[CaseNote]
    form: CaseNoteForm
    action: str


def case_notes_panel(
    *,
    request: MentoringRequest | None = None,
    match: Match | None = None,
    mentor: MentorProfile | None = None,
) -> CaseNotesPanel:
    """The notes panel for a coordinator's page about one request, match or mentor."""
    subjects = {
        CaseNote.About.REQUEST: request,
        CaseNote.About.MATCH: match,
        CaseNote.About.MENTOR: mentor,
    }
    about, subject = next((kind, value) for kind, value in subjects.items() if value is not None)
    return CaseNotesPanel(
        notes=list(case_notes_about(request=request, match=match, mentor=mentor)),
        form=CaseNoteForm(),
        action=reverse("mentoring:case_note_new", args=[about, subject.pk]),
    )


def _subject_words(subject) -> str:
    if isinstance(subject, MentoringRequest):
        return f"the mentoring request from {subject.mentee.organisation_name or 'a mentee'}"
    if isinstance(subject, Match):
        return f"match {subject.pk}"
    return "this mentor"


@coordinator_required
@form_page
def case_note_new(request: HttpRequest, about: str, pk: int) -> HttpResponse:
    subject = case_note_subject(about=about, pk=pk)
    form = CaseNoteForm(request.POST or None)
    done = submitted(
        request,
        form,
        lambda: case_note_create(
            author=request.user, text=form.cleaned_data["text"], **{about: subject}
        ),
        then=case_note_page(about=about, pk=pk),
        success="Case note saved.",
    )
    if done:
        return done
    return render(
        request,
        "mentoring/case_notes/new.html",
        {
            "form": form,
            "subject": subject,
            "about": about,
            "subject_words": _subject_words(subject),
            "back": case_note_page(about=about, pk=pk),
            "notes": case_notes_about(**{about: subject}),
        },
    )
