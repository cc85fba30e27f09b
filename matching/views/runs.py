"""The coordinator's whole-cohort matching runs: start one, watch it, edit the draft, publish it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from accounts.permissions import coordinator_required
from matching.forms.runs import FAIR, PLAIN, RunActionForm, RunStartForm, SwapForm
from matching.models import MatchingRun
from matching.selectors import runs as selectors_runs
from matching.services import drafts, run_watch
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
    """Start a run; while another run is open, ask first (starting replaces the open draft)."""
    form = RunStartForm(request.POST)
    open_now = selectors_runs.open_runs()
    if form.is_valid() and not form.confirms([run.pk for run in open_now]):
        return render(
            request,
            "matching/runs/start_confirm.html",
            {
                "form": form,
                "open_runs": open_now,
                "replacing": ",".join(str(run.pk) for run in open_now),
                "mode": form.cleaned_data["mode"],
            },
        )
    done = submitted(
        request,
        form,
        lambda: run_services.run_start(
            coordinator=request.user,
            fairness=form.fairness,
            discard=form.cleaned_data["replacing"],
        ),
        then=lambda run: reverse("matching:run_detail", args=[run.pk]),
    )
    return done or _runs_page(request, form)


def _pair_sort(request: HttpRequest) -> str:
    """The draft's sort from the address; an unknown one falls back to the default order."""
    sort = request.GET.get("sort", "")
    known = sort.removeprefix("-") in selectors_runs.PAIR_SORTS
    return sort if known else selectors_runs.DEFAULT_PAIR_SORT


def _sort_headers(request: HttpRequest, sort: str) -> dict[str, dict]:
    """Each sortable column's link (ascending first, then the other way) and its aria-sort."""
    headers = {}
    for key in selectors_runs.PAIR_SORTS:
        query = request.GET.copy()
        query.pop("page", None)
        current = sort.removeprefix("-") == key
        descending = sort.startswith("-")
        query["sort"] = f"-{key}" if current and not descending else key
        aria = ("descending" if descending else "ascending") if current else "none"
        headers[key] = {"url": f"?{query.urlencode()}#pairs", "aria_sort": aria}
    return headers


def _stale_context(run: MatchingRun) -> dict:
    """What a draft page shows of the pairs that no longer hold (nothing for a fresh draft)."""
    stale = selectors_runs.draft_problems(run)
    if not stale:
        return {"stale": [], "stale_reasons": {}, "stale_message": "", "fresh_run": None}
    return {
        "stale": [(p, _review_url(p.pair.request_id)) for p in stale],
        "stale_reasons": {p.pair.pk: p.reason for p in stale},
        "stale_message": selectors_runs.stale_message(len(stale)),
        "fresh_run": _fresh_run(run),
    }


def _fresh_run(run: MatchingRun) -> dict:
    """What the stale draft's "Start a fresh run" button sends: this run's mode, and the open
    runs it replaces (the start page asks again if others opened meanwhile)."""
    return {
        "mode": FAIR if run.fairness else PLAIN,
        "replacing": ",".join(str(r.pk) for r in selectors_runs.open_runs()),
    }


def _run(pk: int) -> MatchingRun:
    return get_object_or_404(
        MatchingRun.objects.select_related("started_by", "published_by"), pk=pk
    )


@coordinator_required
@require_safe
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    if not run.is_finished and run_watch.runs_abandoned_fail():
        run = _run(pk)  # one lost its worker and is now failed: perhaps this one
    if not run.is_finished:
        return render(request, "matching/runs/progress.html", {"run": run})
    if run.status == MatchingRun.Status.FAILED:
        return render(request, "matching/runs/failed.html", {"run": run})
    sort = _pair_sort(request)
    pairs = Paginator(selectors_runs.run_pairs(run, sort=sort), PAIRS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    unmatched = Paginator(selectors_runs.run_unmatched(run), PAIRS_PER_PAGE).get_page(
        request.GET.get("unmatched_page")
    )
    published = run.status == MatchingRun.Status.PUBLISHED
    problems = selectors_runs.publish_problems(run) if published else []
    stale = _stale_context(run)
    return render(
        request,
        "matching/runs/detail.html",
        {
            "run": run,
            **stale,
            "loads": selectors_runs.draft_mentor_loads(run) if run.is_draft else [],
            "sort_headers": _sort_headers(request, sort),
            "outcome": selectors_runs.publish_outcome(run) if published else None,
            "problems": [(pair, _review_url(pair.request_id)) for pair in problems],
            "totals": selectors_runs.draft_totals(run),
            "average": run.total / run.matched_count if run.matched_count else 0.0,
            "is_draft": run.is_draft,
            "pairs": pairs,
            "pair_rows": [
                (pair, _review_url(pair.request_id), stale["stale_reasons"].get(pair.pk, ""))
                for pair in pairs
            ],
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
    context=dict,
) -> HttpResponse:
    """A page that asks to confirm a move of the run (publish, discard), then makes it.

    `context` gives the page's own context, read after the action so a refusal shows the run as
    the service found it.
    """
    refused = _refused(request, run, moving_to)
    if refused:
        return refused
    form = RunActionForm(request.POST if request.method == "POST" else None)
    done = submitted(request, form, action, then=then, success=success)
    return done or render(request, template, {"run": run, "form": form, **context()})


def _publish_context(run: MatchingRun) -> dict:
    return {"totals": selectors_runs.draft_totals(run), **_stale_context(run)}


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
        context=lambda: _publish_context(run),
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
