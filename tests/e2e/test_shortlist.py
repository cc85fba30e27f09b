"""A coordinator offers a shortlist, the mentee reads it and chooses, and the chosen mentor sees
the introduction; every new page passes axe-core."""

import pytest
from playwright.sync_api import expect

from accounts.services import totp_activate_with_secret
from matching import index
from mentoring.models import Match, MentorProfile, Need, Shortlist
from tests.accounts.factories import CoordinatorFactory, UserFactory
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_introduction_journey import SECRET, sign_in
from tests.mentoring.factories import onboard_mentee, onboard_mentor, open_request

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(taxonomies):
    index.forget_index()
    mentee = onboard_mentee(UserFactory(full_name="Priya Shah"))
    sam = onboard_mentor(UserFactory(full_name="Sam Patel"))
    jo = onboard_mentor(
        UserFactory(full_name="Jo Green"),
        expertise=list(Need.objects.filter(slug__in=["tupe-and-hr", "digital-and-data"])),
    )
    coordinator = CoordinatorFactory(full_name="Casey Coordinator")
    totp_activate_with_secret(user=coordinator, secret_base32=SECRET)
    yield {"mentee": mentee, "sam": sam, "jo": jo, "coordinator": coordinator}
    index.forget_index()


def test_coordinator_offers_a_shortlist_the_mentee_chooses_and_the_mentor_is_asked(
    new_page, people
):
    request = open_request(mentee=people["mentee"])
    coordinator_page, mentee_page, mentor_page = new_page(), new_page(), new_page()

    # The coordinator chooses to offer a shortlist and ticks two suggestions.
    sign_in(coordinator_page, people["coordinator"], secret=SECRET)
    coordinator_page.goto(f"/coordinator/review/{request.pk}/")
    expect(coordinator_page.get_by_label("Propose one mentor", exact=False)).to_be_checked()
    coordinator_page.get_by_label("Offer a shortlist", exact=False).check()
    coordinator_page.get_by_role("button", name="Show this way of proposing").click()
    assert_accessible(coordinator_page)
    coordinator_page.get_by_role("button", name="Offer this shortlist").click()
    expect(
        coordinator_page.get_by_text("Choose 2 or 3 mentors for the shortlist").first
    ).to_be_visible()
    assert_accessible(coordinator_page)
    coordinator_page.get_by_label("Sam Patel", exact=False).check()
    coordinator_page.get_by_label("Jo Green", exact=False).check()
    coordinator_page.get_by_role("button", name="Offer this shortlist").click()
    waiting = f"Shortlist offered: waiting for {people['mentee']} to choose"
    expect(coordinator_page.get_by_text(waiting)).to_be_visible()
    assert_accessible(coordinator_page)
    coordinator_page.goto(f"/coordinator/review/{request.pk}/")
    expect(coordinator_page.get_by_role("heading", name=waiting)).to_be_visible()
    assert_accessible(coordinator_page)
    for mentor in (people["sam"], people["jo"]):
        assert MentorProfile.objects.get(pk=mentor.pk).load == 1

    # The mentee reads the shortlist, looks at asking for others, then chooses Jo.
    sign_in(mentee_page, people["mentee"].user)
    mentee_page.goto(f"/requests/{request.pk}/")
    expect(
        mentee_page.get_by_role("heading", name="Shortlist offered: waiting for you")
    ).to_be_visible()
    assert_accessible(mentee_page)
    mentee_page.get_by_role("link", name="Choose your mentor").click()
    expect(mentee_page.get_by_text("Why we shortlisted Jo Green")).to_be_visible()
    assert_accessible(mentee_page)
    mentee_page.get_by_role("link", name="Ask for other mentors").click()
    mentee_page.get_by_role("button", name="Ask for other mentors").click()
    expect(mentee_page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(mentee_page)
    mentee_page.get_by_role("link", name="Back to your shortlist").click()
    mentee_page.get_by_role("link", name="Choose Jo Green").click()
    assert_accessible(mentee_page)
    mentee_page.get_by_role("button", name="Yes, choose Jo Green").click()
    expect(mentee_page.get_by_text("You chose Jo Green")).to_be_visible()
    assert_accessible(mentee_page)

    match = Match.objects.get(request=request)
    assert match.mentor_id == people["jo"].pk
    assert match.status == Match.Status.APPROVED
    assert Shortlist.objects.get(request=request).status == Shortlist.Status.PICKED
    assert MentorProfile.objects.get(pk=people["sam"].pk).load == 0
    assert MentorProfile.objects.get(pk=people["jo"].pk).load == 1

    # Jo sees the introduction, as after any coordinator's approval.
    sign_in(mentor_page, people["jo"].user)
    mentor_page.goto("/introductions/")
    expect(mentor_page.locator(f'a[href="/introductions/{match.pk}/"]')).to_be_visible()
    mentor_page.locator(f'a[href="/introductions/{match.pk}/"]').click()
    expect(mentor_page.get_by_role("button", name="Send answer")).to_be_visible()
    assert_accessible(mentor_page)
