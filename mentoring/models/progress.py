"""What happens once a pair is working together: session logs and feedback."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from mentoring.models.base import TimeStampedModel
from mentoring.models.matches import Match
from mentoring.models.taxonomies import Need


class SessionLog(TimeStampedModel):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIDEO = "video", "Video call"
        PHONE = "phone", "Phone call"

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="sessions")
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    date = models.DateField()
    duration_minutes = models.PositiveIntegerField("duration in minutes")
    format = models.CharField(max_length=20, choices=Format.choices)
    topics = models.ManyToManyField(Need, blank=True, related_name="+")
    # Written by one of the pair for the other: seen by the two of them only, never by
    # coordinators, never exported.
    notes = models.TextField("notes for the pair", max_length=5000, blank=True)
    # The one-time key of the form that logged it (mentoring/forms/once.py): the same form sent
    # twice finds this row instead of making a second one.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=600),
                name="session_duration_5_to_600_minutes",
            ),
        ]
        indexes = [
            models.Index(fields=["match", "date"]),
            # Covers the dashboard's counts and hours per period without reading the table.
            models.Index(fields=["date", "duration_minutes"], name="sessionlog_date_minutes"),
        ]

    def __str__(self) -> str:
        return f"Session on {self.date:%d %B %Y}"


class Feedback(TimeStampedModel):
    class Stage(models.TextChoices):
        FIRST_SESSION = "first_session", "After the first session"
        CLOSE = "close", "At the close"

    class Role(models.TextChoices):
        MENTEE = "mentee", "Mentee"
        MENTOR = "mentor", "Mentor"

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_role = models.CharField(max_length=10, choices=Role.choices)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    rating = models.PositiveSmallIntegerField()
    comments = models.TextField(max_length=3000, blank=True)

    class Meta:
        verbose_name_plural = "feedback"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="feedback_rating_1_to_5"
            ),
            models.UniqueConstraint(
                fields=["match", "author_role", "stage"], name="one_feedback_per_side_and_stage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_author_role_display()} feedback, {self.get_stage_display().lower()}"
