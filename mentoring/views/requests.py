"""A mentee asks for a mentor, follows the request in plain words, and can withdraw it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from mentoring.forms.requests import MentoringRequestForm, RequestWithdrawForm
from mentoring.models import Match, MentoringRequest
from mentoring.onboarding_flows import MENTEE_FLOW
from mentoring.selectors.profiles import mentee_profile_for_user
from mentoring.selectors.requests import (
    live_request_for_mentee,
    match_reasons,
    request_for_mentee,
    request_history,
    request_latest_match,
    request_progress,
)
from mentoring.selectors.shortlists import offered_shortlist, shortlist_waiting_words
from mentoring.selectors.waits import typical_wait
from mentoring.services.matches import (
    ALREADY_ASKED,
    NOTHING_TO_WITHDRAW,
    request_create,
    request_withdraw,
)
from mentoring.views.submit import form_page, submitted


def _own_request(request: HttpRequest, pk: int) -> MentoringRequest:
    """The mentoring request, only for the mentee who made it; 404 for anyone else."""
    mentoring_request = request_for_mentee(user=request.user, pk=pk)
    if mentoring_request is None:
        raise Http404("No mentoring request here for you.")
    return mentoring_request


def _withdraw_blocker(mentoring_request: MentoringRequest, match: Match | None) -> str:
    """Why this request cannot be withdrawn now, or "" when it can."""
    if mentoring_request.status not in MentoringRequest.LIVE_STATUSES:
        return NOTHING_TO_WITHDRAW
    if match is not None and match.status in Match.LIVE_STATUSES:
        return (
            "You are being mentored through this request. End your mentoring before "
            "withdrawing the request."
        )
    return ""


@login_required
@form_page
def request_new(request: HttpRequest) -> HttpResponse:
    mentee = mentee_profile_for_user(user=request.user)
    if mentee is None or not mentee.is_complete:
        messages.info(request, "Finish telling us about your mutual before you ask for a mentor.")
        return redirect(MENTEE_FLOW.resume_url(mentee))
    live = live_request_for_mentee(mentee=mentee)
    if live is not None:
        messages.info(request, ALREADY_ASKED)
        return redirect("mentoring:request_detail", pk=live.pk)
    form = MentoringRequestForm(request.POST if request.method == "POST" else None, mentee=mentee)
    done = submitted(
        request,
        form,
        lambda: request_create(
            mentee=mentee,
            needs=form.cleaned_data["needs"],
            goals=form.cleaned_data["goals"],
            actor=request.user,
        ),
        then=lambda created: reverse("mentoring:request_detail", args=[created.pk]),
        success=(
            "We have your request. A scheme coordinator will look for a mentor for you, and "
            "we will email you when we have asked one."
        ),
    )
    if done:
        return done
    if request.method == "POST" and (live := live_request_for_mentee(mentee=mentee)):
        # Another press of the button (or another tab) asked first: show that request.
        messages.info(request, ALREADY_ASKED)
        return redirect("mentoring:request_detail", pk=live.pk)
    return render(request, "mentoring/requests/new.html", {"form": form, "mentee": mentee})


@login_required
@require_safe
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mentoring_request = _own_request(request, pk)
    match = request_latest_match(request=mentoring_request)
    progress = request_progress(request=mentoring_request, match=match)
    can_ask_again = (
        mentoring_request.status not in MentoringRequest.LIVE_STATUSES
        and live_request_for_mentee(mentee=mentoring_request.mentee) is None
    )
    return render(
        request,
        "mentoring/requests/detail.html",
        {
            "mentoring_request": mentoring_request,
            "progress": progress,
            "match": match,
            "reasons": match_reasons(explanation=match.explanation) if match else [],
            "history": request_history(request=mentoring_request),
            "can_withdraw": not _withdraw_blocker(mentoring_request, match),
            "can_ask_again": can_ask_again,
            "wait": typical_wait() if progress.waiting else None,
            "shortlist": offered_shortlist(request=mentoring_request),
            "shortlist_words": shortlist_waiting_words(mentee="you"),
        },
    )


@login_required
@form_page
def request_withdraw_page(request: HttpRequest, pk: int) -> HttpResponse:
    mentoring_request = _own_request(request, pk)
    match = request_latest_match(request=mentoring_request)
    form = RequestWithdrawForm(request.POST if request.method == "POST" else None)
    blocker = _withdraw_blocker(mentoring_request, match)
    if request.method == "POST" and blocker:
        form.add_error(None, blocker)
    else:
        done = submitted(
            request,
            form,
            lambda: request_withdraw(request=mentoring_request, actor=request.user),
            then=reverse("mentoring:request_detail", args=[mentoring_request.pk]),
            success=(
                "You withdrew your request. We will not look for a mentor for it. You can ask "
                "for a mentor again at any time."
            ),
        )
        if done:
            return done
    return render(
        request,
        "mentoring/requests/withdraw.html",
        {"mentoring_request": mentoring_request, "match": match, "form": form, "blocker": blocker},
    )
