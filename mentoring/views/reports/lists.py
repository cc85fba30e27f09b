"""The coordinator's filtered lists and action lists, 25 rows a page with GOV.UK pagination."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from accounts.permissions import coordinator_required
from mentoring import thresholds
from mentoring.forms.reports import (
    FeedbackFilterForm,
    MatchFilterForm,
    RequestFilterForm,
    SessionFilterForm,
)
from mentoring.pagination import paginate
from mentoring.selectors.reports import lists
from mentoring.views.nudges import action_row_links

PER_PAGE = 25


@dataclass(frozen=True)
class ReportList:
    title: str
    form: type[forms.Form]
    rows: Callable
    template: str
    empty: str


LISTS = {
    "requests": ReportList(
        "Mentoring requests",
        RequestFilterForm,
        lambda f: lists.requests_list(filters=f),
        "mentoring/reports/requests.html",
        "No mentoring requests match these filters.",
    ),
    "matches": ReportList(
        "Matches",
        MatchFilterForm,
        lambda f: lists.matches_list(filters=f),
        "mentoring/reports/matches.html",
        "No matches match these filters.",
    ),
    "sessions": ReportList(
        "Session logs",
        SessionFilterForm,
        lambda f: lists.sessions_list(filters=f),
        "mentoring/reports/sessions.html",
        "No session logs match these filters.",
    ),
    "feedback": ReportList(
        "Feedback",
        FeedbackFilterForm,
        lambda f: lists.feedback_list(filters=f),
        "mentoring/reports/feedback.html",
        "No feedback matches these filters.",
    ),
}


@dataclass(frozen=True)
class ActionList:
    title: str
    summary: str
    rows: Callable
    template: str
    empty: str


# The thresholds as the settings give them when the service starts (mentoring/thresholds.py).
_WAITING = thresholds.request_waiting_long_days()
_UNANSWERED = thresholds.introduction_reminder_days()
_QUIET = thresholds.no_session_days()

ACTIONS = {
    "waiting": ActionList(
        f"Requests waiting over {_WAITING} days",
        f"Open mentoring requests that have waited more than {_WAITING} days for a mentor.",
        lists.requests_waiting_long,
        "mentoring/reports/action_waiting.html",
        f"No request has waited more than {_WAITING} days.",
    ),
    "unanswered": ActionList(
        f"Introductions unanswered over {_UNANSWERED} days",
        f"Introductions sent more than {_UNANSWERED} days ago that the mentor has not accepted "
        "or declined.",
        lists.introductions_unanswered,
        "mentoring/reports/action_unanswered.html",
        f"Every introduction has been answered within {_UNANSWERED} days.",
    ),
    "quiet": ActionList(
        f"Pairs with no session for {_QUIET} days",
        f"Pairs working together with no session logged in the last {_QUIET} days.",
        lists.matches_gone_quiet,
        "mentoring/reports/action_quiet.html",
        f"Every pair has logged a session in the last {_QUIET} days.",
    ),
    "low_ratings": ActionList(
        "Low feedback ratings",
        "Feedback rated 2 out of 5 or lower.",
        lists.low_ratings,
        "mentoring/reports/action_low_ratings.html",
        "No feedback has been rated 2 or lower.",
    ),
}


def link_to(name: str, pk: int) -> str:
    """The address of a page another part of the service provides, or "" if it is not there
    (the row then shows plain text rather than a dead link)."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


@coordinator_required
@require_safe
def report_list(request: HttpRequest, kind: str) -> HttpResponse:
    report = LISTS.get(kind)
    if report is None:
        raise Http404("No such list")
    return list_page(request, kind, report.form(request.GET or None))


def list_page(request: HttpRequest, kind: str, form: forms.Form, status: int = 200) -> HttpResponse:
    """A list with its filter form, and the form's errors if it has any (the export answers
    400 with this page when its filters are wrong)."""
    report = LISTS[kind]
    page, pagination = paginate(request, report.rows(form.filters()), PER_PAGE)
    rows = list(page.object_list)
    for row in rows:
        match_id = getattr(row, "match_id", None) or (row.pk if kind == "matches" else None)
        row.link = link_to("mentoring:coordinator_match", match_id) if match_id else ""
        if kind == "requests":
            row.link = link_to("matching:review_request", row.pk)
    params = request.GET.copy()
    params.pop("page", None)
    valid = form.is_bound and form.is_valid()
    context = {
        "kind": kind,
        "report": report,
        "form": form if form.is_bound else None,
        "filter_form": form,
        "page": page,
        "rows": rows,
        "pagination": pagination,
        "export_query": params.urlencode() if valid else "",
        "filtered": valid and any(form.cleaned_data.values()),
    }
    return render(request, report.template, context, status=status)


@coordinator_required
@require_safe
def action_list(request: HttpRequest, kind: str) -> HttpResponse:
    action = ACTIONS.get(kind)
    if action is None:
        raise Http404("No such list")
    snoozed = request.GET.get("snoozed") == "1"  # the rows snoozed for now, listed apart
    page, pagination = paginate(request, action.rows(snoozed=snoozed), PER_PAGE)
    rows = list(page.object_list)
    for row in rows:
        if kind == "waiting":
            row.link = link_to("matching:review_request", row.pk)
        else:
            row.link = link_to("mentoring:coordinator_match", getattr(row, "match_id", row.pk))
    action_row_links(kind, rows, snoozed=snoozed)
    context = {"kind": kind, "action": action, "rows": rows, "pagination": pagination}
    context["snoozed"] = snoozed
    context["snoozed_count"] = pagination["count"] if snoozed else action.rows(snoozed=True).count()
    return render(request, action.template, context)
