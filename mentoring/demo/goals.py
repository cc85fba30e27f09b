"""The demo pairs' goals: one to three for each pair that has met, progress noted on some of
their sessions, and each side's rating of each goal with its close feedback (written in bulk,
dated by the history; pairs that already have goals are left alone, so it is safe to repeat)."""

import datetime
import random

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from mentoring.models import Feedback, Goal, GoalProgress, GoalRating, Match, SessionLog
from mentoring.models.goals import MAX_GOALS

GOAL_WORDS = [
    "Agree a pensions approach with the council before the transfer date.",
    "Have a business plan the board and the bank will both sign off.",
    "Recruit two independent board members with finance experience.",
    "Get staff through the TUPE consultation with no grievances.",
    "Win the renewal of the community services contract.",
    "Show our social value in the way commissioners score it.",
    "Decide between a community interest company and a community benefit society.",
    "Plan how staff will own shares and have a say in decisions.",
]
PROGRESS_WORDS = [
    "Drafted the first version and agreed who reads it next.",
    "Found out what the commissioner needs to see; half done.",
    "Talked it through; the next step is a meeting with the finance lead.",
    "",
]
# How likely each outcome is, by how the match finished.
OUTCOMES = {
    Match.EndReason.GOALS_MET: ["met", "met", "met", "partly_met"],
    Match.EndReason.NOT_A_GOOD_FIT: ["not_met", "not_met", "partly_met"],
}
OTHER_ENDINGS = ["met", "partly_met", "partly_met", "not_met"]


def seed_goals(seed: int) -> int:
    """Goals for every demo match whose pair has met and has none yet; the number of goals."""
    matches = list(
        Match.objects.filter(status__in=Match.ACCEPTED_STATUSES, goals__isnull=True)
        .exclude(sessions__isnull=True)
        .distinct()
        .order_by("pk")
        .values_list("pk", "started_at", "end_reason", "request__mentee__user_id")
    )
    if not matches:
        return 0
    since = timezone.now()
    goals = []
    for pk, _, _, mentee in matches:
        rng = random.Random(f"{seed}-goals-{pk}")  # noqa: S311
        for position, words in enumerate(rng.sample(GOAL_WORDS, rng.randint(1, MAX_GOALS)), 1):
            goals.append(
                Goal(
                    match_id=pk,
                    position=position,
                    text=words,
                    added_by_id=mentee,
                    written_by_id=mentee,
                )
            )
    Goal.objects.bulk_create(goals, batch_size=2000)
    goals = list(Goal.objects.filter(created_at__gte=since).order_by("pk"))
    # Set at the first session, as the pages suggest: one UPDATE, not one per row.
    started = Match.objects.filter(pk=OuterRef("match_id")).values("started_at")[:1]
    Goal.objects.filter(pk__gte=goals[0].pk).update(
        created_at=Coalesce(Subquery(started), F("created_at"))
    )
    _progress(seed, goals)
    _ratings(seed, goals, {pk: reason for pk, _, reason, _ in matches}, since)
    return len(goals)


def _progress(seed: int, goals: list[Goal]) -> None:
    by_match: dict[int, list[Goal]] = {}
    for goal in goals:
        by_match.setdefault(goal.match_id, []).append(goal)
    sessions = SessionLog.objects.filter(match_id__in=by_match, goal_progress__isnull=True)
    progress = []
    for session_id, match_id in sessions.order_by("pk").values_list("pk", "match_id"):
        rng = random.Random(f"{seed}-progress-{session_id}")  # noqa: S311
        if rng.random() < 0.6:  # most sessions work on one of the goals
            progress.append(
                GoalProgress(
                    session_id=session_id,
                    goal=rng.choice(by_match[match_id]),
                    note=rng.choice(PROGRESS_WORDS),
                )
            )
    GoalProgress.objects.bulk_create(progress, batch_size=2000)


def _ratings(
    seed: int, goals: list[Goal], reasons: dict[int, str], since: datetime.datetime
) -> None:
    """Whoever gave close feedback rated every goal, the same day."""
    given: dict[int, list[tuple[str, int | None]]] = {}
    for match_id, role, author in Feedback.objects.filter(
        match_id__in=reasons, stage=Feedback.Stage.CLOSE
    ).values_list("match_id", "author_role", "author_id"):
        given.setdefault(match_id, []).append((role, author))
    ratings = []
    for goal in goals:
        for role, author in given.get(goal.match_id, []):
            rng = random.Random(f"{seed}-rating-{goal.pk}-{role}")  # noqa: S311
            ratings.append(
                GoalRating(
                    goal=goal,
                    author_id=author,
                    author_role=role,
                    outcome=rng.choice(OUTCOMES.get(reasons[goal.match_id], OTHER_ENDINGS)),
                )
            )
    GoalRating.objects.bulk_create(ratings, batch_size=2000)
    close = Feedback.objects.filter(
        match__goals=OuterRef("goal_id"),
        stage=Feedback.Stage.CLOSE,
        author_role=OuterRef("author_role"),
    ).values("created_at")[:1]
    GoalRating.objects.filter(created_at__gte=since).update(
        created_at=Coalesce(Subquery(close), F("created_at"))
    )
