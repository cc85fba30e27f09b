"""seed_demo: everything the demo needs, in one transaction, safe to run twice."""

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import OuterRef, Subquery

from mentoring.demo.case_notes import seed_case_notes
from mentoring.demo.goals import seed_goals
from mentoring.demo.imports import demo_mentor_import
from mentoring.demo.matches import demo_match, seed_matches
from mentoring.demo.profiles import seed_mentees, seed_mentors
from mentoring.demo.result import SeedResult
from mentoring.demo.scheduling import seed_scheduled_sessions
from mentoring.demo.shortlists import demo_shortlist
from mentoring.demo.sign_ins import DEMO_PASSWORD, demo_coordinator, demo_mentee_and_mentor
from mentoring.demo.vetting import demo_vetting
from mentoring.models import (
    AuditEvent,
    Match,
    MentoringRequest,
)


@transaction.atomic
def seed_demo(*, mentors: int, mentees: int, seed: int, demo_accounts: bool) -> SeedResult:
    result = SeedResult()
    # One hash for everyone: hashing 20,000 passwords would take minutes.
    password_hash = make_password(DEMO_PASSWORD if demo_accounts else None)
    result.created["mentees"] = seed_mentees(seed, mentees, password_hash)
    result.created["mentors"] = seed_mentors(seed, mentors, mentees, password_hash)
    result.created["matches"] = seed_matches(seed)
    if demo_accounts:
        demo_mentee_and_mentor(result)
        demo_coordinator(result)
        demo_vetting(result)
        demo_mentor_import(result)
        result.created["demo match"] = demo_match()
        result.created["arranged sessions"] = seed_scheduled_sessions()
        result.created["case notes"] = seed_case_notes(seed)
        result.created["shortlist waiting for a mentee"] = demo_shortlist()
    result.created["goals"] = seed_goals(seed)
    _date_history()
    return result


def _date_history() -> None:
    """Give the demo's history the dates of the events it records, not the day of seeding.

    Demo rows are written in bulk, so their audit events are stamped "now"; one UPDATE per kind
    of event copies the date from the request or match it describes. Safe to repeat.
    """

    def of_match(name: str):
        return Subquery(Match.objects.filter(pk=OuterRef("match_id")).values(name)[:1])

    def of_request_match(name: str):
        matches = Match.objects.filter(request_id=OuterRef("request_id")).order_by("-pk")
        return Subquery(matches.values(name)[:1])

    demo = AuditEvent.objects.filter(data__source="demo data")
    request_created = MentoringRequest.objects.filter(pk=OuterRef("request_id"))
    demo.filter(verb="request.created").update(
        created_at=Subquery(request_created.values("created_at")[:1])
    )
    for verb, name in (
        ("match.approved", "approved_at"),
        ("match.accepted", "responded_at"),
        ("match.declined", "responded_at"),
        ("match.activated", "started_at"),
        ("match.completed", "ended_at"),
        ("match.ended", "ended_at"),
    ):
        demo.filter(verb=verb, match__isnull=False).update(created_at=of_match(name))
    for verb, name in (("request.matched", "approved_at"), ("request.closed", "ended_at")):
        demo.filter(verb=verb, match__isnull=True).update(created_at=of_request_match(name))
