"""The coordinator's review queue and one request's review: approve, choose another, close."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from accounts.permissions import coordinator_required
from matching.forms.review import (
    ApproveChosenMentorForm,
    ApproveSuggestionForm,
    CloseRequestForm,
    MentorSearchForm,
    ReviewQueueFilterForm,
)
from matching.presenters import percent, ranked_rows
from matching.selectors import review as review_selectors
from matching.selectors.review import (
    mentor_search,
    pair_score,
    request_for_review,
    unanswered_introductions,
)
from matching.selectors.suggestions import suggestions_for_request
from matching.views.proposals import proposal_context
from mentoring import thresholds
from mentoring.models import Match, MentoringRequest, MentorProfile
from mentoring.pagination import paginate
from mentoring.selectors.history import history_entries, request_events
from mentoring.selectors.matches import live_match_for_request, pair_rule_breaches
from mentoring.selectors.people import person_display_name
from mentoring.selectors.requests import days_waiting
from mentoring.selectors.shortlists import queue_shortlist_words
from mentoring.services.matches import match_approve, request_close
from mentoring.templatetags.explanations import score_shares
from mentoring.views.case_notes import case_notes_panel
from mentoring.views.submit import form_page, submitted

QUEUE_PAGE_SIZE = 25


def _waiting_words(days: int) -> str:
    if days < 1:
        return "Waiting since today"
    return f"Waiting {days} day{'s' if days != 1 else ''}"


@coordinator_required
@require_safe
def review_queue(request: HttpRequest) -> HttpResponse:
    form = ReviewQueueFilterForm(request.GET or None)
    page, pagination = paginate(
        request, review_selectors.review_queue(**form.filters()), QUEUE_PAGE_SIZE
    )
    now = timezone.now()
    for mentoring_request in page.object_list:
        days = days_waiting(waiting_since=mentoring_request.waiting_since, now=now)
        mentoring_request.waiting_words = _waiting_words(days)
        mentoring_request.waiting_long = days > thresholds.request_waiting_long_days()
        words, colour = queue_shortlist_words(mentoring_request)
        mentoring_request.shortlist_words, mentoring_request.shortlist_colour = words, colour
    return render(
        request,
        "matching/review/queue.html",
        {
            "filter_form": form,
            "page": page,
            "pagination": pagination,
            "unanswered": list(unanswered_introductions(now=now)),
        },
    )


# One request -----------------------------------------------------------------------------


def _request_or_404(pk: int) -> MentoringRequest:
    mentoring_request = request_for_review(pk=pk)
    if mentoring_request is None:
        raise Http404("No such mentoring request.")
    return mentoring_request


def _mentor_or_404(pk) -> MentorProfile:
    mentor = MentorProfile.objects.select_related("user", "region").filter(pk=pk).first()
    if mentor is None:
        raise Http404("No such mentor.")
    return mentor


def _review_page(
    request: HttpRequest,
    mentoring_request: MentoringRequest,
    *,
    form=None,
    close_form: CloseRequestForm | None = None,
    shortlist_form=None,
) -> HttpResponse:
    is_open = mentoring_request.status == MentoringRequest.Status.OPEN
    search_form = MentorSearchForm(request.GET or None)
    query = search_form.cleaned_data["q"] if search_form.is_valid() else ""
    context = {
        "mentoring_request": mentoring_request,
        "mentee": mentoring_request.mentee,
        "is_open": is_open,
        "history": history_entries(request_events(request=mentoring_request)),
        "form": form,
        "close_form": close_form or CloseRequestForm(),
        "search_form": search_form,
        "search_query": query,
        "case_notes": case_notes_panel(request=mentoring_request),
    }
    if is_open:
        found = suggestions_for_request(request=mentoring_request, k=5)
        context["suggestions"] = ranked_rows(found.suggestions)
        context["excluded"] = ranked_rows(found.excluded)
        context["search_results"] = mentor_search(query=query) if query else []
        context.update(
            proposal_context(
                request,
                mentoring_request,
                suggestions=context["suggestions"],
                shortlist_form=shortlist_form,
            )
        )
    else:
        context["live_match"] = live_match_for_request(request=mentoring_request)
    return render(request, "matching/review/request.html", context)


@coordinator_required
@require_safe
def review_request(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_page(request, _request_or_404(pk))


def _approved(request, form, mentoring_request, mentor, scored, *, source, override_rules=False):
    """Approve the pair with the engine's explanation as a snapshot; back to the queue after."""
    return submitted(
        request,
        form,
        lambda: match_approve(
            request=mentoring_request,
            mentor=mentor,
            coordinator=request.user,
            source=source,
            score=scored.score if scored else None,
            explanation=scored.explanation if scored else {},
            override_rules=override_rules,
        ),
        then=reverse("matching:review_queue"),
        success=(
            f"Introduction sent to {person_display_name(mentor.user)}. "
            "We have asked them to accept."
        ),
    )


@coordinator_required
@require_POST
def review_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve one of the engine's suggestions, keeping its explanation as a snapshot."""
    mentoring_request = _request_or_404(pk)
    form = ApproveSuggestionForm(request.POST)
    if not form.is_valid():
        form.add_error(None, "Choose a mentor to approve")
        return _review_page(request, mentoring_request, form=form)
    mentor = _mentor_or_404(form.cleaned_data["mentor"])
    scored = pair_score(request=mentoring_request, mentor=mentor)
    done = _approved(
        request, form, mentoring_request, mentor, scored, source=Match.Source.SUGGESTION
    )
    if done:
        return done
    return _review_page(request, mentoring_request, form=form)


@coordinator_required
@form_page
def review_choose(request: HttpRequest, pk: int, mentor_pk: int) -> HttpResponse:
    """Confirm a mentor the coordinator found by search; a broken rule needs a ticked box."""
    mentoring_request = _request_or_404(pk)
    mentor = _mentor_or_404(mentor_pk)
    breaches = pair_rule_breaches(mentee=mentoring_request.mentee, mentor=mentor)
    scored = pair_score(request=mentoring_request, mentor=mentor)
    data = request.POST if request.method == "POST" else None
    form = ApproveChosenMentorForm(data, breaches=breaches)
    done = _approved(
        request,
        form,
        mentoring_request,
        mentor,
        scored,
        source=Match.Source.MANUAL,
        override_rules=form.is_valid() and bool(form.cleaned_data.get("override_rules")),
    )
    if done:
        return done
    return render(
        request,
        "matching/review/choose.html",
        {
            "mentoring_request": mentoring_request,
            "mentee": mentoring_request.mentee,
            "mentor": mentor,
            "breaches": breaches,
            "scored": scored,
            "percent": percent(scored.score) if scored else None,
            "shares": score_shares(scored.explanation) if scored else [],
            "form": form,
            "is_open": mentoring_request.status == MentoringRequest.Status.OPEN,
        },
    )


@coordinator_required
@require_POST
def review_close(request: HttpRequest, pk: int) -> HttpResponse:
    mentoring_request = _request_or_404(pk)
    form = CloseRequestForm(request.POST)
    done = submitted(
        request,
        form,
        lambda: request_close(
            request=mentoring_request, coordinator=request.user, reason=form.cleaned_data["reason"]
        ),
        then=reverse("matching:review_queue"),
        success=(
            f"You closed the request from {mentoring_request.mentee}. "
            "The mentee will see your reason."
        ),
    )
    if done:
        return done
    return _review_page(request, mentoring_request, form=form, close_form=form)
