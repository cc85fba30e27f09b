"""The pair's pages (match, sessions, feedback, ending) and the coordinator's match page.

Every page checks who is asking: only the two people in a match see it (404 for anyone else);
the coordinator's page needs a coordinator and never shows the notes the pair write for each other.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.permissions import coordinator_required
from mentoring import thresholds
from mentoring.forms.goals import goal_ratings_of
from mentoring.forms.progress import (
    FEEDBACK_QUESTIONS,
    FeedbackForm,
    MatchCancelForm,
    MatchEndForm,
    SessionLogForm,
)
from mentoring.models import Feedback, Match
from mentoring.selectors.goals import goals_for_match
from mentoring.selectors.history import history_entries, match_events
from mentoring.selectors.people import person_display_name
from mentoring.selectors.progress import (
    feedback_due,
    feedback_for_match,
    introduction_overdue,
    match_for_coordinator,
    match_for_logging,
    match_for_pair,
    role_in_match,
    session_can_change,
    session_for_pair,
    sessions_for_match,
    sessions_without_notes,
    totals_of,
)
from mentoring.selectors.scheduling import match_scheduling, scheduled_log_initial
from mentoring.services.matches import match_cancel, match_end
from mentoring.services.nudges import NUDGE_STATUSES
from mentoring.services.progress import (
    AlreadySubmitted,
    feedback_give,
    session_log_create,
    session_log_delete,
    session_log_update,
)
from mentoring.views.case_notes import case_notes_panel
from mentoring.views.submit import form_page, submitted


def _other_person(match: Match, role: str):
    return match.mentor.user if role == Feedback.Role.MENTEE else match.request.mentee.user


@login_required
def match_detail(request: HttpRequest, pk: int) -> HttpResponse:
    match = match_for_pair(user=request.user, pk=pk)
    role = role_in_match(match=match, user=request.user)
    sessions = list(sessions_for_match(match=match))
    for session in sessions:
        session.can_change = session_can_change(session=session, user=request.user)
    own_feedback = list(match.feedback.filter(author_role=role))
    return render(
        request,
        "mentoring/progress/match_detail.html",
        {
            "match": match,
            "role": role,
            "other": _other_person(match, role),
            "sessions": sessions,
            "totals": totals_of(sessions),
            "own_feedback": own_feedback,
            "scheduling": match_scheduling(match=match, user=request.user),
            "goals": goals_for_match(match=match),
            "due": feedback_due(
                match=match, role=role, feedback=own_feedback, has_sessions=bool(sessions)
            ),
        },
    )


def _session_page(request: HttpRequest, *, match: Match, session=None) -> HttpResponse:
    """Log a new session (no `session`) or change one; both use the same form and page."""
    initial = (
        SessionLogForm.initial_for(session)
        if session
        else scheduled_log_initial(match=match, scheduled_id=request.GET.get("scheduled"))
    )
    form = SessionLogForm(request.POST or None, match=match, initial=initial)
    repeats: list[AlreadySubmitted] = []

    def save():
        data = form.cleaned_data
        values = {
            "actor": request.user,
            "date": data["date"],
            "duration_minutes": data["duration_minutes"],
            "format": data["format"],
            "topics": data["topics"],
            "notes": data["notes"],
            "goal": data.get("goal"),
            "goal_progress": data.get("goal_progress", ""),
        }
        if session is not None:
            return session_log_update(session=session, **values)
        try:
            return session_log_create(match=match, submission_key=form.submitted_key, **values)
        except AlreadySubmitted as repeat:  # the same form sent twice: show the first one
            repeats.append(repeat)
            return repeat.record

    # An introduction not answered yet has no match page: back to the dashboard instead.
    back = (
        reverse("mentoring:match_detail", args=[match.pk])
        if match.status in Match.ACCEPTED_STATUSES
        else reverse("mentoring:home")
    )
    done = submitted(request, form, save, then=back)
    if done:
        if repeats:
            messages.info(request, repeats[0].message)
        else:
            messages.success(request, "Session updated." if session else "Session logged.")
        return done
    title, button = (
        ("Change a session", "Save changes") if session else ("Log a session", "Save session")
    )
    return render(
        request,
        "mentoring/progress/session_form.html",
        {"form": form, "match": match, "title": title, "button": button, "back": back},
    )


@login_required
@form_page
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    match = match_for_logging(user=request.user, pk=pk)
    if not match.can_log_sessions:
        messages.info(request, "This mentoring has ended, so no more sessions can be logged.")
        return redirect("mentoring:match_detail", pk=match.pk)
    return _session_page(request, match=match)


def _changeable_session(request: HttpRequest, pk: int):
    session = session_for_pair(user=request.user, pk=pk)
    if not session_can_change(session=session, user=request.user):
        messages.info(
            request,
            "Only the person who logged a session can change it, for "
            f"{thresholds.session_edit_days()} days after logging it.",
        )
        return session, redirect("mentoring:match_detail", pk=session.match_id)
    return session, None


@login_required
@form_page
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session, refused = _changeable_session(request, pk)
    if refused:
        return refused
    return _session_page(request, match=session.match, session=session)


@login_required
@form_page
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session, refused = _changeable_session(request, pk)
    if refused:
        return refused
    error = None
    if request.method == "POST":
        try:
            session_log_delete(session=session, actor=request.user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, "Session deleted.")
            return redirect("mentoring:match_detail", pk=session.match_id)
    return render(
        request,
        "mentoring/progress/session_delete.html",
        {"session": session, "match": session.match, "error": error},
    )


@login_required
@form_page
def feedback_page(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    match = match_for_pair(user=request.user, pk=pk)
    if stage not in Feedback.Stage.values:
        raise Http404("No such feedback.")
    role = role_in_match(match=match, user=request.user)
    if match.feedback.filter(author_role=role, stage=stage).exists():
        messages.info(request, "You have already given this feedback. Thank you.")
        return redirect("mentoring:match_detail", pk=match.pk)
    goals = goals_for_match(match=match) if stage == Feedback.Stage.CLOSE else []
    form = FeedbackForm(request.POST or None, label=FEEDBACK_QUESTIONS[stage], goals=goals)
    done = submitted(
        request,
        form,
        lambda: feedback_give(
            match=match,
            actor=request.user,
            stage=stage,
            rating=form.cleaned_data["rating"],
            comments=form.cleaned_data["comments"],
            goal_ratings=goal_ratings_of(form.cleaned_data) if goals else None,
        ),
        then=reverse("mentoring:match_detail", args=[match.pk]),
        success="Thank you for your feedback.",
    )
    if done:
        return done
    return render(
        request,
        "mentoring/progress/feedback_form.html",
        {"form": form, "match": match, "stage": Feedback.Stage(stage), "role": role},
    )


@login_required
@form_page
def match_end_page(request: HttpRequest, pk: int) -> HttpResponse:
    match = match_for_pair(user=request.user, pk=pk)
    if match.status in Match.FINISHED_STATUSES:
        return redirect("mentoring:match_ended", pk=match.pk)
    role = role_in_match(match=match, user=request.user)
    other = _other_person(match, role)
    form = MatchEndForm(request.POST or None)
    answered = _end_confirmed_or_asked(
        request,
        form,
        match,
        then=reverse("mentoring:match_ended", args=[match.pk]),
        question=f"Are you sure you want to end your mentoring with {person_display_name(other)}?",
    )
    if answered:
        return answered
    return render(
        request,
        "mentoring/progress/match_end.html",
        {"form": form, "match": match, "other": other},
    )


def _end_confirmed_or_asked(
    request: HttpRequest, form: MatchEndForm, match: Match, *, question: str, **urls: str
) -> HttpResponse | None:
    """Ending a match is asked twice: valid answers first show a page to confirm them.

    The confirmation page posts the same answers back with `confirm` (only then does the
    service run) or with `change` (the form again, answers kept). None when the form page
    should be shown.
    """
    if "change" in request.POST:
        return None  # back to the form, answers kept
    if request.method == "POST" and form.is_valid() and request.POST.get("confirm") != "yes":
        return render(
            request,
            "mentoring/progress/match_end_confirm.html",
            {
                "form": form,
                "match": match,
                "question": question,
                "reason_label": Match.EndReason(form.cleaned_data["reason"]).label,
            },
        )
    return submitted(
        request,
        form,
        lambda: match_end(match=match, actor=request.user, **form.cleaned_data),
        then=urls["then"],
        success=urls.get("success", ""),
    )


@login_required
def match_ended(request: HttpRequest, pk: int) -> HttpResponse:
    match = match_for_pair(user=request.user, pk=pk)
    if match.status not in Match.FINISHED_STATUSES:
        return redirect("mentoring:match_detail", pk=match.pk)
    role = role_in_match(match=match, user=request.user)
    return render(
        request,
        "mentoring/progress/match_ended.html",
        {"match": match, "role": role, "other": _other_person(match, role)},
    )


# Coordinators -------------------------------------------------------------------------------


def _coordinator_context(match: Match) -> dict:
    history = history_entries(match_events(match=match))
    sessions = list(sessions_without_notes(match=match))
    return {
        "match": match,
        "sessions": sessions,
        "totals": totals_of(sessions),
        "feedback": list(feedback_for_match(match=match)),
        "goals": goals_for_match(match=match, with_progress=False),
        "history": history,
        "overdue": introduction_overdue(match=match),
        "can_cancel": match.status == Match.Status.APPROVED,
        "can_end": match.is_live,
        "can_nudge": match.status in NUDGE_STATUSES,
        "case_notes": case_notes_panel(match=match),
    }


@coordinator_required
def coordinator_match(request: HttpRequest, pk: int) -> HttpResponse:
    match = match_for_coordinator(pk=pk)
    return render(request, "mentoring/progress/coordinator_match.html", _coordinator_context(match))


@coordinator_required
@form_page
def coordinator_match_end(request: HttpRequest, pk: int) -> HttpResponse:
    match = match_for_coordinator(pk=pk)
    if not match.is_live:
        messages.info(request, "This match is not live, so it cannot be ended.")
        return redirect("mentoring:coordinator_match", pk=match.pk)
    form = MatchEndForm(request.POST or None)
    answered = _end_confirmed_or_asked(
        request,
        form,
        match,
        then=reverse("mentoring:coordinator_match", args=[match.pk]),
        success="The match has ended. We have asked both for feedback.",
        question="Are you sure you want to end this match?",
    )
    if answered:
        return answered
    return render(
        request,
        "mentoring/progress/coordinator_action.html",
        {"form": form, "match": match, "title": "End this match", "button": "End the match"},
    )


@coordinator_required
@form_page
def coordinator_match_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    match = match_for_coordinator(pk=pk)
    if match.status != Match.Status.APPROVED:
        messages.info(request, "Only an introduction the mentor has not answered can be cancelled.")
        return redirect("mentoring:coordinator_match", pk=match.pk)
    form = MatchCancelForm(request.POST or None)
    done = submitted(
        request,
        form,
        lambda: match_cancel(
            match=match, coordinator=request.user, reason=form.cleaned_data["reason"]
        ),
        then=reverse("mentoring:coordinator_match", args=[match.pk]),
        success="Introduction cancelled. The request is back in the queue.",
    )
    if done:
        return done
    return render(
        request,
        "mentoring/progress/coordinator_action.html",
        {
            "form": form,
            "match": match,
            "title": "Cancel this introduction",
            "button": "Cancel the introduction",
        },
    )
