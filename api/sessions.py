"""Feedback on a match (each of the pair gives and reads their own; a coordinator reads all),
and changing or deleting a session log (only the person who logged it, for a while).

The same rules and services as the pages (mentoring.views.progress): the pair's own feedback
only, every piece for a coordinator (feedback_for_match), given through `feedback_give`;
sessions through `session_log_update` and `session_log_delete`.
"""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.endpoints import errors
from api.exceptions import Conflict, service_errors
from api.matches import SessionSerializer, session_fields
from api.permissions import IsCoordinator
from mentoring import thresholds
from mentoring.models import Feedback, GoalProgress, GoalRating, SessionLog
from mentoring.numbers import whole_number
from mentoring.selectors.progress import (
    feedback_for_match,
    match_for_coordinator,
    match_for_pair,
    role_in_match,
    session_can_change,
    session_for_pair,
)
from mentoring.services.progress import feedback_give, session_log_delete, session_log_update


class FeedbackSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    stage = serializers.ChoiceField(choices=Feedback.Stage.choices)
    author_role = serializers.CharField(read_only=True)
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comments = serializers.CharField(required=False, allow_blank=True, max_length=3000)
    goal_ratings = serializers.DictField(
        child=serializers.ChoiceField(choices=GoalRating.Outcome.choices),
        required=False,
        write_only=True,
        help_text="At the close: how far each of the pair's goals (by its id) was met. Required "
        "then if the pair has goals; the one place anyone says so.",
    )
    created_at = serializers.DateTimeField(read_only=True)


def _goal_ratings(match, data: dict) -> dict[int, str] | None:
    """The close feedback's goal ratings by goal id: every goal of the pair, or a 400 naming it."""
    goals = set(match.goals.values_list("pk", flat=True))
    given = data.get("goal_ratings")
    if given is None and (data["stage"] != Feedback.Stage.CLOSE or not goals):
        return None
    ratings = {whole_number(key): outcome for key, outcome in (given or {}).items()}
    if data["stage"] != Feedback.Stage.CLOSE or set(ratings) != goals:
        ids = ", ".join(str(pk) for pk in sorted(goals)) or "none"
        raise ValidationError(
            {"goal_ratings": [f"At the close, rate each of your goals (ids: {ids}), only then."]}
        )
    return ratings


class MatchFeedbackView(generics.ListAPIView):
    serializer_class = FeedbackSerializer
    queryset = Feedback.objects.none()  # describes the model to the schema

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        pk = self.kwargs["pk"]
        if IsCoordinator().has_permission(self.request, self):
            return feedback_for_match(match=match_for_coordinator(pk=pk)).order_by(
                "created_at", "id"
            )
        match = match_for_pair(user=self.request.user, pk=pk)
        role = role_in_match(match=match, user=self.request.user)
        return match.feedback.filter(author_role=role).order_by("created_at", "id")

    @extend_schema(
        operation_id="matches_feedback_list",
        summary="Feedback on a match",
        description="Your own feedback; for a coordinator, both people's.",
        responses={200: FeedbackSerializer(many=True), **errors(401, 404, 429)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="matches_feedback_create",
        summary="Give feedback (after the first session, or at the close)",
        description="Once per person and stage: giving it again, or too early, is a 409.",
        request=FeedbackSerializer,
        responses={201: FeedbackSerializer, **errors(400, 401, 404, 409, 429)},
    )
    def post(self, request: Request, pk: int) -> Response:
        match = match_for_pair(user=request.user, pk=pk)
        body = FeedbackSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        goal_ratings = _goal_ratings(match, data)
        with service_errors(conflict=True):
            given = feedback_give(
                match=match,
                actor=request.user,
                stage=data["stage"],
                rating=data["rating"],
                comments=data.get("comments", ""),
                goal_ratings=goal_ratings,
            )
        return Response(FeedbackSerializer(given).data, status=status.HTTP_201_CREATED)


class SessionChangeView(APIView):
    """One session log: the person who logged it changes or deletes it (the page's rule)."""

    http_method_names = ["put", "delete", "options"]

    def _changeable(self, request: Request, pk: int) -> SessionLog:
        session = session_for_pair(user=request.user, pk=pk)
        if session.logged_by_id != request.user.pk:
            raise PermissionDenied("Only the person who logged this session can change it.")
        if not session_can_change(session=session, user=request.user):
            raise Conflict(
                f"Sessions can only be changed for {thresholds.session_edit_days()} days after "
                "they are logged."
            )
        return session

    @extend_schema(
        operation_id="sessions_update",
        summary="Change a session you logged",
        description="Only the person who logged it (403 for the other of the pair), within the "
        "days the page allows (409 after).",
        request=SessionSerializer,
        responses={200: SessionSerializer, **errors(400, 401, 403, 404, 409, 429)},
    )
    def put(self, request: Request, pk: int) -> Response:
        session = self._changeable(request, pk)
        body = SessionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        # The API does not carry goals: what the session noted for one is kept as it is.
        progress = GoalProgress.objects.filter(session=session).first()
        with service_errors():
            session = session_log_update(
                session=session,
                actor=request.user,
                goal=progress.goal if progress else None,
                goal_progress=progress.note if progress else "",
                **session_fields(body.validated_data),
            )
        return Response(SessionSerializer(session_for_pair(user=request.user, pk=pk)).data)

    @extend_schema(
        operation_id="sessions_destroy",
        summary="Delete a session you logged",
        description="The same rule as changing it.",
        request=None,
        responses={204: None, **errors(401, 403, 404, 409, 429)},
    )
    def delete(self, request: Request, pk: int) -> Response:
        session = self._changeable(request, pk)
        with service_errors(conflict=True):
            session_log_delete(session=session, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
