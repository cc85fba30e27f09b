"""What a working pair records: session logs, feedback, and the close of their mentoring.

Only the two people in a live match log sessions; the first one makes the match active and asks
both for feedback. Closing goes through `match_end` (which frees the mentor's place once) and
then asks both for close feedback. Every change writes an audit event.
"""

import datetime
import uuid
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from mentoring import thresholds
from mentoring.models import Feedback, Goal, Match, Need, SessionLog
from mentoring.selectors.progress import role_in_match, session_can_change, sessions_logged_from
from mentoring.services.audit import audit_record
from mentoring.services.emails import email_feedback_requests
from mentoring.services.goals import goal_ratings_give, session_goal_progress_set
from mentoring.services.locks import locked_match
from mentoring.services.matches import match_activate

MIN_MINUTES, MAX_MINUTES = 5, 600


class AlreadySubmitted(ValidationError):
    """The same form (its one-time key, mentoring/forms/once.py) was sent before: `record` is
    what that first submission made."""

    def __init__(self, message: str, *, record):
        super().__init__(message)
        self.record = record


SESSION_ALREADY_LOGGED = "This session has already been logged."


def _check_pair(match: Match, actor: User) -> str:
    role = role_in_match(match=match, user=actor)
    if role is None:
        raise ValidationError("Only the mentee and the mentor in this match can do this.")
    return role


def _check_session(match: Match, date: datetime.date, duration_minutes: int, format: str) -> None:
    errors = {}
    if date > timezone.localdate():
        errors["date"] = "Date of the session must be today or in the past"
    elif date < sessions_logged_from(match):
        errors["date"] = (
            "Date of the session must be on or after "
            f"{sessions_logged_from(match):%-d %B %Y}, when you were introduced"
        )
    if not MIN_MINUTES <= duration_minutes <= MAX_MINUTES:
        errors["duration_minutes"] = "The session must last between 5 and 600 minutes"
    if format not in SessionLog.Format.values:
        errors["format"] = "Select how you met"
    if errors:
        raise ValidationError(errors)


def _session_data(session: SessionLog) -> dict:
    return {
        "session": session.pk,
        "date": session.date.isoformat(),
        "duration_minutes": session.duration_minutes,
        "format": session.format,
    }


@transaction.atomic
def session_log_create(
    *,
    match: Match,
    actor: User,
    date: datetime.date,
    duration_minutes: int,
    format: str,  # noqa: A002 - the model's field name
    topics: Iterable[Need] = (),
    notes: str = "",
    submission_key: uuid.UUID | None = None,
    goal: Goal | None = None,
    goal_progress: str = "",
) -> SessionLog:
    """Log a session; the first one makes an introduced match active and asks for feedback.

    A form sent again with the same `submission_key` raises `AlreadySubmitted` carrying the
    session the first one logged. The match lock queues presses that arrive together, so the
    second finds the first's row; the unique key is the database's own check behind it.
    """
    match = locked_match(match.pk)
    _check_pair(match, actor)
    if submission_key is not None:
        _refuse_repeat(submission_key)
    if not match.can_log_sessions:
        raise ValidationError("Sessions can only be logged while the mentoring is going on.")
    _check_session(match, date, duration_minutes, format)
    first = not match.sessions.exists()
    try:
        with transaction.atomic():
            session = SessionLog.objects.create(
                match=match,
                logged_by=actor,
                date=date,
                duration_minutes=duration_minutes,
                format=format,
                notes=notes.strip(),
                submission_key=submission_key,
            )
    except IntegrityError:
        if submission_key is not None:
            _refuse_repeat(submission_key)
        raise
    session.topics.set(list(topics))
    session_goal_progress_set(session=session, goal=goal, note=goal_progress)
    audit_record(actor=actor, verb="session.logged", match=match, after=_session_data(session))
    if match.status == Match.Status.ACCEPTED:
        match = match_activate(match=match, actor=actor)
    if first:
        email_feedback_requests(match=match, stage=Feedback.Stage.FIRST_SESSION)
    if match.stall_flagged_at is not None:
        # The pair is meeting again: a later stall may remind them again.
        Match.objects.filter(pk=match.pk).update(stall_flagged_at=None)
    return session


