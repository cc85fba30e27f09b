"""Mentoring requests and the matches made for them, with the transitions each may take.

Only `mentoring.services` changes a request's or a match's status: it checks the transition
against the tables here, locks the rows, keeps the mentor's load and writes the audit event.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce

from mentoring import statuses
from mentoring.models.base import TimeStampedModel
from mentoring.models.profiles import MenteeProfile, MentorProfile
from mentoring.models.taxonomies import Need


class MentoringRequestQuerySet(models.QuerySet):
    def with_waiting_since(self) -> "MentoringRequestQuerySet":
        """Annotate `waiting_since`, the one measure of how long a request has waited.

        A request waits from its creation, or from its last change of status: a request back in
        the queue after a decline or a cancelled introduction waits from then, not from the
        day it was first made.
        """
        return self.annotate(waiting_since=Coalesce("status_changed_at", "created_at"))


class MentoringRequest(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", statuses.REQUEST_OPEN
        MATCHED = "matched", statuses.REQUEST_MATCHED
        WITHDRAWN = "withdrawn", statuses.REQUEST_WITHDRAWN
        CLOSED = "closed", statuses.REQUEST_CLOSED

    TRANSITIONS = {
        Status.OPEN: {Status.MATCHED, Status.WITHDRAWN, Status.CLOSED},
        Status.MATCHED: {Status.OPEN, Status.WITHDRAWN, Status.CLOSED},
        Status.WITHDRAWN: set(),
        Status.CLOSED: set(),
    }
    LIVE_STATUSES = (Status.OPEN, Status.MATCHED)
    # The colour of each status's tag (templates/components/status_tag.html).
    STATUS_TAG_COLOURS = {
        Status.OPEN: "yellow",
        Status.MATCHED: "green",
        Status.WITHDRAWN: "grey",
        Status.CLOSED: "grey",
    }

    mentee = models.ForeignKey(MenteeProfile, on_delete=models.CASCADE, related_name="requests")
    needs = models.ManyToManyField(Need, blank=True, related_name="requests")
    goals = models.TextField("what you want from a mentor", max_length=2000, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(max_length=300, blank=True)
    # Off the coordinators' action list until this date (mentoring.services.nudges).
    snoozed_until = models.DateField(null=True, blank=True)

    objects = MentoringRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "mentoring request"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status__in=["open", "matched"]),
                name="one_live_request_per_mentee",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"Request {self.pk} ({self.get_status_display()})"

    @property
    def status_tag_colour(self) -> str:
        return self.STATUS_TAG_COLOURS[self.status]

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]


class Match(TimeStampedModel):
    class Status(models.TextChoices):
        PROPOSED = "proposed", statuses.MATCH_PROPOSED
        APPROVED = "approved", statuses.MATCH_APPROVED
        ACCEPTED = "accepted", statuses.MATCH_ACCEPTED
        ACTIVE = "active", statuses.MATCH_ACTIVE
        COMPLETED = "completed", statuses.MATCH_COMPLETED
        DECLINED = "declined", statuses.MATCH_DECLINED
        ENDED = "ended", statuses.MATCH_ENDED
        CANCELLED = "cancelled", statuses.MATCH_CANCELLED

    class Source(models.TextChoices):
        SUGGESTION = "suggestion", "Suggested by the matching engine"
        MANUAL = "manual", "Chosen by a coordinator"
        COHORT = "cohort", "Whole-cohort matching run"
        SHORTLIST = "shortlist", "Chosen by the mentee from a shortlist"

    class EndReason(models.TextChoices):
        GOALS_MET = "goals_met", "Finished as planned"
        NO_LONGER_NEEDED = "no_longer_needed", "No longer needed"
        NOT_A_GOOD_FIT = "not_a_good_fit", "Not a good fit"
        OTHER = "other", "Other"

    TRANSITIONS = {
        Status.PROPOSED: {Status.APPROVED, Status.CANCELLED},
        Status.APPROVED: {Status.ACCEPTED, Status.DECLINED, Status.CANCELLED},
        Status.ACCEPTED: {Status.ACTIVE, Status.COMPLETED, Status.ENDED},
        Status.ACTIVE: {Status.COMPLETED, Status.ENDED},
        Status.COMPLETED: set(),
        Status.DECLINED: set(),
        Status.ENDED: set(),
        Status.CANCELLED: set(),
    }
    # Matches in these states hold one of the mentor's places.
    LOAD_STATUSES = (Status.PROPOSED, Status.APPROVED, Status.ACCEPTED, Status.ACTIVE)
    # The pair is working together: sessions and feedback can be recorded.
    LIVE_STATUSES = (Status.ACCEPTED, Status.ACTIVE)
    # The mentoring finished, one way or the other: as planned, or ended early.
    FINISHED_STATUSES = (Status.COMPLETED, Status.ENDED)
    # The mentor accepted the introduction: the pair is introduced, mentoring, or finished since.
    # These matches have a page of their own for the pair.
    ACCEPTED_STATUSES = (*LIVE_STATUSES, *FINISHED_STATUSES)
    # Sessions can be logged while live, and also once the introduction is sent: a pair may meet
    # before the mentor formally accepts. Logging never moves an unanswered introduction on.
    SESSION_LOG_STATUSES = (Status.APPROVED, *LIVE_STATUSES)
    # The colour of each status's tag (templates/components/status_tag.html).
    STATUS_TAG_COLOURS = {
        Status.PROPOSED: "yellow",
        Status.APPROVED: "yellow",
        Status.ACCEPTED: "blue",
        Status.ACTIVE: "green",
        Status.COMPLETED: "purple",
        Status.DECLINED: "grey",
        Status.ENDED: "grey",
        Status.CANCELLED: "grey",
    }
    # Each status as the mentor reads it on their introductions.
    STATUS_FOR_MENTOR = statuses.MATCH_FOR_MENTOR

    request = models.ForeignKey(MentoringRequest, on_delete=models.CASCADE, related_name="matches")
    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="matches")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.SUGGESTION)
    score = models.FloatField(null=True, blank=True)
    # The engine's explanation as it stood when the match was made (a snapshot, not re-computed).
    explanation = models.JSONField(default=dict, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(max_length=1000, blank=True)
    end_reason = models.CharField(max_length=30, choices=EndReason.choices, blank=True)
    end_detail = models.TextField(max_length=1000, blank=True)
    do_not_match_again = models.BooleanField(default=False)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mentor_reminded_at = models.DateTimeField(null=True, blank=True)
    stall_flagged_at = models.DateTimeField(null=True, blank=True)
    # Off the coordinators' action lists until this date (mentoring.services.nudges).
    snoozed_until = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "matches"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["proposed", "approved", "accepted", "active"]),
                name="one_live_match_per_request",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=1)),
                name="match_score_between_0_and_1",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["mentor", "status"]),
        ]

    def __str__(self) -> str:
        return f"Match {self.pk} ({self.get_status_display()})"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]

    @property
    def holds_a_place(self) -> bool:
        return self.status in self.LOAD_STATUSES

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES

    @property
    def can_log_sessions(self) -> bool:
        return self.status in self.SESSION_LOG_STATUSES

    @property
    def status_tag_colour(self) -> str:
        return self.STATUS_TAG_COLOURS[self.status]

    @property
    def status_for_mentor(self) -> str:
        return self.STATUS_FOR_MENTOR[self.status]
