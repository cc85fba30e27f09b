"""Reads for vetting mentors: the coordinator's queue, one mentor to review, their history."""

from django.db.models import QuerySet

from mentoring.models import AuditEvent, MentorProfile
from mentoring.services.vetting import VETTING_VERBS

# What each vetting event says, in a coordinator's words.
EVENT_WORDS = {
    "mentor.approved": "Approved as a mentor",
    "mentor.changes_requested": "Asked for changes",
    "mentor.declined": "Declined",
    "mentor.resubmitted": "Changed their profile and sent it back for approval",
}


def mentors_awaiting_approval() -> QuerySet:
    """The queue: complete mentors still to vet, the longest waiting first."""
    return MentorProfile.objects.awaiting_approval().select_related("user", "region")


def mentor_for_review(*, pk: int) -> MentorProfile | None:
    """A complete mentor with everything the review page shows; None if there is no such one."""
    return (
        MentorProfile.objects.complete()
        .select_related("user", "region")
        .prefetch_related("expertise", "sectors", "stages")
        .filter(pk=pk)
        .first()
    )


def vetting_history(*, mentor: MentorProfile) -> list[dict]:
    """The mentor's vetting decisions, oldest first, as rows for components/history_table."""
    events = (
        AuditEvent.objects.filter(verb__in=VETTING_VERBS, data__mentor=mentor.pk)
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    labels = dict(MentorProfile.Approval.choices)
    return [
        {
            "when": event.created_at,
            "who": event.actor.display_name if event.actor else "The service",
            "what": EVENT_WORDS.get(event.verb, event.verb)
            + (f": {event.data['message']}" if event.data.get("message") else ""),
            "before": labels.get(event.before.get("approval"), ""),
            "after": labels.get(event.after.get("approval"), ""),
        }
        for event in events
    ]
