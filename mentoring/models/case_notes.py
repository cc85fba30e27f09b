"""Coordinators' dated case notes about a request, a match or a mentor, for coordinators only."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from mentoring.models.base import TimeStampedModel
from mentoring.models.matches import Match, MentoringRequest
from mentoring.models.profiles import MentorProfile

CASE_NOTE_MAX_LENGTH = 5000


class CaseNote(TimeStampedModel):
    class About(models.TextChoices):
        REQUEST = "request", "Mentoring request"
        MATCH = "match", "Match"
        MENTOR = "mentor", "Mentor"

    request = models.ForeignKey(
        MentoringRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="case_notes"
    )
    match = models.ForeignKey(
        Match, null=True, blank=True, on_delete=models.CASCADE, related_name="case_notes"
    )
    mentor = models.ForeignKey(
        MentorProfile, null=True, blank=True, on_delete=models.CASCADE, related_name="case_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=CASE_NOTE_MAX_LENGTH)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # A note is about exactly one thing: a request, a match or a mentor.
            models.CheckConstraint(
                condition=(
                    Q(request__isnull=False, match__isnull=True, mentor__isnull=True)
                    | Q(request__isnull=True, match__isnull=False, mentor__isnull=True)
                    | Q(request__isnull=True, match__isnull=True, mentor__isnull=False)
                ),
                name="case_note_about_exactly_one",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="case_note_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"Case note {self.pk} ({self.created_at:%Y-%m-%d})"

    @property
    def about(self) -> str:
        if self.request_id:
            return self.About.REQUEST
        return self.About.MATCH if self.match_id else self.About.MENTOR
