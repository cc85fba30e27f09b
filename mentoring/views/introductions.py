"""A mentor reads an introduction made to them and accepts or declines it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from mentoring.forms.introductions import IntroductionResponseForm
from mentoring.models import Match
from mentoring.services.matches import match_accept, match_decline


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
def introduction(request: HttpRequest, pk: int) -> HttpResponse:
    match = _match_for_mentor(request, pk)
    form = IntroductionResponseForm(request.POST or None)
    if request.method == "POST" and match.status == Match.Status.APPROVED and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                match_accept(match=match, actor=request.user)
                messages.success(
                    request, "Thank you. We have emailed you both each other’s contact details."
                )
            else:
                match_decline(match=match, actor=request.user, reason=form.cleaned_data["reason"])
                messages.success(
                    request, "You declined the introduction. We will find someone else."
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("mentoring:introduction", pk=match.pk)
    return render(
        request,
        "mentoring/introductions/introduction.html",
        {
            "match": match,
            "mentee": match.request.mentee,
            "form": form,
            "can_answer": match.status == Match.Status.APPROVED,
            "show_contact": match.status in (*Match.LIVE_STATUSES, Match.Status.COMPLETED),
        },
    )
