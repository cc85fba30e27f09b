"""The demo's records of each planned match, dated by its history: the match, its session
logs, feedback and audit events (written in bulk)."""

import datetime

from mentoring.demo.history import DAY, Plan, days_between
from mentoring.demo.people import demo_today
from mentoring.models import AuditEvent, Feedback, Match, SessionLog

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


def _match_of(plan: Plan) -> Match:
    return Match(
        request=plan.request,
        mentor=plan.mentor,
        source=Match.Source.SUGGESTION,
        score=round(plan.rng.uniform(0.25, 0.8), 3),
        explanation={"summary": "Suggested by the matching engine for the demo data."},
        status=plan.status,
        approved_at=plan.approved,
        responded_at=plan.responded,
        started_at=plan.started,
        ended_at=plan.ended,
        end_reason=plan.end_reason,
        end_detail=plan.end_detail,
        decline_reason=plan.decline_reason,
        ended_by_id=plan.request.mentee.user_id if plan.ended else None,
    )


def _sessions_of(plan: Plan) -> list[SessionLog]:
    rng, match = plan.rng, plan.match
    mentee_user, mentor_user = plan.request.mentee.user_id, plan.mentor.user_id
    return [
        SessionLog(
            match_id=match.pk,
            logged_by_id=mentee_user if index % 2 == 0 else mentor_user,
            date=date,
            duration_minutes=rng.choice([45, 60, 60, 75, 90]),
            format=rng.choice(SessionLog.Format.values),
            notes=rng.choice(SESSION_NOTES),
        )
        for index, date in enumerate(plan.dates)
    ]


def _feedback_of(plan: Plan, today) -> list[Feedback]:
    """Feedback a few days after the first session and after the close, from those who gave it."""
    rng = plan.rng
    poor = plan.end_reason == Match.EndReason.NOT_A_GOOD_FIT
    moments = []
    if plan.started:
        moments.append((Feedback.Stage.FIRST_SESSION, plan.started, 0.7))
    if plan.ended:
        moments.append((Feedback.Stage.CLOSE, plan.ended, 0.85))
    feedback = []
    for stage, after, answers in moments:
        for role, author in (
            ("mentee", plan.request.mentee.user_id),
            ("mentor", plan.mentor.user_id),
        ):
            given = after + days_between(rng, 0.5, 8)
            if rng.random() >= answers or given >= today:
                continue  # not everyone answers
            item = Feedback(
                match_id=plan.match.pk,
                author_id=author,
                author_role=role,
                stage=stage,
                rating=rng.choice([1, 2, 2, 3] if poor else [3, 4, 4, 5, 5]),
                comments=rng.choice(FEEDBACK_COMMENTS),
            )
            item.given = given
            feedback.append(item)
    return feedback


def _audit_of(plan: Plan) -> list[AuditEvent]:
    """The events the services would have written for this match's life so far (dated after,
    from the match, by seed._date_history)."""
    match, request = plan.match, plan.request
    mentee_user, mentor_user = request.mentee.user_id, plan.mentor.user_id
    steps = [
        (match.proposed_by_id, "match.approved", "proposed", "approved"),
        (None, "request.matched", "open", "matched"),
    ]
    if plan.status == Match.Status.DECLINED:
        steps.append((mentor_user, "match.declined", "approved", "declined"))
    elif plan.responded:
        steps.append((mentor_user, "match.accepted", "approved", "accepted"))
    if plan.started:
        steps.append((mentee_user, "match.activated", "accepted", "active"))
    if plan.ended:
        steps += [
            (mentee_user, f"match.{plan.status}", "active", plan.status),
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


def write_plans(plans: list[Plan]) -> int:
    """Matches, sessions, feedback and audit events in bulk, each dated by its history."""
    if not plans:
        return 0
    today = demo_today()
    matches = [_match_of(plan) for plan in plans]
    Match.objects.bulk_create(matches, batch_size=2000)
    if matches[0].pk is None:  # backends that do not return ids from bulk inserts
        ids = {
            (request_id, mentor_id, status): pk
            for pk, request_id, mentor_id, status in Match.objects.filter(
                request__in=[plan.request for plan in plans]
            ).values_list("pk", "request_id", "mentor_id", "status")
        }
        for match in matches:
            match.pk = ids[(match.request_id, match.mentor_id, match.status)]
    for plan, match in zip(plans, matches, strict=True):
        plan.match = match
        match.created_at = plan.approved  # proposed and approved in one step
    Match.objects.bulk_update(matches, ["created_at"], batch_size=2000)
    sessions, feedback, audit = [], [], []
    for plan in plans:
        sessions += _sessions_of(plan)
        feedback += _feedback_of(plan, today)
        audit += _audit_of(plan)
    SessionLog.objects.bulk_create(sessions, batch_size=2000)
    if sessions and sessions[0].pk is not None:
        for session in sessions:
            # Logged the evening of the session, or a day or two later.
            logged = datetime.datetime.combine(session.date, datetime.time(18), tzinfo=datetime.UTC)
            session.created_at = min(logged + DAY * (session.pk % 3), today - DAY / 24)
        SessionLog.objects.bulk_update(sessions, ["created_at"], batch_size=2000)
        _topics(sessions, {plan.match.pk: plan for plan in plans})
    Feedback.objects.bulk_create(feedback, batch_size=2000)
    if feedback and feedback[0].pk is not None:
        for item in feedback:
            item.created_at = item.given
        Feedback.objects.bulk_update(feedback, ["created_at"], batch_size=2000)
    AuditEvent.objects.bulk_create(audit, batch_size=2000)
    return len(plans)


def _topics(sessions: list[SessionLog], plans: dict[int, Plan]) -> None:
    need_ids = {pk: [n.pk for n in plan.request.needs.all()][:2] for pk, plan in plans.items()}
    through = SessionLog.topics.through
    through.objects.bulk_create(
        [
            through(sessionlog_id=session.pk, need_id=need_id)
            for session in sessions
            for need_id in need_ids[session.match_id]
        ],
        batch_size=5000,
    )
