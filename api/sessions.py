"""Feedback on a match: each of the pair gives and reads their own; a coordinator reads all.

The same rules as the pages: the pair's own feedback only (mentoring.views.progress), every
piece for a coordinator (feedback_for_match), given through `feedback_give`.
"""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.endpoints import errors
from api.exceptions import service_errors
from api.permissions import IsCoordinator
from mentoring.models import Feedback
from mentoring.selectors.progress import (
    feedback_for_match,
    match_for_coordinator,
    match_for_pair,
    role_in_match,
)
from mentoring.services.progress import feedback_give


class FeedbackSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    stage = serializers.ChoiceField(choices=Feedback.Stage.choices)
    author_role = serializers.CharField(read_only=True)
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comments = serializers.CharField(required=False, allow_blank=True, max_length=3000)
    created_at = serializers.DateTimeField(read_only=True)


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
        with service_errors(conflict=True):
            given = feedback_give(
                match=match,
                actor=request.user,
                stage=data["stage"],
                rating=data["rating"],
                comments=data.get("comments", ""),
            )
        return Response(FeedbackSerializer(given).data, status=status.HTTP_201_CREATED)
