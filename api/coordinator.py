"""Coordinator API reads: ranked mentor suggestions for a request, the mentor directory, and the
dashboard's figures.

The same selectors and form as the pages: suggestions as the request review page ranks and
explains them (matching.views.review), the directory with the page's filters
(mentoring.views.directory), and the dashboard's tables for the page's period parameters
(mentoring.views.reports: the tables the page and the figures download share). Scores read
as the pages show them: a whole per cent ("46%").
"""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.endpoints import errors
from api.exceptions import Conflict
from api.permissions import IsCoordinator
from matching.presenters import ranked_rows
from matching.selectors.review import request_for_review
from matching.selectors.suggestions import suggestions_for_request
from mentoring.forms.directory import MentorDirectoryForm
from mentoring.forms.reports import PeriodForm
from mentoring.models import MentoringRequest, MentorProfile
from mentoring.scores import score_text
from mentoring.selectors.directory import directory_rows, mentors_directory
from mentoring.views.reports.cells import cell_number, cell_text
from mentoring.views.reports.sections import dashboard_report

SUGGESTED = 5
DIRECTORY_PER_PAGE = 25


class ScoreShareSerializer(serializers.Serializer):
    field = serializers.CharField()
    percent = serializers.IntegerField()


class RankedMentorSerializer(serializers.Serializer):
    mentor_id = serializers.IntegerField()
    name = serializers.CharField()
    score = serializers.CharField(help_text='A whole per cent of a perfect fit, e.g. "46%".')
    summary = serializers.CharField(help_text="Why, in the words the review page uses.")
    shares = ScoreShareSerializer(many=True)
    reason = serializers.CharField(help_text="Why an excluded mentor is kept out.")


class SuggestionsSerializer(serializers.Serializer):
    request_id = serializers.IntegerField()
    suggestions = RankedMentorSerializer(many=True)
    excluded = RankedMentorSerializer(many=True)


def _ranked(found) -> list[dict]:
    return [
        {
            "mentor_id": row["mentor"].pk,
            "name": row["mentor"].user.display_name,
            "score": score_text(item.score),
            "summary": row["summary"],
            "shares": [{"field": name, "percent": share} for name, share in row["shares"]],
            "reason": row["reason"],
        }
        for item, row in zip(found, ranked_rows(found), strict=True)
    ]


class SuggestionsView(APIView):
    permission_classes = [IsCoordinator]

    @extend_schema(
        operation_id="requests_suggestions",
        summary="The best mentors for an open request, and the best a rule keeps out",
        description=f"At most {SUGGESTED} suggestions and {SUGGESTED} excluded mentors (a short "
        "ranked list, so not paged). 409 when the request is no longer open.",
        responses={200: SuggestionsSerializer, **errors(401, 403, 404, 409, 429)},
    )
    def get(self, request: Request, pk: int) -> Response:
        mentoring_request = request_for_review(pk=pk)
        if mentoring_request is None:
            raise Http404
        if mentoring_request.status != MentoringRequest.Status.OPEN:
            raise Conflict("This request is not waiting for a mentor.")
        found = suggestions_for_request(request=mentoring_request, k=SUGGESTED)
        return Response(
            {
                "request_id": mentoring_request.pk,
                "suggestions": _ranked(found.suggestions),
                "excluded": _ranked(found.excluded),
            }
        )


class DirectoryMentorSerializer(serializers.Serializer):
    mentor_id = serializers.IntegerField()
    name = serializers.CharField()
    headline = serializers.CharField()
    region = serializers.CharField(allow_null=True)
    paused = serializers.BooleanField()
    approval = serializers.ChoiceField(
        choices=MentorProfile.Approval.choices,
        help_text="Vetting: only approved mentors are suggested, proposed or assigned.",
    )
    capacity = serializers.IntegerField()
    places_free = serializers.IntegerField()
    live_mentees = serializers.IntegerField()
    declined = serializers.IntegerField()
    unanswered = serializers.IntegerField()
    last_activity = serializers.DateField(allow_null=True)


class DirectoryPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = DirectoryMentorSerializer(many=True)


def _filter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, str, required=False, description=description)


class DirectoryView(APIView):
    permission_classes = [IsCoordinator]

    @extend_schema(
        operation_id="mentors_directory",
        summary="The mentor directory, with the page's filters",
        parameters=[
            _filter("search", "Name or words; every word must appear."),
            _filter("sector", "A sector's id."),
            _filter("stage", "A stage's id."),
            _filter("expertise", "An expertise's id."),
            _filter("region", "A region's id."),
            _filter("paused", '"yes" or "no".'),
            _filter("has_free_places", '"yes" or "no".'),
            _filter("approval", '"awaiting", "changes_requested", "approved" or "declined".'),
        ],
        responses={200: DirectoryPageSerializer, **errors(400, 401, 403, 404, 429)},
    )
    def get(self, request: Request) -> Response:
        query = request.query_params.copy()
        query.pop("page", None)
        form = MentorDirectoryForm(query)
        if not form.is_valid():
            raise ValidationError(form.errors)
        paginator = PageNumberPagination()
        paginator.page_size = DIRECTORY_PER_PAGE
        page = paginator.paginate_queryset(
            mentors_directory(filters=form.filters()), request, view=self
        )
        return paginator.get_paginated_response(
            [
                {
                    "mentor_id": row.mentor.pk,
                    "name": row.mentor.user.display_name,
                    "headline": row.mentor.headline,
                    "region": row.mentor.region.name if row.mentor.region_id else None,
                    "paused": row.mentor.is_paused,
                    "approval": row.mentor.approval,
                    "capacity": row.mentor.capacity,
                    "places_free": row.mentor.places_free,
                    "live_mentees": row.live_mentees,
                    "declined": row.declined,
                    "unanswered": row.unanswered,
                    "last_activity": row.last_activity,
                }
                for row in directory_rows(list(page))
            ]
        )


class CellSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The words the page and the download show.")
    value = serializers.FloatField(
        allow_null=True, help_text="The number (a share as a fraction of 1); null for words."
    )


class SectionSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    note = serializers.CharField()
    now = serializers.BooleanField(help_text="Every figure describes today, whatever the period.")
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=CellSerializer(many=True))


class PeriodSerializer(serializers.Serializer):
    label = serializers.CharField()
    first = serializers.DateField(allow_null=True)
    last = serializers.DateField(allow_null=True)


class DashboardSerializer(serializers.Serializer):
    period = PeriodSerializer()
    produced = serializers.DateTimeField()
    sections = SectionSerializer(many=True)


def _cell(value) -> dict:
    return {"text": cell_text(value), "value": cell_number(value)}


class DashboardView(APIView):
    permission_classes = [IsCoordinator]

    @extend_schema(
        operation_id="dashboard_retrieve",
        summary="The dashboard's figures and tables for a period",
        description="The page's tables, one report (not paged). The period parameters are the "
        "page's: `period` (as on the page; this year when left out), and for a custom period "
        "`date_from_day`, `date_from_month`, `date_from_year`, `date_to_day`, `date_to_month`, "
        "`date_to_year`.",
        parameters=[_filter("period", "year, last_quarter, all, custom, ... as on the page.")],
        responses={200: DashboardSerializer, **errors(400, 401, 403, 429)},
    )
    def get(self, request: Request) -> Response:
        form = PeriodForm(request.query_params if "period" in request.query_params else None)
        if form.is_bound and not form.is_valid():
            raise ValidationError(form.errors)
        report = dashboard_report(period=form.chosen_period())
        period = report.period
        return Response(
            {
                "period": {"label": period.label, "first": period.first, "last": period.last},
                "produced": report.produced,
                "sections": [
                    {
                        "slug": section.slug,
                        "title": section.title,
                        "note": section.note,
                        "now": section.now,
                        "columns": section.columns,
                        "rows": [[_cell(value) for value in row] for row in section.rows],
                    }
                    for section in report.sections.values()
                ],
            }
        )
