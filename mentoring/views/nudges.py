"""Chasing from the action lists and the match page: "Email both" and "Snooze" for a row."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.permissions import coordinator_required
from mentoring.forms.case_notes import NudgeForm
from mentoring.models import Match, MentoringRequest
from mentoring.selectors.nudges import PAIR_ACTION_LISTS, nudge_draft
from mentoring.selectors.people import person_display_name
from mentoring.selectors.progress import match_for_coordinator
from mentoring.services.nudges import NUDGE_STATUSES, match_snooze, nudge_send, request_snooze
from mentoring.views.submit import form_page, submitted

SNOOZABLE_LISTS = ("waiting", *PAIR_ACTION_LISTS)


def _action_list_url(kind: str) -> str:
    return reverse("mentoring:action_list", args=[kind])


def action_row_links(kind: str, rows: list, *, snoozed: bool) -> None:
    """Give each row of an action list its "Email both" and snooze (or lift) addresses."""
    for row in rows:
        pk = row.match_id if kind == "low_ratings" else row.pk
        record = row.match if kind == "low_ratings" else row
        mentee = record.mentee if kind == "waiting" else record.request.mentee
        row.chase_label = mentee.organisation_name or person_display_name(mentee.user)
        row.snoozed_until_shown = record.snoozed_until
        row.nudge_url = (
            f"{reverse('mentoring:nudge', args=[pk])}?from={kind}"
            if kind in PAIR_ACTION_LISTS
            else ""
        )
        name = "mentoring:action_unsnooze" if snoozed else "mentoring:action_snooze"
        row.snooze_url = reverse(name, args=[kind, pk])


@coordinator_required
@form_page
def nudge(request: HttpRequest, pk: int) -> HttpResponse:
    match = match_for_coordinator(pk=pk)
    kind = request.GET.get("from", "")
    kind = kind if kind in PAIR_ACTION_LISTS else ""
    back = _action_list_url(kind) if kind else reverse("mentoring:coordinator_match", args=[pk])
    if match.status not in NUDGE_STATUSES:
        messages.info(request, "Only a pair still being introduced or mentoring can be emailed.")
        return redirect("mentoring:coordinator_match", pk=match.pk)
    draft = nudge_draft(match=match, action_list=kind)
    form = NudgeForm(request.POST or None, initial={"subject": draft.subject, "body": draft.body})
    mentee, mentor = match.request.mentee.user, match.mentor.user
    done = submitted(
        request,
        form,
        lambda: nudge_send(
            match=match, coordinator=request.user, action_list=kind, **form.cleaned_data
        ),
        then=back,
        success=(f"Email sent to {person_display_name(mentee)} and {person_display_name(mentor)}."),
    )
    if done:
        return done
    return render(
        request,
        "mentoring/nudges/email_both.html",
        {"form": form, "match": match, "back": back, "title": "Email both", "button": "Send"},
    )


def _snooze_target(kind: str, pk: int) -> MentoringRequest | Match:
    if kind not in SNOOZABLE_LISTS:
        raise Http404("No such list")
    return get_object_or_404(MentoringRequest if kind == "waiting" else Match, pk=pk)


def _snoozed(request: HttpRequest, kind: str, pk: int, *, lift: bool) -> HttpResponse:
    record = _snooze_target(kind, pk)
    service = request_snooze if isinstance(record, MentoringRequest) else match_snooze
    try:
        changed = service(
            **{"request" if kind == "waiting" else "match": record},
            coordinator=request.user,
            action_list=kind,
            lift=lift,
        )
    except ValidationError as error:
        messages.info(request, error.messages[0])
        return redirect(_action_list_url(kind))
    if lift:
        messages.success(request, "Snooze lifted. The row is back on the list.")
        return redirect(_action_list_url(kind))
    messages.success(
        request,
        f"Snoozed until {changed.snoozed_until:%-d %B %Y}. It comes back on the list then.",
    )
    return redirect(_action_list_url(kind))


@coordinator_required
@require_POST
def action_snooze(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    return _snoozed(request, kind, pk, lift=False)


@coordinator_required
@require_POST
def action_unsnooze(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    return _snoozed(request, kind, pk, lift=True)
