"""An append-only record of every decision and status change: who, what, when, before, after."""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the service itself acted (a scheduled command, a task).",
    )
    verb = models.CharField(max_length=60, db_index=True)
    request = models.ForeignKey(
        "mentoring.MentoringRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="audit_events",
    )
    match = models.ForeignKey(
        "mentoring.Match",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="audit_events",
    )
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.verb} at {self.created_at:%Y-%m-%d %H:%M}"
