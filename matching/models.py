"""Whole-cohort matching runs and the draft pairs they propose until a coordinator publishes.

Only `matching.services.runs` changes a run's status: it checks the move against `TRANSITIONS`
under the run's row lock and writes one audit event per move (docs/adr/0008-run-lifecycle.md).
"""

import hashlib

import numpy as np
from django.conf import settings
from django.db import models

from mentoring.models import Match, MentoringRequest, MentorProfile, TimeStampedModel


class MatchingRun(TimeStampedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DRAFT = "draft", "Draft ready for review"
        PUBLISHED = "published", "Published"
        DISCARDED = "discarded", "Discarded"
        FAILED = "failed", "Failed"

    TRANSITIONS = {
        Status.QUEUED: {Status.RUNNING, Status.DISCARDED},
        Status.RUNNING: {Status.DRAFT, Status.FAILED},
        Status.DRAFT: {Status.PUBLISHED, Status.DISCARDED},
        Status.PUBLISHED: set(),
        Status.DISCARDED: set(),
        Status.FAILED: set(),
    }
    # What a refused move says after "This run is <status>: ".
    REFUSED = {
        Status.RUNNING: "only a run waiting to start can start",
        Status.DRAFT: "only a running run can become a draft",
        Status.FAILED: "only a running run can fail",
        Status.PUBLISHED: "it cannot change",
        Status.DISCARDED: "only a draft or a run waiting to start can be discarded",
    }

    # The colour of each status's tag (templates/components/status_tag.html).
    STATUS_TAG_COLOURS = {
        Status.QUEUED: "grey",
        Status.RUNNING: "blue",
        Status.DRAFT: "yellow",
        Status.PUBLISHED: "green",
        Status.DISCARDED: "grey",
        Status.FAILED: "red",
    }

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    fairness = models.BooleanField(
        default=False, help_text="First raise the lowest score any matched mentee gets."
    )
    candidate_k = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Look only at each request's best k mentors (exactness is still checked).",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    progress_message = models.CharField(max_length=200, blank=True)
    request_count = models.PositiveIntegerField(default=0)
    mentor_count = models.PositiveIntegerField(default=0)
    matched_count = models.PositiveIntegerField(default=0)
    total = models.FloatField(null=True, blank=True)
    lowest = models.FloatField(null=True, blank=True)
    certified = models.BooleanField(default=False)
    timings = models.JSONField(default=dict, blank=True)
    weights = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Matching run {self.pk} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status not in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def status_tag_colour(self) -> str:
        return self.STATUS_TAG_COLOURS[self.status]

    @property
    def is_draft(self) -> bool:
        """Only a draft's pairs can be removed or swapped."""
        return self.status == self.Status.DRAFT

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]

    def refusal(self, status: str | None = None) -> str:
        """Why this run cannot move to `status` (None: have its pairs edited); "" if it can."""
        allowed = self.is_draft if status is None else self.can_move_to(status)
        if allowed:
            return ""
        why = self.REFUSED[self.Status.PUBLISHED if status is None else status]
        return f"This run is {self.get_status_display().lower()}: {why}."


class DraftPair(models.Model):
    """One request in a run: its proposed mentor, or why none was found."""

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="pairs")
    request = models.ForeignKey(MentoringRequest, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(
        MentorProfile, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(null=True, blank=True)
    explanation = models.JSONField(default=dict, blank=True)
    unmatched_reason = models.CharField(max_length=200, blank=True)
    removed = models.BooleanField(default=False, help_text="Taken out by a coordinator.")
    match = models.ForeignKey(
        Match, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    publish_problem = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["request_id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "request"], name="one_draft_pair_per_request"),
        ]

    def __str__(self) -> str:
        return f"Run {self.run_id}: request {self.request_id} → mentor {self.mentor_id}"


class StoredIndex(models.Model):
    """A fitted matching index, built by the background worker and loaded by every web process.

    `code_version` changes with the engine's code, vocabulary, weights and libraries, and
    `mentor_version` with the mentor profiles it was fitted on; a page uses the newest row with
    the current `code_version` (docs/adr/0010-stored-matching-index.md).
    """

    code_version = models.CharField(max_length=64)
    mentor_version = models.CharField(max_length=100)
    mentor_count = models.PositiveIntegerField(default=0)
    engine = models.BinaryField(help_text="The fitted engine; empty when there were no mentors.")
    fit_seconds = models.FloatField(default=0.0)
    built_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code_version", "mentor_version"], name="one_stored_index_per_version"
            ),
        ]
        indexes = [models.Index(fields=["code_version", "-id"], name="stored_index_newest")]

    def __str__(self) -> str:
        return f"Matching index {self.pk} ({self.mentor_count} mentors)"


class TextEmbedding(models.Model):
    """Sentence embeddings of one mentor's or one request's own words, for semantic matching.

    Computed in the background once per change of the words (`text_hash`), never while a page
    waits, and only when the optional model is installed (docs/adr/0011-semantic-similarity.md).
    `vectors` holds float32 rows, one per passage (a mentor's headline, each role, the bio; a
    request's goals), `passages` x `dimensions`.
    """

    mentor = models.OneToOneField(
        MentorProfile,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="text_embedding",
    )
    request = models.OneToOneField(
        MentoringRequest,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="text_embedding",
    )
    model_name = models.CharField(max_length=100)
    text_hash = models.CharField(max_length=64, help_text="SHA-256 of the passages embedded.")
    passages = models.PositiveSmallIntegerField()
    dimensions = models.PositiveSmallIntegerField()
    vectors = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mentor__isnull=False, request__isnull=True)
                | models.Q(mentor__isnull=True, request__isnull=False),
                name="text_embedding_of_one_mentor_or_request",
            ),
        ]

    def __str__(self) -> str:
        owner = f"mentor {self.mentor_id}" if self.mentor_id else f"request {self.request_id}"
        return f"Text embedding of {owner} ({self.passages} passages)"

    @staticmethod
    def hash_of(passages: tuple[str, ...]) -> str:
        return hashlib.sha256("\x1e".join(passages).encode()).hexdigest()

    def is_current(self, model_name: str, passages: tuple[str, ...]) -> bool:
        """Embeds exactly these passages with this model."""
        return (
            self.model_name == model_name
            and self.passages == len(passages)
            and self.text_hash == self.hash_of(passages)
        )

    def as_array(self) -> np.ndarray:
        rows = np.frombuffer(bytes(self.vectors), dtype="<f4")
        return rows.reshape(self.passages, self.dimensions)
