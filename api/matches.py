"""Matches and their session logs: the pair sees and logs theirs, a coordinator sees all.

Reads use the same selectors as the pages (mentoring.selectors.progress); a match that is not
yours is a 404. A coordinator sees sessions without the notes the pair write each other.
"""

from django.db.models import Q, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.endpoints import errors
from api.exceptions import service_errors
from api.permissions import IsCoordinator
from mentoring.models import Match, Need, SessionLog
from mentoring.selectors.progress import (
    match_for_coordinator,
    match_for_pair,
    sessions_for_match,
    sessions_without_notes,
)
from mentoring.services.progress import session_log_create


def _as_coordinator(request: Request, view) -> bool:
    return IsCoordinator().has_permission(request, view)


class PersonSerializer(serializers.Serializer):
    name = serializers.CharField(source="display_name")


class MatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Match.Status.choices)
    mentee = PersonSerializer(source="request.mentee.user")
    mentor = PersonSerializer(source="mentor.user")
    created_at = serializers.DateTimeField()
    approved_at = serializers.DateTimeField(allow_null=True)
    responded_at = serializers.DateTimeField(allow_null=True)
    started_at = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)
    end_reason = serializers.CharField()


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    date = serializers.DateField()
    duration_minutes = serializers.IntegerField(min_value=1, max_value=10000)
    format = serializers.ChoiceField(choices=SessionLog.Format.choices)
    topics = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=Need.objects.all()
    )
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class SessionWithoutNotesSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    duration_minutes = serializers.IntegerField()
    format = serializers.ChoiceField(choices=SessionLog.Format.choices)
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)


def _visible_matches(request: Request, view) -> QuerySet:
    """A coordinator: every match. Anyone else: the matches they are the mentee or mentor in,
    once the mentor has accepted (the same ones that have a page for the pair)."""
    matches = Match.objects.select_related("request__mentee__user", "mentor__user").order_by(
        "-created_at", "-id"
    )
    if _as_coordinator(request, view):
        return matches
    user = request.user
    return matches.filter(status__in=Match.ACCEPTED_STATUSES).filter(
        Q(request__mentee__user=user) | Q(mentor__user=user)
    )


class MatchListView(generics.ListAPIView):
    serializer_class = MatchSerializer
    queryset = Match.objects.none()  # describes the model to the schema; get_queryset reads

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        matches = _visible_matches(self.request, self)
        wanted = self.request.query_params.get("status")
        if wanted is not None:
            if wanted not in Match.Status.values:
                raise serializers.ValidationError({"status": ["Choose a match status."]})
            matches = matches.filter(status=wanted)
        return matches

    @extend_schema(
        operation_id="matches_list",
        summary="The matches you may see",
        description=(
            "Yours as mentee or mentor once the mentor has accepted; "
            "for a coordinator, every match."
        ),
        parameters=[OpenApiParameter("status", str, enum=Match.Status.values)],
        responses={200: MatchSerializer(many=True), **errors(400, 401, 429)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class MatchDetailView(APIView):
    @extend_schema(
        operation_id="matches_retrieve",
        summary="One match",
        responses={200: MatchSerializer, **errors(401, 404, 429)},
    )
    def get(self, request: Request, pk: int) -> Response:
        match = get_object_or_404(_visible_matches(request, self), pk=pk)
        return Response(MatchSerializer(match).data)


class MatchSessionsView(generics.ListAPIView):
    queryset = SessionLog.objects.none()  # describes the model to the schema

    def _coordinator(self) -> bool:
        return _as_coordinator(self.request, self)

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False):
            return SessionSerializer
        if self.request.method == "GET" and self._coordinator():
            return SessionWithoutNotesSerializer
        return SessionSerializer

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        pk = self.kwargs["pk"]
        if self._coordinator():
            sessions = sessions_without_notes(match=match_for_coordinator(pk=pk))
        else:
            sessions = sessions_for_match(match=match_for_pair(user=self.request.user, pk=pk))
        return sessions.order_by("-date", "-id")

    @extend_schema(
        operation_id="matches_sessions_list",
        summary="The sessions a pair logged",
        description=(
            "The pair sees their notes; a coordinator sees the sessions without notes "
            "(the notes field is left out)."
        ),
        responses={200: SessionSerializer(many=True), **errors(401, 404, 429)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="matches_sessions_create",
        summary="Log a session",
        description="Only the mentee and the mentor in a live match can log a session.",
        request=SessionSerializer,
        responses={201: SessionSerializer, **errors(400, 401, 404, 409, 429)},
    )
    def post(self, request: Request, pk: int) -> Response:
        match = match_for_pair(user=request.user, pk=pk)
        body = SessionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        # A finished match can no longer take sessions: that is a 409, not bad input.
        with service_errors(conflict=not match.is_live):
            session = session_log_create(match=match, actor=request.user, **_session_fields(data))
        return Response(SessionSerializer(session).data, status=status.HTTP_201_CREATED)


def _session_fields(data: dict) -> dict:
    return {
        "date": data["date"],
        "duration_minutes": data["duration_minutes"],
        "format": data["format"],
        "topics": data.get("topics", []),
        "notes": data.get("notes", ""),
    }
