"""The coordinator's whole-cohort matching runs: start one, watch it, edit the draft, publish it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from accounts.permissions import coordinator_required
from matching import selectors_runs, services, services_runs
from matching.forms_runs import RunStartForm, SwapForm
from matching.models import MatchingRun
from mentoring.pagination import pagination_links
from mentoring.views.submit import form_page

RUNS_PER_PAGE = 20
PAIRS_PER_PAGE = 50


def _review_url(request_id: int) -> str:
    """The request's review page, once the review pages exist; empty until then."""
    try:
        return reverse("matching:review_request", args=[request_id])
    except NoReverseMatch:
        return ""


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
    if not form.is_valid():
        return _runs_page(request, form)
    run = services.run_start(coordinator=request.user, fairness=form.fairness)
    return redirect("matching:run_detail", pk=run.pk)


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
            "is_draft": run.status == MatchingRun.Status.DRAFT,
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


def _refuse_unless_draft(request: HttpRequest, run: MatchingRun) -> HttpResponse | None:
    if run.status == MatchingRun.Status.DRAFT:
        return None
    messages.error(
        request, f"This run is {run.get_status_display().lower()}: its pairs cannot change."
    )
    return redirect("matching:run_detail", pk=run.pk)


@coordinator_required
@require_POST
def run_pair_remove(request: HttpRequest, pk: int, pair_pk: int) -> HttpResponse:
    run = _run(pk)
    pair = get_object_or_404(selectors_runs.run_pairs(run), pk=pair_pk)
    try:
        services.draft_pair_remove(pair=pair, coordinator=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{pair.request.mentee.organisation_name} and {pair.mentor.user.display_name} "
            "were taken out of the draft.",
        )
    return redirect("matching:run_detail", pk=run.pk)


@coordinator_required
@form_page
def run_pair_swap(request: HttpRequest, pk: int, pair_pk: int) -> HttpResponse:
    run = _run(pk)
    refused = _refuse_unless_draft(request, run)
    if refused:
        return refused
    pair = get_object_or_404(selectors_runs.run_pairs(run).filter(removed=False), pk=pair_pk)
    choices = selectors_runs.swap_choices(pair)
    form = SwapForm(request.POST if request.method == "POST" else None, choices=choices)
    if request.method == "POST" and form.is_valid():
        chosen = next(c for c in choices if c.ranked.mentor.pk == form.cleaned_data["mentor"])
        try:
            pair = services_runs.draft_pair_swap(
                pair=pair, mentor=chosen.ranked.mentor, coordinator=request.user
            )
        except ValidationError as error:
            form.add_error("mentor", " ".join(error.messages))
        else:
            messages.success(
                request,
                f"{pair.mentor.user.display_name} is now proposed for "
                f"{pair.request.mentee.organisation_name}.",
            )
            return redirect("matching:run_detail", pk=run.pk)
    return render(
        request,
        "matching/runs/swap.html",
        {"run": run, "pair": pair, "form": form, "choices": choices},
    )


@coordinator_required
@form_page
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    refused = _refuse_unless_draft(request, run)
    if refused:
        return refused
    if request.method == "POST":
        try:
            run = services.run_publish(run=run, coordinator=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("matching:run_detail", pk=run.pk)
    return render(
        request,
        "matching/runs/publish.html",
        {"run": run, "totals": selectors_runs.draft_totals(run)},
    )


@coordinator_required
@form_page
def run_discard(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    if run.status not in services_runs.DISCARDABLE:
        messages.error(
            request, f"This run is {run.get_status_display().lower()}: it cannot be discarded."
        )
        return redirect("matching:run_detail", pk=run.pk)
    if request.method == "POST":
        try:
            services_runs.run_discard(run=run, coordinator=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("matching:run_detail", pk=run.pk)
        messages.success(request, f"Matching run {run.pk} was discarded. No matches changed.")
        return redirect("matching:runs")
    return render(request, "matching/runs/discard.html", {"run": run})
