"""Every email the service sends about a match, so none is lost and none is sent twice.

A row is written in the same transaction as the change that causes the email; a background
task sends it after commit, records the outcome and retries failures. `event_key` is unique, so
the same event can never produce a second email.
"""

from django.conf import settings
from django.db import models

from mentoring.models.base import TimeStampedModel


class OutgoingEmail(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed, will retry"
        GAVE_UP = "gave_up", "Failed"

    template = models.CharField(max_length=60, help_text="Template name under templates/emails/")
    event_key = models.CharField(max_length=200, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_address = models.EmailField()
    subject = models.CharField(max_length=200, blank=True)
    context = models.JSONField(default=dict, blank=True)
    match = models.ForeignKey(
        "mentoring.Match", null=True, blank=True, on_delete=models.CASCADE, related_name="emails"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.template} to {self.to_address} ({self.get_status_display()})"
