"""Coordinator API for whole-cohort matching runs: start one, watch it, read its draft, publish
or discard it.

The same form, services and selectors as the matching run pages (matching.views.runs): starting
while another run is open needs ``confirm: true`` (the page's "replace the open run?" question),
and publishing a draft that no longer holds is refused with the page's words.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.endpoints import errors
from api.exceptions import Conflict, service_errors
from api.permissions import IsCoordinator
from matching.forms.runs import FAIR, PLAIN, RunStartForm
from matching.models import MatchingRun
from matching.selectors import runs as selectors_runs
from matching.services import runs as run_services
from mentoring.scores import score_text

RUNS_PER_PAGE = 20
PAIRS_PER_PAGE = 50


class RunStartSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=[PLAIN, FAIR])
    confirm = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Replace the runs that are open now (waiting, running or in draft).",
    )


class RunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    mode = serializers.CharField()
    progress = serializers.IntegerField()
    progress_message = serializers.CharField()
    error = serializers.CharField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    request_count = serializers.IntegerField(allow_null=True)
    mentor_count = serializers.IntegerField(allow_null=True)
    matched_count = serializers.IntegerField(allow_null=True)


class DraftPairSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    request_id = serializers.IntegerField()
    organisation = serializers.CharField()
    mentor_id = serializers.IntegerField()
    mentor_name = serializers.CharField()
    score = serializers.CharField(help_text='A whole per cent of a perfect fit, e.g. "46%".')
    summary = serializers.CharField()
    mentees_for_mentor = serializers.IntegerField()
    removed = serializers.BooleanField()
    stale_reason = serializers.CharField(
        help_text="Why the pair no longer holds; blank if it holds."
    )


class StalePairSerializer(serializers.Serializer):
    pair_id = serializers.IntegerField()
    request_id = serializers.IntegerField()
    reason = serializers.CharField()


class DraftSerializer(serializers.Serializer):
    run = RunSerializer()
    stale_message = serializers.CharField()
    stale = StalePairSerializer(many=True)
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = DraftPairSerializer(many=True)


class RunPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = RunSerializer(many=True)


def _paginator(size: int) -> PageNumberPagination:
    paginator = PageNumberPagination()
    paginator.page_size = size
    return paginator


def run_data(run: MatchingRun) -> dict:
    return {
        "id": run.pk,
        "status": run.status,
        "status_label": run.get_status_display(),
        "mode": FAIR if run.fairness else PLAIN,
        "progress": run.progress,
        "progress_message": run.progress_message,
        "error": run.error,
        "created_at": run.created_at,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "published_at": run.published_at,
        "request_count": run.request_count,
        "mentor_count": run.mentor_count,
        "matched_count": run.matched_count,
    }


def _run(pk: int) -> MatchingRun:
    return get_object_or_404(MatchingRun, pk=pk)


class RunsView(APIView):
    permission_classes = [IsCoordinator]

    @extend_schema(
        operation_id="runs_list",
        summary="Matching runs, newest first",
        responses={200: RunPageSerializer, **errors(401, 403, 404, 429)},
    )
    def get(self, request: Request) -> Response:
        paginator = _paginator(RUNS_PER_PAGE)
        page = paginator.paginate_queryset(selectors_runs.runs_for_list(), request, view=self)
        return paginator.get_paginated_response([run_data(run) for run in page])

    @extend_schema(
        operation_id="runs_create",
        summary="Start a matching run",
        description="While another run is open, answers 409 with the open runs unless "
        "`confirm` is true; then the open drafts and waiting runs are discarded first.",
        request=RunStartSerializer,
        responses={201: RunSerializer, **errors(400, 401, 403, 409, 429)},
    )
    def post(self, request: Request) -> Response:
        body = RunStartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        form = RunStartForm({"mode": body.validated_data["mode"]})
        if not form.is_valid():
            raise ValidationError(form.errors)
        open_ids = [run.pk for run in selectors_runs.open_runs()]
        if open_ids and not body.validated_data["confirm"]:
            numbers = ", ".join(str(pk) for pk in open_ids)
            raise Conflict(
                f"Another matching run is open ({numbers}): starting a new one discards its "
                "draft. Send confirm: true to replace it."
            )
        with service_errors():
            run = run_services.run_start(
                coordinator=request.user, fairness=form.fairness, discard=open_ids
            )
        return Response(run_data(run), status=status.HTTP_201_CREATED)


class RunView(APIView):
    permission_classes = [IsCoordinator]

    @extend_schema(
        operation_id="runs_retrieve",
        summary="A matching run's status and progress",
        responses={200: RunSerializer, **errors(401, 403, 404, 429)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(run_data(_run(pk)))


class RunDraftView(APIView):
    permission_classes = [IsCoordinator]

    @extend_schema(
        operation_id="runs_draft_retrieve",
        summary="A run's proposed pairs, and which of them no longer hold",
        description="409 while the run has no draft yet (waiting, running or failed).",
        responses={200: DraftSerializer, **errors(401, 403, 404, 409, 429)},
    )
    def get(self, request: Request, pk: int) -> Response:
        run = _run(pk)
        if not run.is_finished or run.status == MatchingRun.Status.FAILED:
            raise Conflict(f"This run has no draft: it is {run.get_status_display().lower()}.")
        stale = selectors_runs.draft_problems(run)
        reasons = {p.pair.pk: p.reason for p in stale}
        paginator = _paginator(PAIRS_PER_PAGE)
        pairs = paginator.paginate_queryset(selectors_runs.run_pairs(run), request, view=self)
        response = paginator.get_paginated_response(
            [
                {
                    "id": pair.pk,
                    "request_id": pair.request_id,
                    "organisation": pair.request.mentee.organisation_name,
                    "mentor_id": pair.mentor_id,
                    "mentor_name": pair.mentor.user.display_name,
                    "score": score_text(pair.score),
                    "summary": (pair.explanation or {}).get("summary", ""),
                    "mentees_for_mentor": pair.draft_load,
                    "removed": pair.removed,
                    "stale_reason": reasons.get(pair.pk, ""),
                }
                for pair in pairs
            ]
        )
        response.data = {
            "run": run_data(run),
            "stale_message": selectors_runs.stale_message(len(stale)) if stale else "",
            "stale": [
                {"pair_id": p.pair.pk, "request_id": p.pair.request_id, "reason": p.reason}
                for p in stale
            ],
            **response.data,
        }
        return response


class RunPublishView(APIView):
    permission_classes = [IsCoordinator]

    @extend_schema(
        operation_id="runs_publish",
        summary="Publish a draft: approve every kept pair as a match",
        description="409 when the draft is out of date (a pair no longer holds; nothing is "
        "published) or the run is not a draft (already published, discarded, or not ready).",
        request=None,
        responses={200: RunSerializer, **errors(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request: Request, pk: int) -> Response:
        run = _run(pk)
        with service_errors(conflict=True):
            run = run_services.run_publish(run=run, coordinator=request.user)
        return Response(run_data(run))


class RunDiscardView(APIView):
    permission_classes = [IsCoordinator]

    @extend_schema(
        operation_id="runs_discard",
        summary="Discard a draft, or a run still waiting to start; no match changes",
        description="409 when the run can no longer be discarded (published, running, failed "
        "or already discarded).",
        request=None,
        responses={200: RunSerializer, **errors(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request: Request, pk: int) -> Response:
        run = _run(pk)
        _ = request.data  # nothing to send, but a body that cannot be read is a 400
        with service_errors(conflict=True):
            run = run_services.run_discard(run=run, coordinator=request.user)
        return Response(run_data(run))
