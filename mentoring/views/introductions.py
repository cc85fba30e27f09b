"""A mentor's introductions: the list, and one introduction to accept or decline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from mentoring.forms.introductions import IntroductionResponseForm
from mentoring.models import Match
from mentoring.pagination import paginate
from mentoring.selectors.requests import introductions_for_mentor, match_reasons
from mentoring.services.matches import introduction_closed_message, match_accept, match_decline
from mentoring.views.submit import form_page, submitted

ACCEPTED = "You accepted the introduction. We have emailed you both each other’s contact details."
DECLINED = (
    "You declined the introduction. Thank you for telling us why: the scheme team will find the "
    "mentee someone else."
)

INTRODUCTIONS_PER_PAGE = 20


def _match_for_mentor(request: HttpRequest, pk: int) -> Match:
    """The introduction, only if it was made to the signed-in mentor; 404 for anyone else."""
    match = (
        Match.objects.select_related(
            "request__mentee__user",
            "request__mentee__sector",
            "request__mentee__stage",
            "request__mentee__region",
            "request__mentee__legal_form",
            "mentor__user",
        )
        .prefetch_related("request__needs")
        .filter(pk=pk, mentor__user=request.user)
        .exclude(status=Match.Status.PROPOSED)
        .first()
    )
    if match is None:
        raise Http404("No introduction here for you.")
    return match


@login_required
@require_safe
def introduction_list(request: HttpRequest) -> HttpResponse:
    page, pagination = paginate(
        request, introductions_for_mentor(user=request.user), INTRODUCTIONS_PER_PAGE
    )
    return render(
        request,
        "mentoring/introductions/list.html",
        {
            "page": page,
            "pagination": pagination,
        },
    )


@login_required
@form_page
def introduction(request: HttpRequest, pk: int) -> HttpResponse:
    match = _match_for_mentor(request, pk)
    mentee = match.request.mentee
    form = IntroductionResponseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and (closed := introduction_closed_message(match)):
        # Answered, withdrawn or cancelled since the page was shown: say so, show it as it is.
        messages.info(request, closed)
        return redirect("mentoring:introduction", pk=match.pk)
    accepting = form.accepting
    done = submitted(
        request,
        form,
        lambda: (
            match_accept(match=match, actor=request.user)
            if accepting
            else match_decline(match=match, actor=request.user, reason=form.cleaned_data["reason"])
        ),
        then=reverse("mentoring:introduction", args=[match.pk]),
        success=ACCEPTED if accepting else DECLINED,
    )
    if done:
        return done
    return render(
        request,
        "mentoring/introductions/introduction.html",
        {
            "match": match,
            "mentee": mentee,
            "form": form,
            # The mentee's own words appear in the shared terms only if they agreed to share.
            "reasons": match_reasons(
                explanation=match.explanation, with_terms=mentee.consent_to_share
            ),
            "can_answer": match.status == Match.Status.APPROVED,
            "show_contact": match.status in (*Match.LIVE_STATUSES, Match.Status.COMPLETED),
        },
    )
