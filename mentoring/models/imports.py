"""Mentors imported in bulk from a coordinator's CSV file: the upload and each row's outcome."""

from django.conf import settings
from django.db import models

from mentoring.models.base import TimeStampedModel


class MentorImport(TimeStampedModel):
    """One uploaded file: previewed first, then confirmed to invite its valid rows."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Waiting for you to confirm"
        INVITING = "inviting", "Inviting mentors"
        IMPORTED = "imported", "Imported"

    STATUS_TAG_COLOURS = {
        Status.PREVIEWED: "yellow",
        Status.INVITING: "blue",
        Status.IMPORTED: "green",
    }

    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    # The file's SHA-256: the same file uploaded again is recognised and creates nothing twice.
    sha256 = models.CharField("SHA-256 of the file", max_length=64, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "mentor import"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def status_tag_colour(self) -> str:
        return self.STATUS_TAG_COLOURS[self.status]


class MentorImportRow(models.Model):
    """One line of the file: what it said, what is wrong with it and what became of it."""

    class Outcome(models.TextChoices):
        READY = "ready", "Ready to invite"
        PROBLEMS = "problems", "Not imported"
        ALREADY_IMPORTED = "already_imported", "Already imported"
        INVITED = "invited", "Invited"

    STATUS_TAG_COLOURS = {
        Outcome.READY: "blue",
        Outcome.PROBLEMS: "red",
        Outcome.ALREADY_IMPORTED: "grey",
        Outcome.INVITED: "green",
    }

    mentor_import = models.ForeignKey(MentorImport, on_delete=models.CASCADE, related_name="rows")
    # The row's number as the spreadsheet shows it: the header is row 1.
    number = models.PositiveIntegerField()
    email = models.CharField(max_length=254, blank=True, db_index=True)
    name = models.CharField(max_length=150, blank=True)
    # The cells as read, and the taxonomy slugs they name: {"sectors": ["housing"], ...}.
    values = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentor_import_rows",
    )
    invited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "mentor import row"
        ordering = ["mentor_import", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor_import", "number"], name="mentor_import_row_number_unique"
            ),
            # One invitation per email address, however many files name it.
            models.UniqueConstraint(
                fields=["email"],
                condition=models.Q(outcome="invited"),
                name="mentor_import_one_invitation_per_email",
            ),
        ]
        indexes = [models.Index(fields=["mentor_import", "outcome"])]

    def __str__(self) -> str:
        return f"Row {self.number} of import {self.mentor_import_id}"

    @property
    def status(self) -> str:
        return self.outcome

    @property
    def status_tag_colour(self) -> str:
        return self.STATUS_TAG_COLOURS[self.outcome]

    def get_status_display(self) -> str:
        return self.get_outcome_display()
