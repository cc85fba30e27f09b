"""Browser journey: a pair logs sessions, gives feedback and ends with "do not match us again"."""

import pytest
from django.utils import timezone

from matching.index import forget_index
from matching.selectors.suggestions import suggestions_for_request
from mentoring.models import Feedback, Match, SessionLog
from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import assert_accessible
from tests.mentoring.factories import MenteeProfileFactory, accepted_match, open_request

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, user):
    page.goto("/accounts/login/?next=/home/")
    page.fill("[name=login]", user.email)
    page.fill("[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/home/")
    assert_accessible(page)


def log_session(page, match, minutes):
    page.get_by_role("link", name="View").first.click()
    page.wait_for_url(f"**/matches/{match.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Log a session").click()
    assert_accessible(page)
    today = timezone.localdate()
    page.get_by_role("button", name="Save session").click()  # empty: errors first
    page.get_by_text("Enter the date of the session").first.wait_for()
    assert_accessible(page)
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("How long was the session, in minutes?").fill(str(minutes))
    page.get_by_label("Video call").check()
    page.get_by_label("TUPE and HR").check()
    page.get_by_label("Notes for you both (optional)").fill("Planned the staff consultation.")
    page.get_by_role("button", name="Save session").click()
    page.get_by_text("Session logged.").wait_for()
    assert_accessible(page)


def give_feedback(page, match, rating_label):
    page.get_by_role("link", name="Tell us how your first session went").click()
    assert_accessible(page)
    page.get_by_label(rating_label).check()
    page.get_by_label("Comments (optional)").fill("A useful first conversation.")
    page.get_by_role("button", name="Send feedback").click()
    page.get_by_text("Thank you for your feedback.").wait_for()
    assert_accessible(page)


def test_pair_logs_sessions_gives_feedback_and_ends_without_rematching(new_page, taxonomies):
    match = accepted_match()
    mentee_user, mentor_user = match.request.mentee.user, match.mentor.user
    mentee_page, mentor_page = new_page(), new_page()

    sign_in(mentee_page, mentee_user)
    log_session(mentee_page, match, 60)
    give_feedback(mentee_page, match, "5 – Excellent")

    sign_in(mentor_page, mentor_user)
    log_session(mentor_page, match, 45)
    give_feedback(mentor_page, match, "4 – Good")

    assert SessionLog.objects.filter(match=match).count() == 2
    assert Feedback.objects.filter(match=match, stage="first_session").count() == 2

    mentor_page.get_by_role("link", name="End mentoring").click()
    assert_accessible(mentor_page)
    mentor_page.get_by_label("Not a good fit").check()
    mentor_page.get_by_label("Do not match us again").check()
    mentor_page.get_by_role("button", name="End mentoring").click()
    # Asked to confirm first; nothing has ended yet.
    confirm = "Are you sure you want to end your mentoring"
    mentor_page.get_by_role("heading", name=confirm).wait_for()
    assert_accessible(mentor_page)
    assert Match.objects.get(pk=match.pk).status == Match.Status.ACTIVE
    mentor_page.get_by_role("button", name="Yes, end the mentoring").click()
    mentor_page.get_by_role("heading", name="Mentoring ended").wait_for()
    assert_accessible(mentor_page)

    mentee_page.goto(f"/matches/{match.pk}/ended/")
    mentee_page.get_by_role("link", name="Ask for a new mentor").wait_for()
    assert_accessible(mentee_page)
    mentee_page.goto("/home/")
    # The next step is offered, as a choice: another mentor, or nothing more to do.
    mentee_page.get_by_role("link", name="Ask for another mentor").wait_for()
    assert "If not, there is nothing more to do" in mentee_page.locator("main").inner_text()
    assert_accessible(mentee_page)

    match.refresh_from_db()
    assert match.status == Match.Status.ENDED
    assert match.do_not_match_again
    forget_index()
    again = open_request(mentee=match.request.mentee)
    suggested = suggestions_for_request(request=again, k=10).suggestions
    assert match.mentor_id not in [s.mentor.pk for s in suggested]
    # The engine would otherwise suggest this mentor: a fresh mentee with the same needs gets them.
    forget_index()
    other = open_request(mentee=MenteeProfileFactory())
    assert match.mentor_id in [
        s.mentor.pk for s in suggestions_for_request(request=other, k=10).suggestions
    ]
