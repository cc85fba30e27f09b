"""Browser journey: a pair sets goals, logs a session with progress on one, and each rates every
goal at the close; every new page passes axe-core."""

import pytest
from django.utils import timezone

from mentoring.models import GoalProgress, GoalRating, Match
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_mentoring_progress import sign_in
from tests.mentoring.factories import accepted_match

pytestmark = pytest.mark.django_db(transaction=True)

PENSIONS = "Agree a pensions approach with the council"
BOARD = "Recruit two independent board members"


def add_goal(page, words):
    page.get_by_role("link", name="Add a goal").click()
    page.get_by_role("heading", name="Add a goal").wait_for()
    assert_accessible(page)
    page.get_by_label("What do you want the mentoring to achieve?").fill(words)
    page.get_by_role("button", name="Save goal").click()
    page.get_by_text("Goal added.").wait_for()


def rate_goals(page, match, rating, outcomes):
    page.goto(f"/matches/{match.pk}/")
    page.get_by_role("link", name="Tell us how the mentoring went").click()
    assert_accessible(page)
    page.get_by_label(rating).check()
    page.get_by_role("button", name="Send feedback").click()  # goals not rated: errors first
    page.get_by_text("Say whether goal 1 was met").first.wait_for()
    assert_accessible(page)
    for number, outcome in outcomes:
        page.get_by_role("group", name=f"Goal {number}:").get_by_label(outcome, exact=True).check()
    page.get_by_role("button", name="Send feedback").click()
    page.get_by_text("Thank you for your feedback.").wait_for()
    assert_accessible(page)


def test_pair_sets_goals_logs_progress_and_rates_them_at_the_close(new_page, taxonomies):
    match = accepted_match()
    mentee_page, mentor_page = new_page(), new_page()

    # The mentee sets two goals; an empty one is refused on an accessible error page.
    sign_in(mentee_page, match.request.mentee.user)
    mentee_page.goto(f"/matches/{match.pk}/")
    mentee_page.get_by_role("heading", name="Goals").wait_for()
    assert_accessible(mentee_page)
    mentee_page.get_by_role("link", name="Add a goal").click()
    mentee_page.get_by_role("button", name="Save goal").click()
    mentee_page.get_by_text("Enter the goal").first.wait_for()
    assert_accessible(mentee_page)
    mentee_page.goto(f"/matches/{match.pk}/")
    add_goal(mentee_page, PENSIONS)
    add_goal(mentee_page, "Recruit board members")
    assert_accessible(mentee_page)

    # The mentor rewords the second and logs a session that worked on the first.
    sign_in(mentor_page, match.mentor.user)
    mentor_page.goto(f"/matches/{match.pk}/")
    mentor_page.get_by_role("link", name="Change goal 2").click()
    assert_accessible(mentor_page)
    mentor_page.get_by_label("What do you want the mentoring to achieve?").fill(BOARD)
    mentor_page.get_by_role("button", name="Save changes").click()
    mentor_page.get_by_text("Goal changed.").wait_for()
    mentor_page.get_by_role("link", name="Log a session").click()
    today = timezone.localdate()
    mentor_page.get_by_label("Day").fill(str(today.day))
    mentor_page.get_by_label("Month").fill(str(today.month))
    mentor_page.get_by_label("Year").fill(str(today.year))
    mentor_page.get_by_label("How long was the session, in minutes?").fill("60")
    mentor_page.get_by_label("Video call").check()
    mentor_page.get_by_label(PENSIONS).check()
    mentor_page.get_by_label("Progress on that goal (optional)").fill("Wrote to the council")
    assert_accessible(mentor_page)
    mentor_page.get_by_role("button", name="Save session").click()
    mentor_page.get_by_text("Session logged.").wait_for()
    assert "Wrote to the council" in mentor_page.locator("#goals ~ dl").first.inner_text()

    # Removing a goal asks first; cancelling keeps it.
    mentor_page.get_by_role("link", name="Remove goal 2").click()
    mentor_page.get_by_role("heading", name="Are you sure you want to remove this goal?").wait_for()
    assert_accessible(mentor_page)
    mentor_page.get_by_role("link", name="Cancel").click()
    assert match.goals.count() == 2
    progress = GoalProgress.objects.get()
    assert (progress.goal.text, progress.note) == (PENSIONS, "Wrote to the council")

    # The mentor ends the mentoring: the end form no longer asks whether goals were met.
    mentor_page.get_by_role("link", name="End mentoring").click()
    assert mentor_page.get_by_label("Goals met").count() == 0
    mentor_page.get_by_label("Finished as planned").check()
    mentor_page.get_by_role("button", name="End mentoring").click()
    mentor_page.get_by_role("button", name="Yes, end the mentoring").click()
    mentor_page.get_by_role("heading", name="Mentoring ended").wait_for()
    assert Match.objects.get(pk=match.pk).status == Match.Status.COMPLETED

    # Each rates every goal once, in the close feedback.
    rate_goals(mentor_page, match, "4 – Good", [(1, "Met"), (2, "Partly met")])
    rate_goals(mentee_page, match, "5 – Excellent", [(1, "Met"), (2, "Not met")])
    assert sorted(GoalRating.objects.values_list("author_role", "goal__position", "outcome")) == [
        ("mentee", 1, "met"),
        ("mentee", 2, "not_met"),
        ("mentor", 1, "met"),
        ("mentor", 2, "partly_met"),
    ]
    mentee_page.goto(f"/matches/{match.pk}/")
    goals = mentee_page.locator("#goals ~ dl").first.inner_text()
    assert "Mentee: met" in goals
    assert "Mentor: partly met" in goals
    assert mentee_page.get_by_role("link", name="Add a goal").count() == 0
    assert_accessible(mentee_page)
