"""Mentoring in progress in the demo data: matches with their sessions, feedback and history,
and the demo mentee and mentor working together."""

import datetime
import random

from django.utils import timezone

from accounts.models import User
from matching.engine.rules import organisation_key
from mentoring.demo.people import EMAIL_DOMAIN
from mentoring.demo.sign_ins import DEMO_COORDINATOR, DEMO_MENTEE, DEMO_MENTOR
from mentoring.models import (
    AuditEvent,
    Feedback,
    Match,
    MenteeProfile,
    MentoringRequest,
    MentorProfile,
    Need,
    SessionLog,
)

SESSION_NOTES = [
    "Went through the draft business plan section by section; agreed to test the cash flow.",
    "Talked about the TUPE consultation timetable and what to tell staff first.",
    "Discussed recruiting two independent board members and what skills we lack.",
    "Looked at the contract renewal and how to show social value to the commissioner.",
    "Shared how other mutuals handled the pension admission agreement.",
    "",
]
FEEDBACK_COMMENTS = [
    "Practical and honest advice from someone who has done it.",
    "Really useful to have a sounding board outside the organisation.",
    "Good conversations; we found it hard to find time to meet.",
    "Helpful, though more sector knowledge would have helped.",
    "",
]


def seed_matches(seed: int) -> int:
    """About a quarter of demo mentees are mentoring now and a tenth have finished.

    Only open demo requests without any match are considered, and each mentee's fate comes from a
    generator seeded with (seed, mentee id's email), so a second run creates nothing new. Dates
    are relative to today so the dashboards and reminders look current.
    """
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
    now = datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0)
    free = {m.pk: m.capacity - m.load for m in mentors}
    plans = []
    for request in requests:
        rng = random.Random(f"{seed}:match:{request.mentee.user.email}")  # noqa: S311
        roll = rng.random()
        if roll >= 0.58:  # stays in the queue
            continue
        finished = roll >= 0.42
        mentor = None
        for _ in range(8):
            candidate = mentors[rng.randrange(len(mentors))]
            # The engine's rule (ADR 0009): the demo never pairs people from one organisation.
            org = organisation_key(request.mentee.organisation_name)
            same_org = bool(org) and org == organisation_key(candidate.organisation)
            if (finished or free[candidate.pk] > 0) and not same_org:
                mentor = candidate
                break
        if mentor is None:
            continue
        if not finished:
            free[mentor.pk] -= 1
        plans.append((request, mentor, finished, rng))
    return _write_matches(plans, now, {m.pk: m for m in mentors}, free)


def _planned_match(request, mentor, finished: bool, rng: random.Random, now) -> tuple:
    """The match a plan describes (not saved) and the dates of its sessions."""
    approved = now - datetime.timedelta(days=rng.randrange(45, 240))
    responded = approved + datetime.timedelta(days=rng.randrange(1, 7))
    request.created_at = approved - datetime.timedelta(days=rng.randrange(2, 21))
    count = rng.randrange(1, 9)
    gap = rng.randrange(7, 28)
    dates = [responded.date() + datetime.timedelta(days=7 + i * gap) for i in range(count)]
    dates = [d for d in dates if d <= now.date()] or [now.date()]
    match = Match(
        request=request,
        mentor=mentor,
        source=Match.Source.SUGGESTION,
        score=round(rng.uniform(0.25, 0.8), 3),
        explanation={"summary": "Suggested by the matching engine for the demo data."},
        approved_at=approved,
        responded_at=responded,
        started_at=datetime.datetime.combine(dates[0], datetime.time(10), tzinfo=datetime.UTC),
        status=Match.Status.ACTIVE,
    )
    if finished:
        match.status = Match.Status.COMPLETED
        match.end_reason = Match.EndReason.GOALS_MET
        match.ended_at = min(
            now, datetime.datetime.combine(dates[-1], datetime.time(17), tzinfo=datetime.UTC)
        )
        match.ended_by = request.mentee.user
    return match, dates


