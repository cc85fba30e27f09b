"""Mentoring in the demo data: a scheme's last year, with every record dated by its history.

Each request that gets a mentor is introduced some days after it was made, answered, met, and
(for the older ones) finished; some introductions are declined first, some pairs end early, a
few introductions are still waiting for an answer. Matches, session logs, feedback and audit
events carry the dates of those events, not the moment the demo was loaded, so the dashboard's
charts look like a real scheme's year. The demo mentee and mentor work together too.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import User
from matching.engine.rules import organisation_key
from mentoring.demo.people import EMAIL_DOMAIN, demo_today
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
DECLINE_REASONS = [
    "I am too busy this quarter to give this the time it needs.",
    "Their needs are outside what I know well.",
    "I have a conflict of interest with one of their commissioners.",
]
EARLY_ENDINGS = [
    (Match.EndReason.NO_LONGER_NEEDED, ""),
    (Match.EndReason.NOT_A_GOOD_FIT, ""),
    (Match.EndReason.OTHER, "The chief executive left and the board paused the spin-out."),
]
STAYS_OPEN = 0.42  # the share of requests still waiting for a mentor
QUEUE_DAYS = 35  # waiting requests were made in the last five weeks
DAY = datetime.timedelta(days=1)


def _days(rng: random.Random, low: float, high: float) -> datetime.timedelta:
    return datetime.timedelta(minutes=rng.randrange(round(low * 1440), round(high * 1440) + 1))


@dataclass
class Plan:
    """One match of a request, as it happened: its dates, its end, its sessions."""

    request: MentoringRequest
    mentor: MentorProfile
    status: str
    approved: datetime.datetime
    responded: datetime.datetime | None = None
    started: datetime.datetime | None = None
    ended: datetime.datetime | None = None
    end_reason: str = ""
    end_detail: str = ""
    decline_reason: str = ""
    dates: list[datetime.date] = field(default_factory=list)
    rng: random.Random | None = None
    match: Match | None = None

    @property
    def holds_a_place(self) -> bool:
        return self.status in Match.LOAD_STATUSES


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
        story = _story(request, mentors, free, rng, today)
        if not story:
            waiting.append(request)
        plans += story
    _date_waiting(waiting, seed, today)
    written = _write(plans)
    _settle_requests_and_places(plans, waiting, {m.pk: m for m in mentors}, free)
    return written


def _date_waiting(requests: list[MentoringRequest], seed: int, today) -> None:
    """A request still waiting was made in the last five weeks (not before its mentee finished
    their profile), so the queue shows real waits rather than a year's."""
    for request in requests:
        rng = random.Random(f"{seed}:waiting:{request.mentee.user.email}")  # noqa: S311
        recent = today - _days(rng, 0.1, QUEUE_DAYS)
        request.created_at = max(recent, min(request.created_at, today - DAY / 24))
        request.status_changed_at = request.created_at


def _pick_mentor(
    request, mentors, free, rng, *, needs_place: bool, avoid=()
) -> MentorProfile | None:
    org = organisation_key(request.mentee.organisation_name)
    for _ in range(8):
        candidate = mentors[rng.randrange(len(mentors))]
        # The engine's rule (ADR 0009): the demo never pairs people from one organisation.
        same_org = bool(org) and org == organisation_key(candidate.organisation)
        if same_org or candidate.pk in avoid or (needs_place and free[candidate.pk] <= 0):
            continue
        return candidate
    return None


def _story(request, mentors, free, rng: random.Random, today) -> list[Plan]:
    """The matches of one request, oldest first; none when it is still waiting."""
    if rng.random() < STAYS_OPEN:
        return []
    # Most requests are introduced within two to four weeks; a few wait longer.
    approved = request.created_at + _days(rng, 1, min(60, 1 + rng.gammavariate(2.0, 6.0)))
    plans = []
    if rng.random() < 0.15:  # the first mentor asked declines
        first = _pick_mentor(request, mentors, free, rng, needs_place=False)
        responded = approved + _days(rng, 1, 6)
        if first is None or responded >= today:
            return []  # the first mentor has not answered yet: still waiting, as far as shown
        plans.append(
            Plan(
                request,
                first,
                Match.Status.DECLINED,
                approved,
                responded=responded,
                decline_reason=rng.choice(DECLINE_REASONS),
                rng=rng,
            )
        )
        approved = responded + _days(rng, 2, 10)
    if approved >= today:
        return plans  # declined, and back in the queue
    plan = _introduction(request, approved, rng, today)
    mentor = _pick_mentor(
        request,
        mentors,
        free,
        rng,
        needs_place=plan.holds_a_place,
        avoid={p.mentor.pk for p in plans},
    )
    if mentor is None:
        return plans
    plan.mentor = mentor
    if plan.holds_a_place:
        free[mentor.pk] -= 1
    return [*plans, plan]


def _introduction(request, approved, rng: random.Random, today) -> Plan:
    """What became of an introduction sent on `approved` (the mentor is chosen after)."""
    plan = Plan(request, None, Match.Status.APPROVED, approved, rng=rng)
    responded = approved + _days(rng, 0.2, 8)
    if responded >= today:
        return plan  # still waiting for the mentor's answer
    plan.responded, plan.status = responded, Match.Status.ACCEPTED
    started = responded + _days(rng, 4, 21)
    if started >= today:
        return plan  # introduced, not met yet
    plan.started, plan.status = started, Match.Status.ACTIVE
    early = rng.random() < 0.2
    count = rng.randrange(1, 4) if early else rng.randrange(3, 9)
    gap = rng.randrange(21, 46)  # every three to six weeks
    planned = [started.date() + datetime.timedelta(days=i * gap) for i in range(count)]
    plan.dates = [d for d in planned if d < today.date()]
    end = datetime.datetime.combine(planned[-1], datetime.time(17), tzinfo=datetime.UTC)
    end += _days(rng, 0, 14)
    if len(plan.dates) == len(planned) and end < today:
        plan.ended = end
        if early:
            plan.status = Match.Status.ENDED
            plan.end_reason, plan.end_detail = rng.choice(EARLY_ENDINGS)
        else:
            plan.status = Match.Status.COMPLETED
            plan.end_reason = Match.EndReason.GOALS_MET
    return plan


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
            given = after + _days(rng, 0.5, 8)
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


def _write(plans: list[Plan]) -> int:
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
