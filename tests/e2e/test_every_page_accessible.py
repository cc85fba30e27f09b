"""Every signed-in page, visited as the person it is for, passes axe-core (WCAG 2.2 A and AA).

The journey tests check the pages on their paths; this sweep reaches the rest (confirmation
pages, data and deletion pages, coordinator lists, drafts) so that no page goes unchecked.
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.services import totp_activate_with_secret
from matching import index
from matching.models import MatchingRun
from matching.services.runs import run_execute
from mentoring.models import SessionLog
from mentoring.services.progress import session_log_create
from tests.accounts.factories import PASSWORD, CoordinatorFactory, UserFactory
from tests.accounts.totp import totp_code
from tests.e2e.conftest import assert_accessible
from tests.mentoring.factories import (
    MentorProfileFactory,
    accepted_match,
    approved_match,
    onboard_mentee,
    onboard_mentor,
    open_request,
)

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def scheme(taxonomies):
    """A mentee and mentor working together, another introduction waiting, an open request."""
    index.forget_index()
    coordinator = CoordinatorFactory()
    totp_activate_with_secret(user=coordinator, secret_base32=SECRET)
    mentee = onboard_mentee()
    mentor = onboard_mentor(capacity=3)
    live = accepted_match(request=open_request(mentee=mentee), mentor=mentor)
    session = session_log_create(
        match=live,
        actor=mentee.user,
        date=timezone.localdate(),
        duration_minutes=60,
        format=SessionLog.Format.VIDEO,
        notes="Went through the business plan.",
    )
    waiting = approved_match(mentor=mentor, coordinator=coordinator)
    spare = MentorProfileFactory(capacity=2)
    queued = open_request()
    run = run_execute(run_id=MatchingRun.objects.create(started_by=coordinator).pk)
    yield {
        "coordinator": coordinator,
        "mentee": mentee,
        "mentor": mentor,
        "live": live,
        "session": session,
        "waiting": waiting,
        "spare": spare,
        "queued": queued,
        "run": run,
        "pair": run.pairs.filter(mentor__isnull=False).first(),
    }
    index.forget_index()


def sign_in(page, user, *, secret=None):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if secret:
        page.get_by_label("Security code").fill(totp_code(secret))
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()


def visit_all(page, paths):
    for path in paths:
        response = page.goto(path)
        assert response is not None, path
        assert response.status < 400, (path, response.status)
        assert_accessible(page)


def test_mentee_pages(new_page, scheme):
    page = new_page()
    sign_in(page, scheme["mentee"].user)
    live, session = scheme["live"], scheme["session"]
    visit_all(
        page,
        [
            reverse("mentoring:home"),
            reverse("mentoring:profile"),
            reverse("mentoring:your_data"),
            reverse("mentoring:delete_account"),
            reverse("mentoring:request_detail", args=[live.request_id]),
            reverse("mentoring:request_withdraw", args=[live.request_id]),
            reverse("mentoring:match_detail", args=[live.pk]),
            reverse("mentoring:session_new", args=[live.pk]),
            reverse("mentoring:session_edit", args=[session.pk]),
            reverse("mentoring:session_delete", args=[session.pk]),
            reverse("mentoring:feedback_give", args=[live.pk, "first_session"]),
            reverse("mentoring:match_end", args=[live.pk]),
            reverse("mentoring:onboarding_done", args=["mentee"]),
        ],
    )
    # A form with errors is a page too: the error summary and messages must pass as well.
    page.goto(reverse("mentoring:match_end", args=[live.pk]))
    page.locator("form button[type=submit]").last.click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    # Ending asks to confirm: that page is checked too (and left without confirming).
    page.get_by_label("Finished as planned").check()
    page.locator("form button[type=submit]").last.click()
    expect(page.get_by_role("button", name="Yes, end the mentoring")).to_be_visible()
    assert_accessible(page)


def test_mentor_and_newcomer_pages(new_page, scheme):
    page = new_page()
    sign_in(page, scheme["mentor"].user)
    visit_all(
        page,
        [
            reverse("mentoring:home"),
            reverse("mentoring:introductions"),
            reverse("mentoring:introduction", args=[scheme["waiting"].pk]),
            reverse("mentoring:match_detail", args=[scheme["live"].pk]),
            reverse("mentoring:profile"),
            reverse("mentoring:mentor_availability"),
            reverse("mentoring:onboarding_done", args=["mentor"]),
        ],
    )
    newcomer = new_page()
    sign_in(newcomer, UserFactory())
    visit_all(newcomer, [reverse("mentoring:choose_role")])


def test_coordinator_pages(new_page, scheme):
    page = new_page()
    sign_in(page, scheme["coordinator"], secret=SECRET)
    run, pair, live = scheme["run"], scheme["pair"], scheme["live"]
    paths = [
        reverse("mentoring:coordinator"),
        reverse("mentoring:coordinator") + "?period=all",
        reverse("mentoring:coordinator_match", args=[live.pk]),
        reverse("mentoring:coordinator_match_end", args=[live.pk]),
        reverse("mentoring:coordinator_match_cancel", args=[scheme["waiting"].pk]),
        reverse("matching:review_queue"),
        reverse("matching:review_request", args=[scheme["queued"].pk]),
        reverse("matching:review_request", args=[scheme["queued"].pk]) + "?q=a",
        reverse("matching:review_choose", args=[scheme["queued"].pk, scheme["spare"].pk]),
        reverse("matching:runs"),
        reverse("matching:run_detail", args=[run.pk]),
        reverse("matching:run_pair_swap", args=[run.pk, pair.pk]),
        reverse("matching:run_publish", args=[run.pk]),
        reverse("matching:run_discard", args=[run.pk]),
    ]
    for kind in ("requests", "matches", "sessions", "feedback"):
        paths.append(reverse("mentoring:report_list", args=[kind]))
    for kind in ("waiting", "unanswered", "quiet", "low_ratings"):
        paths.append(reverse("mentoring:action_list", args=[kind]))
    visit_all(page, paths)
    # An address that only takes a form's answers, opened directly: a GOV.UK page, not blank.
    response = page.goto(reverse("matching:review_approve", args=[scheme["queued"].pk]))
    assert response.status == 405
    expect(page.get_by_role("heading", name="This page cannot be opened directly")).to_be_visible()
    assert_accessible(page)