def _sessions_of(match, request, rng: random.Random, dates) -> list[SessionLog]:
    mentee_user, mentor_user = request.mentee.user_id, match.mentor.user_id
    return [
        SessionLog(
            match_id=match.pk,
            logged_by_id=mentee_user if index % 2 == 0 else mentor_user,
            date=date,
            duration_minutes=rng.choice([45, 60, 60, 75, 90]),
            format=rng.choice(SessionLog.Format.values),
            notes=rng.choice(SESSION_NOTES),
        )
        for index, date in enumerate(dates)
    ]


def _feedback_of(match, request, finished: bool, rng: random.Random) -> list[Feedback]:
    mentee_user, mentor_user = request.mentee.user_id, match.mentor.user_id
    feedback = []
    stages = [Feedback.Stage.FIRST_SESSION] + ([Feedback.Stage.CLOSE] if finished else [])
    for stage in stages:
        for role, author in (("mentee", mentee_user), ("mentor", mentor_user)):
            if stage == Feedback.Stage.FIRST_SESSION and rng.random() < 0.3:
                continue  # not everyone answers
            feedback.append(
                Feedback(
                    match_id=match.pk,
                    author_id=author,
                    author_role=role,
                    stage=stage,
                    rating=rng.choice([3, 4, 4, 5, 5]),
                    comments=rng.choice(FEEDBACK_COMMENTS),
                )
            )
    return feedback


def _audit_of(match, request, finished: bool) -> list[AuditEvent]:
    """The events the services would have written for this match's life so far."""
    mentee_user, mentor_user = request.mentee.user_id, match.mentor.user_id
    steps = [
        (match.proposed_by_id, "match.approved", "proposed", "approved"),
        (None, "request.matched", "open", "matched"),
        (mentor_user, "match.accepted", "approved", "accepted"),
        (mentee_user, "match.activated", "accepted", "active"),
    ]
    if finished:
        steps += [
            (mentee_user, "match.completed", "active", "completed"),
            (mentee_user, "request.closed", "matched", "closed"),
        ]
    return [
        AuditEvent(
            actor_id=actor,
            verb=verb,
            request_id=request.pk,
            match_id=match.pk if verb.startswith("match.") else None,
            before={"status": before},
            after={"status": after},
            data={"source": "demo data"},
        )
        for actor, verb, before, after in steps
    ]


def _write_matches(plans, now, mentors_by_pk, free) -> int:
    rows = []
    for request, mentor, finished, rng in plans:
        match, dates = _planned_match(request, mentor, finished, rng, now)
        rows.append((match, request, finished, rng, dates))
    Match.objects.bulk_create([row[0] for row in rows], batch_size=2000)
    if rows and rows[0][0].pk is None:
        by_request = dict(
            Match.objects.filter(request__in=[r[1] for r in rows]).values_list("request_id", "pk")
        )
        for match, request, *_ in rows:
            match.pk = by_request[request.pk]
    need_ids, sessions, feedback, audit = {}, [], [], []
    for match, request, finished, rng, dates in rows:
        need_ids[match.pk] = [n.pk for n in request.needs.all()]
        sessions += _sessions_of(match, request, rng, dates)
        feedback += _feedback_of(match, request, finished, rng)
        audit += _audit_of(match, request, finished)
    SessionLog.objects.bulk_create(sessions, batch_size=2000)
    if sessions and sessions[0].pk is not None:
        through = SessionLog.topics.through
        topics = [
            through(sessionlog_id=session.pk, need_id=need_id)
            for session in sessions
            for need_id in need_ids[session.match_id][:2]
        ]
        through.objects.bulk_create(topics, batch_size=5000)
    Feedback.objects.bulk_create(feedback, batch_size=2000)
    AuditEvent.objects.bulk_create(audit, batch_size=2000)
    _close_requests_and_count_places(rows, mentors_by_pk, free)
    return len(rows)


def _close_requests_and_count_places(rows, mentors_by_pk, free) -> None:
    for match, request, finished, _rng, _dates in rows:
        request.status = "closed" if finished else "matched"
        request.status_changed_at = match.ended_at if finished else match.approved_at
    MentoringRequest.objects.bulk_update(
        [row[1] for row in rows], ["status", "status_changed_at", "created_at"], batch_size=2000
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
