"""Writing audit events: one per decision or status change, in the same transaction."""

from typing import Any

from accounts.models import User
from mentoring.models import AuditEvent, Match, MentoringRequest


def audit_record(
    *,
    actor: User | None,
    verb: str,
    request: MentoringRequest | None = None,
    match: Match | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    if request is None and match is not None:
        request = match.request
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        request=request,
        match=match,
        before=before or {},
        after=after or {},
        data=data or {},
    )
