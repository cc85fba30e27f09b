"""What happened to each demo request over the scheme's year: still waiting, or introduced,
answered, met and perhaps finished, with the dates of each step (mentoring.demo.matches writes
them)."""

import datetime
import random
from dataclasses import dataclass, field

from matching.engine.rules import organisation_key
from mentoring.models import Match, MentoringRequest, MentorProfile

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


def days_between(rng: random.Random, low: float, high: float) -> datetime.timedelta:
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


def date_waiting(requests: list[MentoringRequest], seed: int, today) -> None:
    """A request still waiting was made in the last five weeks (not before its mentee finished
    their profile), so the queue shows real waits rather than a year's."""
    for request in requests:
        rng = random.Random(f"{seed}:waiting:{request.mentee.user.email}")  # noqa: S311
        recent = today - days_between(rng, 0.1, QUEUE_DAYS)
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


def story(request, mentors, free, rng: random.Random, today) -> list[Plan]:
    """The matches of one request, oldest first; none when it is still waiting."""
    if rng.random() < STAYS_OPEN:
        return []
    # Most requests are introduced within two to four weeks; a few wait longer.
    approved = request.created_at + days_between(rng, 1, min(60, 1 + rng.gammavariate(2.0, 6.0)))
    plans = []
    if rng.random() < 0.15:  # the first mentor asked declines
        first = _pick_mentor(request, mentors, free, rng, needs_place=False)
        responded = approved + days_between(rng, 1, 6)
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
        approved = responded + days_between(rng, 2, 10)
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
    responded = approved + days_between(rng, 0.2, 8)
    if responded >= today:
        return plan  # still waiting for the mentor's answer
    plan.responded, plan.status = responded, Match.Status.ACCEPTED
    started = responded + days_between(rng, 4, 21)
    if started >= today:
        return plan  # introduced, not met yet
    plan.started, plan.status = started, Match.Status.ACTIVE
    early = rng.random() < 0.2
    count = rng.randrange(1, 4) if early else rng.randrange(3, 9)
    gap = rng.randrange(21, 46)  # every three to six weeks
    planned = [started.date() + datetime.timedelta(days=i * gap) for i in range(count)]
    plan.dates = [d for d in planned if d < today.date()]
    end = datetime.datetime.combine(planned[-1], datetime.time(17), tzinfo=datetime.UTC)
    end += days_between(rng, 0, 14)
    if len(plan.dates) == len(planned) and end < today:
        plan.ended = end
        if early:
            plan.status = Match.Status.ENDED
            plan.end_reason, plan.end_detail = rng.choice(EARLY_ENDINGS)
        else:
            plan.status = Match.Status.COMPLETED
            plan.end_reason = Match.EndReason.GOALS_MET
    return plan
