"""The coordinator's whole-cohort matching runs: start one, watch it, edit the draft, publish it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from accounts.permissions import coordinator_required
from matching.forms.runs import RunActionForm, RunStartForm, SwapForm
from matching.models import MatchingRun
from matching.selectors import runs as selectors_runs
from matching.services import drafts
from matching.services import runs as run_services
from mentoring.pagination import pagination_links
from mentoring.views.submit import form_page, submitted

RUNS_PER_PAGE = 20
PAIRS_PER_PAGE = 50


def _review_url(request_id: int) -> str:
    return reverse("matching:review_request", args=[request_id])


def _runs_page(request: HttpRequest, form: RunStartForm) -> HttpResponse:
    runs_list = selectors_runs.runs_for_list()
    page = Paginator(runs_list, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "matching/runs/list.html",
        {
            "form": form,
            "runs": page,
            "pagination": pagination_links(request, page, "page"),
            "now": selectors_runs.cohort_now(),
        },
    )


@coordinator_required
@require_safe
def runs(request: HttpRequest) -> HttpResponse:
    return _runs_page(request, RunStartForm(initial={"mode": "plain"}))


@coordinator_required
@require_POST
def run_start(request: HttpRequest) -> HttpResponse:
    form = RunStartForm(request.POST)
    done = submitted(
        request,
        form,
        lambda: run_services.run_start(coordinator=request.user, fairness=form.fairness),
        then=lambda run: reverse("matching:run_detail", args=[run.pk]),
    )
    return done or _runs_page(request, form)


def _run(pk: int) -> MatchingRun:
    return get_object_or_404(
        MatchingRun.objects.select_related("started_by", "published_by"), pk=pk
    )


@coordinator_required
@require_safe
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    if not run.is_finished:
        return render(request, "matching/runs/progress.html", {"run": run})
    if run.status == MatchingRun.Status.FAILED:
        return render(request, "matching/runs/failed.html", {"run": run})
    pairs = Paginator(selectors_runs.run_pairs(run), PAIRS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    unmatched = Paginator(selectors_runs.run_unmatched(run), PAIRS_PER_PAGE).get_page(
        request.GET.get("unmatched_page")
    )
    published = run.status == MatchingRun.Status.PUBLISHED
    problems = selectors_runs.publish_problems(run) if published else []
    return render(
        request,
        "matching/runs/detail.html",
        {
            "run": run,
            "outcome": selectors_runs.publish_outcome(run) if published else None,
            "problems": [(pair, _review_url(pair.request_id)) for pair in problems],
            "totals": selectors_runs.draft_totals(run),
            "average": run.total / run.matched_count if run.matched_count else 0.0,
            "is_draft": run.is_draft,
            "pairs": pairs,
            "pair_rows": [(pair, _review_url(pair.request_id)) for pair in pairs],
            "pairs_pagination": pagination_links(request, pairs, "page"),
            "unmatched": unmatched,
            "unmatched_rows": [(pair, _review_url(pair.request_id)) for pair in unmatched],
            "unmatched_pagination": pagination_links(request, unmatched, "unmatched_page"),
        },
    )


@coordinator_required
@require_safe
@never_cache
def run_status(request: HttpRequest, pk: int) -> JsonResponse:
    run = _run(pk)
    return JsonResponse(
        {
            "status": run.status,
            "status_label": run.get_status_display(),
            "progress": run.progress,
            "message": run.progress_message,
            "is_finished": run.is_finished,
            "detail_url": reverse("matching:run_detail", args=[run.pk]),
        }
    )


def _refused(request: HttpRequest, run: MatchingRun, moving_to: str | None = None):
    """Back to the run with the reason, when its page offers an action the run cannot take.

    The words come from the run's transition table; the service checks again under its lock.
    """
    refusal = run.refusal(moving_to)
    if not refusal:
        return None
    messages.error(request, refusal)
    return redirect("matching:run_detail", pk=run.pk)


def _run_url(run: MatchingRun) -> str:
    return reverse("matching:run_detail", args=[run.pk])


@coordinator_required
@require_POST
def run_pair_remove(request: HttpRequest, pk: int, pair_pk: int) -> HttpResponse:
    """A button on the draft: a refusal is shown in the banner there, as the pair has no page."""
    run = _run(pk)
    pair = get_object_or_404(selectors_runs.run_pairs(run), pk=pair_pk)
    form = RunActionForm(request.POST)
    done = submitted(
        request,
        form,
        lambda: drafts.draft_pair_remove(pair=pair, coordinator=request.user),
        then=_run_url(run),
        success=(
            f"{pair.request.mentee.organisation_name} and {pair.mentor.user.display_name} "
            "were taken out of the draft."
        ),
    )
    if done:
        return done
    messages.error(request, " ".join(form.non_field_errors()))
    return redirect("matching:run_detail", pk=run.pk)


@coordinator_required
@form_page
def run_pair_swap(request: HttpRequest, pk: int, pair_pk: int) -> HttpResponse:
    run = _run(pk)
    refused = _refused(request, run)
    if refused:
        return refused
    pair = get_object_or_404(selectors_runs.run_pairs(run).filter(removed=False), pk=pair_pk)
    choices = selectors_runs.swap_choices(pair)
    form = SwapForm(request.POST if request.method == "POST" else None, choices=choices)
    mentor = form.chosen_mentor() if form.is_bound and form.is_valid() else None
    done = submitted(
        request,
        form,
        lambda: drafts.draft_pair_swap(pair=pair, mentor=mentor, coordinator=request.user),
        then=_run_url(run),
        success=(
            f"{mentor.user.display_name} is now proposed for "
            f"{pair.request.mentee.organisation_name}."
        )
        if mentor
        else "",
    )
    return done or render(
        request,
        "matching/runs/swap.html",
        {"run": run, "pair": pair, "form": form, "choices": choices},
    )


def _run_action_page(
    request: HttpRequest,
    run: MatchingRun,
    *,
    moving_to: str,
    action,
    then: str,
    success: str = "",
    template: str,
    context: dict | None = None,
) -> HttpResponse:
    """A page that asks to confirm a move of the run (publish, discard), then makes it."""
    refused = _refused(request, run, moving_to)
    if refused:
        return refused
    form = RunActionForm(request.POST if request.method == "POST" else None)
    done = submitted(request, form, action, then=then, success=success)
    return done or render(request, template, {"run": run, "form": form, **(context or {})})


@coordinator_required
@form_page
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    return _run_action_page(
        request,
        run,
        moving_to=MatchingRun.Status.PUBLISHED,
        action=lambda: run_services.run_publish(run=run, coordinator=request.user),
        then=_run_url(run),
        template="matching/runs/publish.html",
        context={"totals": selectors_runs.draft_totals(run)},
    )


@coordinator_required
@form_page
def run_discard(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    return _run_action_page(
        request,
        run,
        moving_to=MatchingRun.Status.DISCARDED,
        action=lambda: run_services.run_discard(run=run, coordinator=request.user),
        then=reverse("matching:runs"),
        success=f"Matching run {run.pk} was discarded. No matches changed.",
        template="matching/runs/discard.html",
    )
