"""Reads for a working pair, their dashboards and the coordinator's match page.

Everything a page shows comes from a fixed number of queries: matches are loaded with both
people, their session totals are annotated, and sessions, topics and feedback are prefetched.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from mentoring import thresholds
from mentoring.models import (
    Feedback,
    Match,
    MenteeProfile,
    MentoringRequest,
    MentorProfile,
    SessionLog,
    Shortlist,
)
from mentoring.selectors.requests import Stage, request_stage, shown_matches


def role_in_match(*, match: Match, user: User) -> str | None:
    """ "mentee" or "mentor" when the person is one of the pair, else None."""
    if user.pk is None:
        return None
    if match.request.mentee.user_id == user.pk:
        return Feedback.Role.MENTEE
    if match.mentor.user_id == user.pk:
        return Feedback.Role.MENTOR
    return None


def match_began_on(match: Match) -> datetime.date:
    """The day the pair were introduced: no session can be logged before it."""
    moment = match.responded_at or match.approved_at or match.created_at
    return timezone.localdate(moment)


def sessions_logged_from(match: Match) -> datetime.date:
    """The earliest date a session can have: the day the introduction was sent (approval).

    Earlier than `match_began_on` once the mentor accepts, so a session held before they
    answered stays valid when it is changed later.
    """
    began = match_began_on(match)
    if match.approved_at is not None:
        return min(timezone.localdate(match.approved_at), began)
    return began


def session_can_change(
    *, session: SessionLog, user: User, now: datetime.datetime | None = None
) -> bool:
    """Only the person who logged a session, within 14 days of logging it."""
    now = now or timezone.now()
    return (
        session.logged_by_id == user.pk
        and now - session.created_at <= thresholds.session_edit_window()
    )


def _with_totals(matches: QuerySet) -> QuerySet:
    return matches.annotate(
        session_count=Count("sessions", distinct=True),
        session_minutes=Coalesce(Sum("sessions__duration_minutes"), 0),
    )


def _match_base() -> QuerySet:
    return Match.objects.select_related(
        "request__mentee__user",
        "request__mentee__sector",
        "request__mentee__region",
        "mentor__user",
        "mentor__region",
        "ended_by",
    )


def match_for_pair(*, user: User, pk: int) -> Match:
    """The match, only for the mentee or the mentor in it; 404 for anyone else."""
    match = (
        _match_base()
        .filter(pk=pk, status__in=Match.ACCEPTED_STATUSES)
        .filter(Q(request__mentee__user=user) | Q(mentor__user=user))
        .first()
    )
    if match is None or not user.is_authenticated:
        raise Http404("No match here for you.")
    return match


def match_for_logging(*, user: User, pk: int) -> Match:
    """The match, for the pair only, while sessions can be logged (Match.SESSION_LOG_STATUSES):
    also an introduction the mentor has not answered yet; 404 for anyone else."""
    match = (
        _match_base()
        .filter(pk=pk, status__in=(*Match.SESSION_LOG_STATUSES, *Match.ACCEPTED_STATUSES))
        .filter(Q(request__mentee__user=user) | Q(mentor__user=user))
        .first()
    )
    if match is None or not user.is_authenticated:
        raise Http404("No match here for you.")
    return match


def session_for_pair(*, user: User, pk: int) -> SessionLog:
    session = (
        SessionLog.objects.select_related("match__request__mentee__user", "match__mentor__user")
        .prefetch_related("topics")
        .filter(pk=pk)
        .filter(Q(match__request__mentee__user=user) | Q(match__mentor__user=user))
        .first()
    )
    if session is None or not user.is_authenticated:
        raise Http404("No session here for you.")
    return session


def sessions_for_match(*, match: Match) -> QuerySet:
    return match.sessions.select_related("logged_by").prefetch_related("topics")


def sessions_without_notes(*, match: Match) -> QuerySet:
    """What a coordinator may see of a pair's sessions: never the notes they write each other."""
    return sessions_for_match(match=match).defer("notes")


@dataclass(frozen=True)
class Totals:
    sessions: int
    minutes: int

    @property
    def hours(self) -> str:
        return hours_words(self.minutes)


def hours_words(minutes: int) -> str:
    hours, rest = divmod(minutes or 0, 60)
    if not rest:
        return f"{hours} {'hour' if hours == 1 else 'hours'}"
    return f"{(minutes or 0) / 60:.1f} hours"


def totals_of(sessions) -> Totals:
    sessions = list(sessions)
    return Totals(sessions=len(sessions), minutes=sum(s.duration_minutes for s in sessions))


def feedback_due(*, match: Match, role: str, feedback: list[Feedback], has_sessions: bool):
    """Stages for which this side still owes feedback on this match."""
    given = {f.stage for f in feedback if f.author_role == role}
    due = []
    if has_sessions and Feedback.Stage.FIRST_SESSION not in given and match.is_live:
        due.append(Feedback.Stage.FIRST_SESSION)
    if match.status in Match.FINISHED_STATUSES and Feedback.Stage.CLOSE not in given:
        due.append(Feedback.Stage.CLOSE)
    return due


# Dashboards ---------------------------------------------------------------------------------


@dataclass
class DueItem:
    kind: str  # "accept", "log", "feedback", "request", "shortlist"
    match: Match | None = None
    stage: str = ""

    @property
    def stage_label(self) -> str:
        return Feedback.Stage(self.stage).label.lower() if self.stage else ""


