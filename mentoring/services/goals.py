"""The pair's goals: set, reworded and removed while the mentoring is live (at most three),
progress noted on a session, and each person's rating of each goal with their close feedback.

Every write takes the match's row lock first (mentoring/services/locks.py), so two people adding
a goal at once queue and the second sees the first's; the database's own constraints (one goal
per position 1 to 3, one rating per goal and side) are the check behind it.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from mentoring.models import Goal, GoalProgress, GoalRating, Match, SessionLog
from mentoring.models.goals import GOAL_MAX_LENGTH, MAX_GOALS, PROGRESS_MAX_LENGTH
from mentoring.selectors.progress import role_in_match
from mentoring.services.audit import audit_record
from mentoring.services.locks import locked_match

TOO_MANY = f"You can set up to {MAX_GOALS} goals. Change or remove one to add another."
NOT_LIVE = "Goals can only be changed while the mentoring is going on."
NOT_THE_PAIR = "Only the mentee and the mentor in this match can do this."


def _check_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the goal"})
    if len(text) > GOAL_MAX_LENGTH:
        raise ValidationError({"text": f"The goal must be {GOAL_MAX_LENGTH} characters or fewer"})
    return text


def _check_pair_and_live(match: Match, actor: User) -> str:
    role = role_in_match(match=match, user=actor)
    if role is None:
        raise ValidationError(NOT_THE_PAIR)
    if not match.is_live:
        raise ValidationError(NOT_LIVE)
    return role


@transaction.atomic
def goal_add(*, match: Match, actor: User, text: str) -> Goal:
    """Add one of the pair's goals, in the first free place of three."""
    text = _check_text(text)
    match = locked_match(match.pk)
    _check_pair_and_live(match, actor)
    taken = set(match.goals.values_list("position", flat=True))
    free = [position for position in range(1, MAX_GOALS + 1) if position not in taken]
    if not free:
        raise ValidationError(TOO_MANY)
    try:
        with transaction.atomic():
            goal = Goal.objects.create(
                match=match, position=free[0], text=text, added_by=actor, written_by=actor
            )
    except IntegrityError as error:  # the lock makes this rare; the constraint decides
        raise ValidationError(TOO_MANY) from error
    audit_record(actor=actor, verb="goal.added", match=match, after={"goal": goal.pk})
    return goal


def _locked_goal(goal: Goal) -> tuple[Match, Goal]:
    match = locked_match(goal.match_id)
    goal = Goal.objects.select_for_update(of=("self",), no_key=True).filter(pk=goal.pk).first()
    if goal is None:
        raise ValidationError("This goal has been removed.")
    return match, goal


@transaction.atomic
def goal_update(*, goal: Goal, actor: User, text: str) -> Goal:
    """Reword a goal: it is still the same goal, with its progress notes."""
    text = _check_text(text)
    match, goal = _locked_goal(goal)
    _check_pair_and_live(match, actor)
    if goal.text != text:
        goal.text = text
        goal.written_by = actor
        goal.save(update_fields=["text", "written_by", "updated_at"])
        audit_record(actor=actor, verb="goal.changed", match=match, after={"goal": goal.pk})
    return goal


@transaction.atomic
def goal_remove(*, goal: Goal, actor: User) -> None:
    """Remove a goal and the progress noted on it."""
    match, goal = _locked_goal(goal)
    _check_pair_and_live(match, actor)
    audit_record(actor=actor, verb="goal.removed", match=match, before={"goal": goal.pk})
    goal.delete()


def session_goal_progress_set(
    *, session: SessionLog, goal: Goal | None, note: str = ""
) -> GoalProgress | None:
    """Which goal a session worked on and what it did for it; called by the session services
    inside their transaction, once they have checked who is logging. No goal: none noted."""
    note = note.strip()
    if goal is None:
        if note:
            raise ValidationError(
                {"goal": "Select which goal the session worked on, or leave progress empty"}
            )
        GoalProgress.objects.filter(session=session).delete()
        return None
    if goal.match_id != session.match_id:
        raise ValidationError({"goal": "Select one of your goals"})
    if len(note) > PROGRESS_MAX_LENGTH:
        raise ValidationError(
            {"goal_progress": f"Progress must be {PROGRESS_MAX_LENGTH:,} characters or fewer"}
        )
    progress, _ = GoalProgress.objects.update_or_create(
        session=session, defaults={"goal": goal, "note": note}
    )
    return progress


def goal_ratings_give(
    *, match: Match, actor: User, role: str, ratings: Mapping[int, str]
) -> list[GoalRating]:
    """Each goal of the match rated met, partly met or not met by one side; called by
    `feedback_give` for the close feedback, inside its transaction and under its match lock."""
    goals = {goal.pk: goal for goal in match.goals.all()}
    if set(ratings) != set(goals):
        raise ValidationError("Say how far each of your goals was met.")
    if any(outcome not in GoalRating.Outcome.values for outcome in ratings.values()):
        raise ValidationError("Say whether each goal was met, partly met or not met.")
    if GoalRating.objects.filter(goal__match=match, author_role=role).exists():
        raise ValidationError("You have already said how far your goals were met.")
    try:
        with transaction.atomic():
            given = GoalRating.objects.bulk_create(
                [
                    GoalRating(goal=goals[pk], author=actor, author_role=role, outcome=outcome)
                    for pk, outcome in sorted(ratings.items())
                ]
            )
    except IntegrityError as error:
        raise ValidationError("You have already said how far your goals were met.") from error
    return given
