"""Mentoring in the demo data: a scheme's last year, with every record dated by its history.

Each request that gets a mentor is introduced some days after it was made, answered, met, and
(for the older ones) finished; some introductions are declined first, some pairs end early, a
few introductions are still waiting for an answer. Matches, session logs, feedback and audit
events carry the dates of those events, not the moment the demo was loaded, so the dashboard's
charts look like a real scheme's year. The demo mentee and mentor work together too.
"""

import datetime
import random

from django.utils import timezone

from accounts.models import User
from mentoring.demo.history import Plan, date_waiting, story
from mentoring.demo.people import EMAIL_DOMAIN, demo_today
from mentoring.demo.records import SESSION_NOTES, write_plans
from mentoring.demo.sign_ins import DEMO_COORDINATOR, DEMO_MENTEE, DEMO_MENTOR
from mentoring.models import (
    AuditEvent,
    Match,
    MenteeProfile,
    MentoringRequest,
    MentorProfile,
    Need,
    SessionLog,
)


def seed_matches(seed: int) -> int:
    """Give each open demo request without a match its year: still waiting, or introduced,
    answered, met and perhaps finished. Each request's fate comes from a generator seeded with
    (seed, the mentee's email), so a second run finds nothing new to do."""
    requests = list(
        MentoringRequest.objects.filter(
            status=MentoringRequest.Status.OPEN,
            matches__isnull=True,
            mentee__user__email__endswith=f"@{EMAIL_DOMAIN}",
        )
        .select_related("mentee__user")
        .prefetch_related("needs")
        .order_by("pk")
    )
    mentors = list(
        MentorProfile.objects.filter(
            user__email__endswith=f"@{EMAIL_DOMAIN}",
            completed_at__isnull=False,
            is_paused=False,
        ).order_by("pk")
    )
    if not requests or not mentors:
        return 0
    today = demo_today()
    free = {m.pk: m.capacity - m.load for m in mentors}
    plans: list[Plan] = []
    waiting: list[MentoringRequest] = []
    for request in requests:
        rng = random.Random(f"{seed}:match:{request.mentee.user.email}")  # noqa: S311
        planned = story(request, mentors, free, rng, today)
        if not planned:
            waiting.append(request)
        plans += planned
    date_waiting(waiting, seed, today)
    written = write_plans(plans)
    _settle_requests_and_places(plans, waiting, {m.pk: m for m in mentors}, free)
    return written


def _settle_requests_and_places(plans, waiting, mentors_by_pk, free) -> None:
    """Each request's status and dates agree with its last match; mentors' loads with theirs."""
    last = {plan.request.pk: plan for plan in plans}  # plans are oldest first per request
    for plan in last.values():
        request = plan.request
        if plan.status == Match.Status.DECLINED:
            request.status, request.status_changed_at = "open", plan.responded
        elif plan.ended:
            request.status, request.status_changed_at = "closed", plan.ended
        else:
            request.status, request.status_changed_at = "matched", plan.approved
    MentoringRequest.objects.bulk_update(
        [plan.request for plan in last.values()] + waiting,
        ["status", "status_changed_at", "created_at"],
        batch_size=2000,
    )
    changed = [m for pk, m in mentors_by_pk.items() if m.capacity - free[pk] != m.load]
    for mentor in changed:
        mentor.load = mentor.capacity - free[mentor.pk]
    MentorProfile.objects.bulk_update(changed, ["load"], batch_size=2000)


def demo_match() -> int:
    """The demo mentee and mentor are mentoring each other, so both dashboards are full."""
    from mentoring.services.matches import match_accept, match_approve, request_create
    from mentoring.services.progress import session_log_create

    mentee = MenteeProfile.objects.select_related("user").get(user__email=DEMO_MENTEE)
    mentor = MentorProfile.objects.select_related("user").get(user__email=DEMO_MENTOR)
    if Match.objects.filter(request__mentee=mentee, mentor=mentor).exists():
        return 0
    coordinator = User.objects.get(email=DEMO_COORDINATOR)
    request = MentoringRequest.objects.filter(
        mentee=mentee, status=MentoringRequest.Status.OPEN
    ).first() or request_create(
        mentee=mentee,
        needs=mentee.needs.all(),
        goals=mentee.goals,
        actor=mentee.user,
    )
    if mentor.places_free <= 0 or mentor.is_paused:
        return 0
    match = match_approve(
        request=request,
        mentor=mentor,
        coordinator=coordinator,
        explanation={
            "summary": "Both: housing; preparing to spin out; needs: TUPE and HR, pensions."
        },
    )
    match = match_accept(match=match, actor=mentor.user)
    weeks_ago = (6, 4, 2)
    began = timezone.now() - datetime.timedelta(weeks=7)
    Match.objects.filter(pk=match.pk).update(approved_at=began, responded_at=began)
    MentoringRequest.objects.filter(pk=request.pk).update(
        created_at=began - datetime.timedelta(days=9), status_changed_at=began
    )
    # The services wrote this pair's history as it happened today; date it like the rest.
    AuditEvent.objects.filter(request=request, verb="request.created").update(
        created_at=began - datetime.timedelta(days=9)
    )
    AuditEvent.objects.filter(
        request=request, verb__in=["match.approved", "request.matched", "match.accepted"]
    ).update(created_at=began)
    match.refresh_from_db()
    for index, weeks in enumerate(weeks_ago):
        session_log_create(
            match=match,
            actor=mentee.user if index % 2 == 0 else mentor.user,
            date=timezone.localdate() - datetime.timedelta(weeks=weeks),
            duration_minutes=60 + 15 * index,
            format=SessionLog.Format.VIDEO if index else SessionLog.Format.IN_PERSON,
            topics=Need.objects.filter(slug__in=["tupe-and-hr", "business-planning"][: index + 1]),
            notes=SESSION_NOTES[index],
        )
    return 1
