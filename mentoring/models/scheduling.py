"""A session the pair have arranged: when, how long, and where or how they will meet."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from mentoring.models.base import TimeStampedModel
from mentoring.models.matches import Match
from mentoring.models.progress import SessionLog

MIN_MINUTES, MAX_MINUTES = 15, 480


class ScheduledSession(TimeStampedModel):
    Format = SessionLog.Format

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="scheduled_sessions")
    # The calendar entry's identity: its UID never changes, however often the session moves.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveIntegerField("length in minutes")
    format = models.CharField(max_length=20, choices=Format.choices)
    place = models.CharField(max_length=300, blank=True)
    link = models.URLField("video call link", max_length=500, blank=True)
    # Calendar SEQUENCE: one more with every change and the cancellation.
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    log_prompted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=MIN_MINUTES)
                & Q(duration_minutes__lte=MAX_MINUTES),
                name="scheduled_session_15_to_480_minutes",
            ),
        ]
        indexes = [models.Index(fields=["match", "starts_at"])]

    def __str__(self) -> str:
        return f"Session arranged for {self.starts_at:%d %B %Y %H:%M}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def where(self) -> str:
        """The calendar's LOCATION: the place, the link, or how they will call."""
        if self.format == self.Format.IN_PERSON:
            return self.place
        if self.format == self.Format.VIDEO:
            return self.link
        return "Phone call"
