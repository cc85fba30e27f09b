"""The pair's goal pages: add, change and remove a goal while the mentoring is live.

Only the two people in a match reach them (404 for anyone else, coordinators included: they
read the goals on their own match page).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from mentoring.forms.goals import GoalForm
from mentoring.models import Goal, Match
from mentoring.selectors.goals import goal_for_pair
from mentoring.selectors.progress import match_for_pair
from mentoring.services.goals import NOT_LIVE, goal_add, goal_remove, goal_update
from mentoring.views.submit import form_page, submitted


def _goals_url(match: Match) -> str:
    return reverse("mentoring:match_detail", args=[match.pk]) + "#goals"


def _not_live(request: HttpRequest, match: Match) -> HttpResponse | None:
    if match.is_live:
        return None
    messages.info(request, NOT_LIVE)
    return redirect(_goals_url(match))


@login_required
@form_page
def goal_new(request: HttpRequest, pk: int) -> HttpResponse:
    match = match_for_pair(user=request.user, pk=pk)
    refused = _not_live(request, match)
    if refused:
        return refused
    form = GoalForm(request.POST or None)
    done = submitted(
        request,
        form,
        lambda: goal_add(match=match, actor=request.user, text=form.cleaned_data["text"]),
        then=_goals_url(match),
        success="Goal added.",
    )
    if done:
        return done
    return render(
        request,
        "mentoring/goals/goal_form.html",
        {"form": form, "match": match, "title": "Add a goal", "button": "Save goal"},
    )


@login_required
@form_page
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = goal_for_pair(user=request.user, pk=pk)
    match = goal.match
    refused = _not_live(request, match)
    if refused:
        return refused
    form = GoalForm(request.POST or None, initial={"text": goal.text})
    done = submitted(
        request,
        form,
        lambda: goal_update(goal=goal, actor=request.user, text=form.cleaned_data["text"]),
        then=_goals_url(match),
        success="Goal changed.",
    )
    if done:
        return done
    return render(
        request,
        "mentoring/goals/goal_form.html",
        {"form": form, "match": match, "title": "Change a goal", "button": "Save changes"},
    )


@login_required
@form_page
def goal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    goal: Goal = goal_for_pair(user=request.user, pk=pk)
    match = goal.match
    refused = _not_live(request, match)
    if refused:
        return refused
    error = None
    if request.method == "POST":
        try:
            goal_remove(goal=goal, actor=request.user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, "Goal removed.")
            return redirect(_goals_url(match))
    return render(
        request,
        "mentoring/goals/goal_delete.html",
        {"goal": goal, "match": match, "error": error, "progress": goal.progress.count()},
    )
