"""Mentoring requests: a mentee asks for a mentor, reads and withdraws theirs; a coordinator
lists, filters and closes any request.

Asking uses the page's form (mentoring.forms.requests) and the same service; a request that is
not yours is a 404.
"""

import datetime
import re

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.endpoints import errors
from api.exceptions import Conflict, service_errors
from api.permissions import IsCoordinator
from matching.forms.review import CloseRequestForm
from mentoring.forms.requests import MentoringRequestForm
from mentoring.models import MentoringRequest, Need
from mentoring.selectors.people import person_display_name
from mentoring.selectors.profiles import mentee_profile_for_user
from mentoring.services.matches import request_close, request_create, request_withdraw

ORDERINGS = ("created_at", "-created_at", "status_changed_at", "-status_changed_at")
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
TAXONOMY_FILTERS = {
    "sector": "mentee__sector__slug",
    "stage": "mentee__stage__slug",
    "region": "mentee__region__slug",
}


class RequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=MentoringRequest.Status.choices)
    mentee = serializers.SerializerMethodField()
    needs = serializers.SlugRelatedField(slug_field="slug", many=True, queryset=Need.objects.all())
    goals = serializers.CharField()
    created_at = serializers.DateTimeField()
    status_changed_at = serializers.DateTimeField(allow_null=True)

    def get_mentee(self, request) -> str:
        return person_display_name(request.mentee.user)


class RequestCreateSerializer(serializers.Serializer):
    """Described for the schema; the page's form checks what is sent."""

    needs = serializers.ListField(child=serializers.SlugField(), help_text="Expertise slugs.")
    goals = serializers.CharField(max_length=2000)


def _base() -> QuerySet:
    return MentoringRequest.objects.select_related("mentee__user").prefetch_related("needs")


def _visible_requests(request: Request, view) -> QuerySet:
    if IsCoordinator().has_permission(request, view):
        return _base()
    return _base().filter(mentee__user=request.user)


def query_date(params, name: str) -> datetime.date | None:
    value = params.get(name)
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: ["Enter a date as YYYY-MM-DD."]}) from None


def _filtered(queryset: QuerySet, params) -> QuerySet:
    wanted = params.get("status")
    if wanted is not None:
        if wanted not in MentoringRequest.Status.values:
            raise ValidationError({"status": ["Choose a request status."]})
        queryset = queryset.filter(status=wanted)
    if after := query_date(params, "created_after"):
        queryset = queryset.filter(created_at__date__gte=after)
    if before := query_date(params, "created_before"):
        queryset = queryset.filter(created_at__date__lte=before)
    for name, lookup in TAXONOMY_FILTERS.items():
        if params.get(name):
            # A slug is letters, digits, hyphens and underscores: anything else (a NUL byte,
            # which PostgreSQL refuses in text) is a mistake to name, not a query to run.
            if not SLUG.fullmatch(params[name]):
                raise ValidationError({name: [f"Enter a {name} slug, like the taxonomies' slugs."]})
            queryset = queryset.filter(**{lookup: params[name]})
    ordering = params.get("ordering", "-created_at")
    if ordering not in ORDERINGS:
        raise ValidationError({"ordering": [f"Choose one of: {', '.join(ORDERINGS)}."]})
    return queryset.order_by(ordering, "-id")


class RequestListView(generics.ListAPIView):
    serializer_class = RequestSerializer
    queryset = MentoringRequest.objects.none()  # describes the model to the schema

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return _filtered(_visible_requests(self.request, self), self.request.query_params)

    @extend_schema(
        operation_id="requests_list",
        summary="Mentoring requests",
        description="Your own requests; for a coordinator, every request, with filters.",
        parameters=[
            OpenApiParameter("status", str, enum=MentoringRequest.Status.values),
            OpenApiParameter("created_after", datetime.date),
            OpenApiParameter("created_before", datetime.date),
            OpenApiParameter("sector", str, description="Sector slug"),
            OpenApiParameter("stage", str, description="Stage slug"),
            OpenApiParameter("region", str, description="Region slug"),
            OpenApiParameter("ordering", str, enum=ORDERINGS),
        ],
        responses={200: RequestSerializer(many=True), **errors(400, 401, 404, 429)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="requests_create",
        summary="Ask for a mentor",
        description="One request in progress at a time: asking again is a 409.",
        request=RequestCreateSerializer,
        responses={201: RequestSerializer, **errors(400, 401, 409, 429)},
    )
    def post(self, request: Request) -> Response:
        mentee = mentee_profile_for_user(user=request.user)
        if mentee is None or not mentee.is_complete:
            raise Conflict("Finish telling us about your mutual before you ask for a mentor.")
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": ["Send a JSON object."]})
        form = MentoringRequestForm(
            {"needs": request.data.get("needs"), "goals": request.data.get("goals")},
            mentee=mentee,
        )
        form.fields["needs"].to_field_name = "slug"
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        with service_errors(conflict=True):
            created = request_create(
                mentee=mentee,
                needs=form.cleaned_data["needs"],
                goals=form.cleaned_data["goals"],
                actor=request.user,
            )
        return Response(
            RequestSerializer(_base().get(pk=created.pk)).data, status=status.HTTP_201_CREATED
        )


def _form_errors(form) -> dict[str, list[str]]:
    return {field: [str(m) for m in messages] for field, messages in form.errors.items()}


class RequestDetailView(APIView):
    @extend_schema(
        operation_id="requests_retrieve",
        summary="One mentoring request",
        responses={200: RequestSerializer, **errors(401, 404, 429)},
    )
    def get(self, request: Request, pk: int) -> Response:
        found = get_object_or_404(_visible_requests(request, self), pk=pk)
        return Response(RequestSerializer(found).data)


class WithdrawView(APIView):
    @extend_schema(
        operation_id="requests_withdraw",
        summary="Withdraw your request",
        description="An introduction the mentor has not answered is cancelled with it.",
        request=None,
        responses={200: RequestSerializer, **errors(400, 401, 404, 409, 429)},
    )
    def post(self, request: Request, pk: int) -> Response:
        own = get_object_or_404(_base().filter(mentee__user=request.user), pk=pk)
        _ = request.data  # nothing to send, but a body that cannot be read is a 400
        with service_errors(conflict=True):
            request_withdraw(request=own, actor=request.user)
        return Response(RequestSerializer(_base().get(pk=own.pk)).data)


class CloseSerializer(serializers.Serializer):
    """Described for the schema; the review page's form checks what is sent."""

    reason = serializers.CharField(help_text="Why; the mentee will see it.")


class CloseView(APIView):
    permission_classes = [IsCoordinator]

    @extend_schema(
        operation_id="requests_close",
        summary="Close a request that is waiting for a mentor (a coordinator), saying why",
        description="409 when the request is no longer waiting for a mentor.",
        request=CloseSerializer,
        responses={200: RequestSerializer, **errors(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request: Request, pk: int) -> Response:
        found = get_object_or_404(_base(), pk=pk)
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": ["Send a JSON object."]})
        form = CloseRequestForm({"reason": request.data.get("reason")})
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        with service_errors(conflict=True):
            request_close(
                request=found, coordinator=request.user, reason=form.cleaned_data["reason"]
            )
        return Response(RequestSerializer(_base().get(pk=found.pk)).data)
