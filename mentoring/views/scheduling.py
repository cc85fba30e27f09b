"""The pair's pages to arrange their next session, change or cancel it, and download its .ics.

Only the two people of a live match see these pages (404 for anyone else, coordinators too:
the arrangements are the pair's own).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from mentoring.forms.scheduling import ScheduledSessionCancelForm, ScheduledSessionForm
from mentoring.ics import ics_filename, session_ics
from mentoring.selectors.progress import match_for_pair
from mentoring.selectors.scheduling import scheduled_for_pair
from mentoring.services.scheduling import (
    scheduled_session_cancel,
    scheduled_session_create,
    scheduled_session_update,
)
from mentoring.views.submit import form_page, submitted

EMAILED = "We have emailed you both a calendar invitation."


@login_required
@form_page
def scheduled_new(request: HttpRequest, pk: int) -> HttpResponse:
    match = match_for_pair(user=request.user, pk=pk)
    if not match.is_live:
        messages.info(request, "This mentoring has ended, so no more sessions can be arranged.")
        return redirect("mentoring:match_detail", pk=match.pk)
    form = ScheduledSessionForm(request.POST or None)
    done = submitted(
        request,
        form,
        lambda: scheduled_session_create(match=match, actor=request.user, **form.values()),
        then=reverse("mentoring:match_detail", args=[match.pk]),
        success=f"Session arranged. {EMAILED}",
    )
    if done:
        return done
    return render(
        request,
        "mentoring/scheduling/form.html",
        {"form": form, "match": match, "title": "Arrange a session", "button": "Arrange session"},
    )


@login_required
@form_page
def scheduled_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scheduled = scheduled_for_pair(user=request.user, pk=pk)
    match = scheduled.match
    if scheduled.is_cancelled:
        messages.info(request, "This session has been cancelled.")
        return redirect("mentoring:match_detail", pk=match.pk)
    initial = ScheduledSessionForm.initial_for(scheduled)
    form = ScheduledSessionForm(request.POST or None, initial=initial)
    done = submitted(
        request,
        form,
        lambda: scheduled_session_update(scheduled=scheduled, actor=request.user, **form.values()),
        then=reverse("mentoring:match_detail", args=[match.pk]),
        success=f"Session changed. {EMAILED}",
    )
    if done:
        return done
    return render(
        request,
        "mentoring/scheduling/form.html",
        {"form": form, "match": match, "title": "Change the session", "button": "Save changes"},
    )


@login_required
@form_page
def scheduled_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    scheduled = scheduled_for_pair(user=request.user, pk=pk)
    match = scheduled.match
    if scheduled.is_cancelled:
        messages.info(request, "This session has already been cancelled.")
        return redirect("mentoring:match_detail", pk=match.pk)
    form = ScheduledSessionCancelForm(request.POST if request.method == "POST" else None)
    done = submitted(
        request,
        form,
        lambda: scheduled_session_cancel(scheduled=scheduled, actor=request.user),
        then=reverse("mentoring:match_detail", args=[match.pk]),
        success="Session cancelled. We have emailed you both so your calendars drop it.",
    )
    if done:
        return done
    return render(
        request,
        "mentoring/scheduling/cancel.html",
        {"form": form, "match": match, "scheduled": scheduled},
    )


@login_required
@require_safe
def scheduled_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The session's calendar file: an invitation, or its cancellation once cancelled."""
    scheduled = scheduled_for_pair(user=request.user, pk=pk, live_only=False)
    response = HttpResponse(session_ics(scheduled), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ics_filename(scheduled)}"'
    return response