def _refuse_repeat(submission_key: uuid.UUID) -> None:
    earlier = SessionLog.objects.filter(submission_key=submission_key).first()
    if earlier is not None:
        raise AlreadySubmitted(SESSION_ALREADY_LOGGED, record=earlier)


def _check_can_change(session: SessionLog, actor: User) -> None:
    if session.logged_by_id != actor.pk:
        raise ValidationError("Only the person who logged this session can change it.")
    if not session_can_change(session=session, user=actor):
        raise ValidationError(
            f"Sessions can only be changed for {thresholds.session_edit_days()} days after they "
            "are logged."
        )


@transaction.atomic
def session_log_update(
    *,
    session: SessionLog,
    actor: User,
    date: datetime.date,
    duration_minutes: int,
    format: str,  # noqa: A002
    topics: Iterable[Need] = (),
    notes: str = "",
    goal: Goal | None = None,
    goal_progress: str = "",
) -> SessionLog:
    session = (
        SessionLog.objects.select_for_update(of=("self",))
        .select_related("match__request__mentee__user", "match__mentor__user")
        .get(pk=session.pk)
    )
    _check_can_change(session, actor)
    _check_session(session.match, date, duration_minutes, format)
    before = _session_data(session)
    session.date = date
    session.duration_minutes = duration_minutes
    session.format = format
    session.notes = notes.strip()
    session.save()
    session.topics.set(list(topics))
    session_goal_progress_set(session=session, goal=goal, note=goal_progress)
    audit_record(
        actor=actor,
        verb="session.updated",
        match=session.match,
        before=before,
        after=_session_data(session),
    )
    return session


@transaction.atomic
def session_log_delete(*, session: SessionLog, actor: User) -> None:
    session = (
        SessionLog.objects.select_for_update(of=("self",))
        .select_related("match__request")
        .get(pk=session.pk)
    )
    _check_can_change(session, actor)
    audit_record(
        actor=actor, verb="session.deleted", match=session.match, before=_session_data(session)
    )
    session.delete()


@transaction.atomic
def feedback_give(
    *,
    match: Match,
    actor: User,
    stage: str,
    rating: int,
    comments: str = "",
    goal_ratings: Mapping[int, str] | None = None,
) -> Feedback:
    """One piece of feedback per side and stage: after the first session, and at the close.

    At the close, `goal_ratings` (goal id to met, partly met or not met) rates every goal of the
    pair; it is the one place anyone is asked whether the goals were met (ADR 0019).
    """
    match = locked_match(match.pk)
    role = _check_pair(match, actor)
    if stage not in Feedback.Stage.values:
        raise ValidationError("There is no such feedback stage.")
    if stage == Feedback.Stage.FIRST_SESSION and not match.sessions.exists():
        raise ValidationError("You can give feedback on your first session once it is logged.")
    if stage == Feedback.Stage.CLOSE and match.status not in Match.FINISHED_STATUSES:
        raise ValidationError("You can give feedback on the mentoring once it has ended.")
    if not 1 <= rating <= 5:
        raise ValidationError("Choose a rating from 1 to 5")
    stage_words = Feedback.Stage(stage).label.lower()
    already = f"You have already given feedback {stage_words}."
    if Feedback.objects.filter(match=match, author_role=role, stage=stage).exists():
        raise ValidationError(already)
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                match=match,
                author=actor,
                author_role=role,
                stage=stage,
                rating=rating,
                comments=comments.strip(),
            )
    except IntegrityError as error:  # two presses at once: the constraint decides
        raise ValidationError(already) from error
    after = {"stage": stage, "role": role}
    if goal_ratings is None and stage == Feedback.Stage.CLOSE and match.goals.exists():
        goal_ratings = {}  # every goal must be rated: goal_ratings_give says so
    if goal_ratings is not None:
        if stage != Feedback.Stage.CLOSE:
            raise ValidationError("Goals are rated with the feedback at the close.")
        after["goals_rated"] = len(
            goal_ratings_give(match=match, actor=actor, role=role, ratings=goal_ratings)
        )
    audit_record(actor=actor, verb="feedback.given", match=match, after=after)
    return feedback
