"""Reads of a pair's goals: for the pair (with progress and ratings) and for a coordinator
(the goals and their ratings, never the progress the pair write each other)."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from accounts.models import User
from mentoring.models import Goal, GoalProgress, GoalRating, Match


def goals_for_match(*, match: Match, with_progress: bool = True) -> list[Goal]:
    """The match's goals in order, each with `ratings` (and `progress`, newest session first).
    Two or three queries whatever the number of goals."""
    goals = Goal.objects.filter(match=match).prefetch_related(
        Prefetch("ratings", queryset=GoalRating.objects.order_by("author_role"))
    )
    if with_progress:
        goals = goals.prefetch_related(
            Prefetch("progress", queryset=GoalProgress.objects.select_related("session"))
        )
    goals = list(goals.order_by("position"))
    for goal in goals:
        goal.rating_by_role = {rating.author_role: rating for rating in goal.ratings.all()}
    return goals


def goal_for_pair(*, user: User, pk: int) -> Goal:
    """The goal, only for the mentee or the mentor of its match; 404 for anyone else."""
    goal = (
        Goal.objects.select_related("match__request__mentee__user", "match__mentor__user")
        .filter(pk=pk, match__status__in=Match.ACCEPTED_STATUSES)
        .filter(Q(match__request__mentee__user=user) | Q(match__mentor__user=user))
        .first()
    )
    if goal is None or not user.is_authenticated:
        raise Http404("No goal here for you.")
    return goal


def goal_choices(*, match: Match) -> QuerySet:
    """The goals a session log of this match may say it worked on."""
    return Goal.objects.filter(match=match).order_by("position")


def goal_progress_of(*, session_id: int) -> GoalProgress | None:
    return GoalProgress.objects.filter(session_id=session_id).select_related("goal").first()
