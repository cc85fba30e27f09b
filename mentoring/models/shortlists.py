"""Shortlists: two or three mentors offered to a mentee, who picks one or asks for others.

Each mentor on an offered shortlist has one of their places held (`MentorProfile.load`) until
the mentee decides; only `mentoring.services.shortlists` changes a shortlist or its holds.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from mentoring import statuses
from mentoring.models.base import TimeStampedModel
from mentoring.models.matches import Match, MentoringRequest
from mentoring.models.profiles import MentorProfile


class Shortlist(TimeStampedModel):
    class Status(models.TextChoices):
        OFFERED = "offered", statuses.SHORTLIST_OFFERED
        PICKED = "picked", statuses.SHORTLIST_PICKED
        REFUSED = "refused", statuses.SHORTLIST_REFUSED
        RELEASED = "released", statuses.SHORTLIST_RELEASED
        EXPIRED = "expired", statuses.SHORTLIST_EXPIRED

    # A shortlist is decided once: every status but "offered" is final.
    TRANSITIONS = {
        Status.OFFERED: {Status.PICKED, Status.REFUSED, Status.RELEASED, Status.EXPIRED},
        Status.PICKED: set(),
        Status.REFUSED: set(),
        Status.RELEASED: set(),
        Status.EXPIRED: set(),
    }
    MIN_MENTORS = 2
    MAX_MENTORS = 3

    request = models.ForeignKey(
        MentoringRequest, on_delete=models.CASCADE, related_name="shortlists"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OFFERED)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    offered_at = models.DateTimeField()
    mentee_reminded_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # Why the mentee asked for other mentors; the coordinator reads it.
    refuse_reason = models.TextField(max_length=1000, blank=True)
    # The match made when the mentee picked a mentor.
    match = models.ForeignKey(
        Match, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-offered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status="offered"),
                name="one_offered_shortlist_per_request",
            ),
        ]
        indexes = [models.Index(fields=["status", "offered_at"])]

    def __str__(self) -> str:
        return f"Shortlist {self.pk} ({self.get_status_display()})"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]

    @property
    def holds_places(self) -> bool:
        return self.status == self.Status.OFFERED


class ShortlistEntry(models.Model):
    """One mentor on a shortlist, with the engine's explanation as it stood (a snapshot)."""

    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="entries")
    mentor = models.ForeignKey(
        MentorProfile, on_delete=models.CASCADE, related_name="shortlist_entries"
    )
    position = models.PositiveSmallIntegerField(default=1)
    score = models.FloatField(null=True, blank=True)
    explanation = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name_plural = "shortlist entries"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["shortlist", "mentor"], name="one_entry_per_mentor_per_shortlist"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=1)),
                name="shortlist_score_between_0_and_1",
            ),
        ]
        indexes = [models.Index(fields=["mentor", "shortlist"])]

    def __str__(self) -> str:
        return f"{self.mentor} on shortlist {self.shortlist_id}"
