"""Matches and their session logs: the pair sees and logs theirs, a coordinator sees all.

Reads use the same selectors as the pages (mentoring.selectors.progress); a match that is not
yours is a 404. A coordinator sees sessions without the notes the pair write each other.
"""

import datetime

from django.db.models import Q, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.endpoints import errors
from api.exceptions import Conflict, service_errors
from api.permissions import IsCoordinator
from api.requests import query_date
from mentoring.models import Match, MentoringRequest, MentorProfile, Need, SessionLog
from mentoring.numbers import whole_number
from mentoring.selectors.people import person_display_name
from mentoring.selectors.progress import (
    match_for_coordinator,
    match_for_pair,
    sessions_for_match,
    sessions_without_notes,
)
from mentoring.services.matches import (
    match_accept,
    match_approve,
    match_cancel,
    match_decline,
    match_end,
    match_end_check,
)
from mentoring.services.progress import session_log_create


def _as_coordinator(request: Request, view) -> bool:
    return IsCoordinator().has_permission(request, view)


class PersonSerializer(serializers.Serializer):
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return person_display_name(user)


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
    decline_reason = serializers.CharField()


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
    """A coordinator: every match. Anyone else: the introductions made to them as mentor or for
    their request as mentee, once a coordinator approved them (what their pages show)."""
    matches = Match.objects.select_related("request__mentee__user", "mentor__user").order_by(
        "-created_at", "-id"
    )
    if _as_coordinator(request, view):
        return matches
    user = request.user
    # Two indexed lookups of the match's own columns; an OR across the joins would read every
    # match.
    mine = Q(request__in=MentoringRequest.objects.filter(mentee__user=user).values("pk")) | Q(
        mentor__in=MentorProfile.objects.filter(user=user).values("pk")
    )
    return matches.exclude(status=Match.Status.PROPOSED).filter(mine)


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
        params = self.request.query_params
        if after := query_date(params, "created_after"):
            matches = matches.filter(created_at__date__gte=after)
        if before := query_date(params, "created_before"):
            matches = matches.filter(created_at__date__lte=before)
        if (mentor := params.get("mentor")) is not None:
            if (mentor_id := whole_number(mentor)) is None:
                raise serializers.ValidationError({"mentor": ["Give a mentor's id."]})
            matches = matches.filter(mentor_id=mentor_id)
        return matches

    @extend_schema(
        operation_id="matches_list",
        summary="The matches you may see",
        description=(
            "Introductions to you as mentor or for your request as mentee, once approved; "
            "for a coordinator, every match."
        ),
        parameters=[
            OpenApiParameter("status", str, enum=Match.Status.values),
            OpenApiParameter("created_after", datetime.date),
            OpenApiParameter("created_before", datetime.date),
            OpenApiParameter("mentor", int, description="The mentor's id"),
        ],
        responses={200: MatchSerializer(many=True), **errors(400, 401, 404, 429)},
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
            session = session_log_create(match=match, actor=request.user, **session_fields(data))
        return Response(SessionSerializer(session).data, status=status.HTTP_201_CREATED)


def session_fields(data: dict) -> dict:
    return {
        "date": data["date"],
        "duration_minutes": data["duration_minutes"],
        "format": data["format"],
        "topics": data.get("topics", []),
        "notes": data.get("notes", ""),
    }


class ApproveSerializer(serializers.Serializer):
    request = serializers.PrimaryKeyRelatedField(queryset=MentoringRequest.objects.all())
    mentor = serializers.PrimaryKeyRelatedField(
        queryset=MentorProfile.objects.select_related("user")
    )
    override_rules = serializers.BooleanField(default=False)


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class EndSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Match.EndReason.choices)
    detail = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    do_not_match_again = serializers.BooleanField(default=False)


def _valid(serializer_class, request: Request) -> dict:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data


def _answer(match: Match) -> Response:
    match = Match.objects.select_related("request__mentee__user", "mentor__user").get(pk=match.pk)
    return Response(MatchSerializer(match).data)


def _introduction_for_mentor(request: Request, pk: int) -> Match:
    """The introduction, only if it was made to the signed-in mentor; 404 for anyone else."""
    return get_object_or_404(
        Match.objects.exclude(status=Match.Status.PROPOSED).filter(mentor__user=request.user),
        pk=pk,
    )


class MatchApproveView(APIView):
    permission_classes = [IsCoordinator]

    @extend_schema(
        operation_id="matches_create",
        summary="Approve a mentor for an open request",
        description="The mentor is asked to accept the introduction.",
        request=ApproveSerializer,
        responses={201: MatchSerializer, **errors(400, 401, 403, 409, 429)},
    )
    def post(self, request: Request) -> Response:
        data = _valid(ApproveSerializer, request)
        with service_errors(conflict=True):
            match = match_approve(
                request=data["request"],
                mentor=data["mentor"],
                coordinator=request.user,
                source=Match.Source.MANUAL,
                override_rules=data["override_rules"],
            )
        response = _answer(match)
        response.status_code = status.HTTP_201_CREATED
        return response


class MatchAcceptView(APIView):
    @extend_schema(
        operation_id="matches_accept",
        summary="Accept an introduction (the mentor)",
        request=None,
        responses={200: MatchSerializer, **errors(400, 401, 404, 409, 429)},
    )
    def post(self, request: Request, pk: int) -> Response:
        match = _introduction_for_mentor(request, pk)
        _ = request.data  # nothing to send, but a body that cannot be read is a 400
        with service_errors(conflict=True):
            match = match_accept(match=match, actor=request.user)
        return _answer(match)


class MatchDeclineView(APIView):
    @extend_schema(
        operation_id="matches_decline",
        summary="Decline an introduction (the mentor), saying why",
        request=DeclineSerializer,
        responses={200: MatchSerializer, **errors(400, 401, 404, 409, 429)},
    )
    def post(self, request: Request, pk: int) -> Response:
        match = _introduction_for_mentor(request, pk)
        data = _valid(DeclineSerializer, request)
        with service_errors(conflict=True):
            match = match_decline(match=match, actor=request.user, reason=data["reason"])
        return _answer(match)


class MatchCancelView(APIView):
    permission_classes = [IsCoordinator]

    @extend_schema(
        operation_id="matches_cancel",
        summary="Take back an introduction the mentor has not answered",
        request=CancelSerializer,
        responses={200: MatchSerializer, **errors(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request: Request, pk: int) -> Response:
        match = match_for_coordinator(pk=pk)
        data = _valid(CancelSerializer, request)
        with service_errors(conflict=True):
            match = match_cancel(match=match, coordinator=request.user, reason=data["reason"])
        return _answer(match)


class MatchEndView(APIView):
    @extend_schema(
        operation_id="matches_end",
        summary="End the mentoring (either of the pair, or a coordinator)",
        request=EndSerializer,
        responses={200: MatchSerializer, **errors(400, 401, 404, 409, 429)},
    )
    def post(self, request: Request, pk: int) -> Response:
        if _as_coordinator(request, self):
            match = match_for_coordinator(pk=pk)
        else:
            match = match_for_pair(user=request.user, pk=pk)
        data = _valid(EndSerializer, request)
        with service_errors():
            match_end_check(reason=data["reason"], detail=data["detail"])
        if match.status not in Match.ACCEPTED_STATUSES:  # a finished one: the service says so
            raise Conflict("This mentoring is not going on, so it cannot be ended.")
        with service_errors(conflict=True):
            match = match_end(match=match, actor=request.user, **data)
        return _answer(match)
