"""A coordinator offers a request's mentee a shortlist of suggested mentors, or takes it back."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.permissions import coordinator_required
from matching.forms.review import ShortlistOfferForm
from matching.presenters import ranked_rows
from matching.selectors.review import pair_score
from matching.selectors.suggestions import suggestions_for_request
from matching.views.review import _request_or_404, _review_page
from mentoring.models import MentoringRequest
from mentoring.selectors.shortlists import offered_shortlist
from mentoring.services.shortlists import (
    ShortlistCandidate,
    shortlist_offer,
    shortlist_release,
)
from mentoring.views.submit import submitted

SUGGESTIONS_SHOWN = 5


def _candidates(mentoring_request: MentoringRequest, rows: list[dict], chosen: list[int]):
    """The chosen mentors with the engine's score and explanation, as the review page shows."""
    mentors = {row["mentor"].pk: row["mentor"] for row in rows}
    candidates = []
    for pk in chosen:
        scored = pair_score(request=mentoring_request, mentor=mentors[pk])
        candidates.append(
            ShortlistCandidate(
                mentor=mentors[pk],
                score=scored.score if scored else None,
                explanation=scored.explanation if scored else {},
            )
        )
    return candidates


@coordinator_required
@require_POST
def review_shortlist_offer(request: HttpRequest, pk: int) -> HttpResponse:
    mentoring_request = _request_or_404(pk)
    found = suggestions_for_request(request=mentoring_request, k=SUGGESTIONS_SHOWN)
    rows = ranked_rows(found.suggestions)
    form = ShortlistOfferForm(request.POST, rows=rows)
    done = submitted(
        request,
        form,
        lambda: shortlist_offer(
            request=mentoring_request,
            coordinator=request.user,
            candidates=_candidates(mentoring_request, rows, form.cleaned_data["mentors"]),
        ),
        then=reverse("matching:review_queue"),
        success=(
            f"Shortlist offered to {mentoring_request.mentee}. We have emailed them to choose "
            "a mentor."
        ),
    )
    if done:
        return done
    return _review_page(request, mentoring_request, form=form, shortlist_form=form)


@coordinator_required
@require_POST
def review_shortlist_release(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back the shortlist waiting for the mentee; the mentors' places are freed."""
    mentoring_request = _request_or_404(pk)
    form = forms.Form(request.POST)
    shortlist = offered_shortlist(request=mentoring_request)
    if shortlist is None:
        form.add_error(None, "There is no shortlist waiting for the mentee to take back.")
        return _review_page(request, mentoring_request, form=form)
    done = submitted(
        request,
        form,
        lambda: shortlist_release(shortlist=shortlist, coordinator=request.user),
        then=reverse("matching:review_request", args=[mentoring_request.pk]),
        success="You took the shortlist back. The mentors’ places are free again.",
    )
    if done:
        return done
    return _review_page(request, mentoring_request, form=form)
