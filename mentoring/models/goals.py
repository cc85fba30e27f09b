"""The goals a pair sets for their mentoring, progress noted on sessions, and each person's
rating of each goal at the close (docs/adr/0019-goals-and-outcomes.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from mentoring.models.base import TimeStampedModel
from mentoring.models.matches import Match
from mentoring.models.progress import Feedback, SessionLog

MAX_GOALS = 3
GOAL_MAX_LENGTH = 300
PROGRESS_MAX_LENGTH = 2000


class Goal(TimeStampedModel):
    """One of at most three goals of a match, in the pair's own words.

    `position` (1 to 3, unique per match) is the database's own check on the limit of three.
    """

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField()
    text = models.CharField("goal", max_length=GOAL_MAX_LENGTH)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who last wrote the words: erasure removes the words of whoever wrote them.
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["match", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(position__gte=1) & Q(position__lte=MAX_GOALS),
                name="goal_position_1_to_3",
            ),
            models.UniqueConstraint(fields=["match", "position"], name="goal_position_per_match"),
        ]

    def __str__(self) -> str:
        return f"Goal {self.position} of match {self.match_id}"


class GoalProgress(TimeStampedModel):
    """What one session did for one of the pair's goals (at most one goal per session)."""

    session = models.OneToOneField(
        SessionLog, on_delete=models.CASCADE, related_name="goal_progress"
    )
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress")
    note = models.TextField("progress", max_length=PROGRESS_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name_plural = "goal progress"
        ordering = ["-session__date", "-id"]

    def __str__(self) -> str:
        return f"Progress on goal {self.goal_id} in session {self.session_id}"


class GoalRating(TimeStampedModel):
    """How far one person says a goal was met, given with their close feedback."""

    class Outcome(models.TextChoices):
        MET = "met", "Met"
        PARTLY_MET = "partly_met", "Partly met"
        NOT_MET = "not_met", "Not met"

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="ratings")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_role = models.CharField(max_length=10, choices=Feedback.Role.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)

    class Meta:
        ordering = ["goal", "author_role"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "author_role"], name="one_goal_rating_per_side"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["met", "partly_met", "not_met"]),
                name="goal_rating_outcome_known",
            ),
        ]
        indexes = [models.Index(fields=["created_at", "outcome"], name="goalrating_when_outcome")]

    def __str__(self) -> str:
        return f"{self.get_author_role_display()} rated goal {self.goal_id}: {self.outcome}"