@dataclass
class RoleDashboard:
    role: str
    matches: list[Match] = field(default_factory=list)
    requests: list[MentoringRequest] = field(default_factory=list)
    todo: list[DueItem] = field(default_factory=list)
    sessions: int = 0
    minutes: int = 0
    has_live_request: bool = False
    live_request: MentoringRequest | None = None

    @property
    def has_had_a_pair(self) -> bool:
        """Someone accepted an introduction: until then there are no sessions to sum up."""
        return any(match.status in Match.ACCEPTED_STATUSES for match in self.matches)

    @property
    def last_request(self) -> MentoringRequest | None:
        return self.requests[0] if self.requests else None

    @property
    def hours(self) -> str:
        return hours_words(self.minutes)

    @property
    def feedback_due(self) -> list[DueItem]:
        return [item for item in self.todo if item.kind == "feedback"]


def _own_feedback(role: str) -> Prefetch:
    return Prefetch(
        "feedback", queryset=Feedback.objects.filter(author_role=role), to_attr="own_feedback"
    )


def _fill(board: RoleDashboard, matches: list[Match]) -> RoleDashboard:
    board.matches = matches
    for match in matches:
        board.sessions += match.session_count
        board.minutes += match.session_minutes
        match.due_stages = feedback_due(
            match=match,
            role=board.role,
            feedback=match.own_feedback,
            has_sessions=match.session_count > 0,
        )
        if board.role == "mentor" and match.status == Match.Status.APPROVED:
            board.todo.append(DueItem("accept", match))
        if match.is_live:
            board.todo.append(DueItem("log", match))
        board.todo.extend(DueItem("feedback", match, stage) for stage in match.due_stages)
    return board


def mentee_dashboard(*, mentee: MenteeProfile) -> RoleDashboard:
    board = RoleDashboard(role="mentee")
    board.requests = list(
        MentoringRequest.objects.filter(mentee=mentee)
        .prefetch_related(
            Prefetch(
                "matches",
                queryset=shown_matches().select_related("mentor__user"),
                to_attr="shown_matches",
            ),
            Prefetch(
                "shortlists",
                queryset=Shortlist.objects.filter(status=Shortlist.Status.OFFERED),
                to_attr="offered_shortlists",
            ),
        )
        .order_by("-created_at", "-id")
    )
    for request in board.requests:
        # The same words as the request's own page (request_stage): they cannot disagree.
        request.shown_match = request.shown_matches[0] if request.shown_matches else None
        request.stage = request_stage(request=request, match=request.shown_match)
        if request.offered_shortlists:  # the request's own page says the same (ADR 0018)
            request.stage = Stage(Shortlist.Status.OFFERED.label, "blue")
    board.live_request = next(
        (r for r in board.requests if r.status in MentoringRequest.LIVE_STATUSES), None
    )
    if board.live_request is not None and board.live_request.offered_shortlists:
        board.todo.append(DueItem("shortlist"))
    board.has_live_request = board.live_request is not None
    matches = list(
        _with_totals(
            _match_base().filter(request__mentee=mentee, status__in=Match.ACCEPTED_STATUSES)
        ).prefetch_related(_own_feedback("mentee"))
    )
    _fill(board, matches)
    if not board.has_live_request:
        board.todo.insert(0, DueItem("request"))
    return board


def mentor_dashboard(*, mentor: MentorProfile) -> RoleDashboard:
    board = RoleDashboard(role="mentor")
    matches = list(
        _with_totals(
            _match_base().filter(
                mentor=mentor, status__in=(Match.Status.APPROVED, *Match.ACCEPTED_STATUSES)
            )
        ).prefetch_related(_own_feedback("mentor"))
    )
    return _fill(board, matches)


# Coordinators -------------------------------------------------------------------------------


def match_for_coordinator(*, pk: int) -> Match:
    match = _match_base().select_related("proposed_by").filter(pk=pk).first()
    if match is None:
        raise Http404("No such match.")
    return match


def feedback_for_match(*, match: Match) -> QuerySet:
    return match.feedback.select_related("author").order_by("stage", "author_role")


def introduction_overdue(*, match: Match, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        match.status == Match.Status.APPROVED
        and match.approved_at is not None
        and now - match.approved_at >= thresholds.introduction_overdue_after()
    )


def introductions_unanswered_for(
    *, wait: datetime.timedelta, now: datetime.datetime | None = None
) -> QuerySet:
    """Introductions the mentor has not answered `wait` or more after approval, oldest first."""
    now = now or timezone.now()
    return (
        Match.objects.filter(status=Match.Status.APPROVED, approved_at__lte=now - wait)
        .select_related("request__mentee__user", "mentor__user")
        .order_by("approved_at", "id")
    )


def introductions_overdue(*, now: datetime.datetime | None = None) -> QuerySet:
    """Introductions the mentor has not answered in 14 days: coordinators chase these."""
    return introductions_unanswered_for(wait=thresholds.introduction_overdue_after(), now=now)


def stalled_matches() -> QuerySet:
    """Live matches the reminders command flagged: no session for 30 days."""
    return (
        Match.objects.filter(status__in=Match.LIVE_STATUSES, stall_flagged_at__isnull=False)
        .select_related("request__mentee__user", "mentor__user")
        .order_by("stall_flagged_at", "id")
    )
