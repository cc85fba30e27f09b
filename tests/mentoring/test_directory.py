"""The coordinator's mentor directory and one mentor's coordinator page: who may see them, what
the filters find, the figures on each row, and a query count that does not grow with mentors."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.services import totp_activate_with_secret
from mentoring.models import Match, Need, Region, Sector, SessionLog, Stage
from mentoring.services.matches import match_decline
from tests.accounts.conftest import force_login_with_second_step
from tests.accounts.factories import CoordinatorFactory, UserFactory
from tests.mentoring.factories import (
    MentorProfileFactory,
    accepted_match,
    approved_match,
    logged_session,
)

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
DIRECTORY = reverse("mentoring:mentor_directory")
DAYS = datetime.timedelta(days=1)


@pytest.fixture
def coordinator_client(client):
    coordinator = CoordinatorFactory()
    totp_activate_with_secret(user=coordinator, secret_base32=SECRET)
    return force_login_with_second_step(client, coordinator)


def names(response) -> list[str]:
    return [row.mentor.user.full_name for row in response.context["rows"]]


def mentor(name: str, **fields):
    return MentorProfileFactory(user=UserFactory(full_name=name), **fields)


# Who may see it ----------------------------------------------------------------------------


def test_people_who_are_not_coordinators_cannot_see_the_directory_or_a_mentor(client):
    someone = mentor("Jo Kaur")
    for url in (DIRECTORY, reverse("mentoring:coordinator_mentor", args=[someone.pk])):
        assert client.get(url).status_code == 302  # to sign in
        client.force_login(someone.user)
        assert client.get(url).status_code == 403
        client.logout()


def test_the_dashboard_navigation_links_to_the_directory(coordinator_client):
    page = coordinator_client.get(reverse("mentoring:coordinator")).content.decode()
    assert f'href="{DIRECTORY}"' in page


# Finding mentors ---------------------------------------------------------------------------


def test_search_finds_every_word_in_names_and_profiles(coordinator_client):
    mentor("Jo Kaur", bio="I know pensions and the Fair Deal well.")
    mentor("Sam Pensions-Lee")
    mentor("Ali Brown")
    assert names(coordinator_client.get(DIRECTORY, {"search": "pensions"})) == [
        "Jo Kaur",
        "Sam Pensions-Lee",
    ]
    assert names(coordinator_client.get(DIRECTORY, {"search": "fair kaur"})) == ["Jo Kaur"]
    assert names(coordinator_client.get(DIRECTORY)) == ["Ali Brown", "Jo Kaur", "Sam Pensions-Lee"]


def test_filters_narrow_by_sector_stage_expertise_region_pause_and_places(coordinator_client):
    housing = Sector.objects.get(slug="housing")
    growing = Stage.objects.get(name__startswith="Established")
    london = Region.objects.get(slug="london")
    pensions = Need.objects.get(name__startswith="Pensions")
    mentor("Housing Mentor", sectors=["housing"])
    mentor("Growing Mentor", stages=[growing.slug])
    mentor("London Mentor", region=london)
    mentor("Pensions Mentor", expertise=[pensions.slug])
    mentor("Paused Mentor", is_paused=True)
    full = mentor("Full Mentor", capacity=1)
    approved_match(mentor=full)
    cases = {
        "sector": (housing.pk, ["Housing Mentor"]),
        "stage": (growing.pk, ["Growing Mentor"]),
        "region": (london.pk, ["London Mentor"]),
        "expertise": (pensions.pk, ["Pensions Mentor"]),
        "paused": ("yes", ["Paused Mentor"]),
    }
    for name, (value, expected) in cases.items():
        assert names(coordinator_client.get(DIRECTORY, {name: value})) == expected, name
    free = names(coordinator_client.get(DIRECTORY, {"has_free_places": "yes"}))
    assert "Full Mentor" not in free
    assert "Paused Mentor" not in free
    assert len(free) == 4
    no_places = coordinator_client.get(DIRECTORY, {"has_free_places": "no"})
    assert names(no_places) == ["Full Mentor", "Paused Mentor"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"sector": "999999"}, "Choose a sector from the list"),
        ({"region": "north"}, "Choose a region from the list"),
        ({"paused": "maybe"}, "Choose Yes, No or Any for paused"),
        ({"search": "x" * 101}, "Name or words must be 100 characters or fewer"),
    ],
)
def test_bad_filters_give_an_error_summary_not_a_crash(coordinator_client, query, message):
    mentor("Jo Kaur")
    response = coordinator_client.get(DIRECTORY, query)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert names(response) == ["Jo Kaur"]  # the filters are not applied, the input is kept


def test_a_page_number_that_is_not_a_number_shows_the_first_page(coordinator_client):
    mentor("Jo Kaur")
    response = coordinator_client.get(DIRECTORY, {"page": "lots"})
    assert response.status_code == 200
    assert "There is a problem" not in response.content.decode()
    assert names(response) == ["Jo Kaur"]


# What each row says ------------------------------------------------------------------------


def test_each_row_shows_places_live_mentees_introductions_and_last_activity(coordinator_client):
    jo = mentor("Jo Kaur", capacity=4)
    live = accepted_match(mentor=jo)
    session = logged_session(live)
    declined = approved_match(mentor=jo)
    match_decline(match=declined, actor=jo.user, reason="Too busy")
    waiting = approved_match(mentor=jo)
    Match.objects.filter(pk=waiting.pk).update(
        approved_at=timezone.now() - datetime.timedelta(days=30)
    )
    approved_match(mentor=jo)  # sent today: not unanswered yet
    Match.objects.filter(pk=declined.pk).update(responded_at=timezone.now() - 60 * DAYS)
    Match.objects.filter(pk=live.pk).update(responded_at=timezone.now() - 10 * DAYS)
    SessionLog.objects.filter(pk=session.pk).update(date=timezone.localdate() - 3 * DAYS)

    response = coordinator_client.get(DIRECTORY)
    (row,) = response.context["rows"]
    assert (row.live_mentees, row.declined, row.unanswered) == (1, 1, 1)
    assert row.last_activity == timezone.localdate() - 3 * DAYS
    page = response.content.decode()
    assert "1 of 4 places free" in page
    assert "1 declined, 1 unanswered" in page
    link = reverse("mentoring:coordinator_mentor", args=[jo.pk])
    assert f'href="{link}"' in page
    assert '<caption class="govuk-table__caption govuk-table__caption--s"' in page
    assert 'class="app-table-wrapper"' in page


def test_the_directory_reads_a_fixed_number_of_queries(
    coordinator_client, django_assert_num_queries
):
    def queries() -> int:
        with django_assert_num_queries(14, exact=False) as captured:
            response = coordinator_client.get(DIRECTORY, {"sector": "", "search": "a"})
        assert response.status_code == 200
        return len(captured)

    jo = mentor("Jo Kaura")
    logged_session(accepted_match(mentor=jo))
    one = queries()
    for i in range(6):
        other = mentor(f"Mentor {i} Shah")
        logged_session(accepted_match(mentor=other))
        approved_match(mentor=other)
    assert len(coordinator_client.get(DIRECTORY, {"search": "a"}).context["rows"]) == 7
    assert queries() == one


# One mentor --------------------------------------------------------------------------------


def test_a_mentors_page_shows_the_profile_and_every_match(coordinator_client):
    jo = mentor("Jo Kaur", headline="Pensions expert", organisation="Kaur Advisory")
    live = accepted_match(mentor=jo)
    declined = approved_match(mentor=jo)
    match_decline(match=declined, actor=jo.user, reason="Too busy")
    response = coordinator_client.get(reverse("mentoring:coordinator_mentor", args=[jo.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Pensions expert" in page
    assert "Kaur Advisory" in page
    for match in (live, declined):
        assert reverse("mentoring:coordinator_match", args=[match.pk]) in page
        assert match.request.mentee.organisation_name in page
    assert "Declined by the mentor" in page


def test_a_mentors_page_reads_a_fixed_number_of_queries(
    coordinator_client, django_assert_num_queries
):
    jo = mentor("Jo Kaur", capacity=5)
    url = reverse("mentoring:coordinator_mentor", args=[jo.pk])

    def queries() -> int:
        with django_assert_num_queries(14, exact=False) as captured:
            assert coordinator_client.get(url).status_code == 200
        return len(captured)

    accepted_match(mentor=jo)
    one = queries()
    for _ in range(3):
        accepted_match(mentor=jo)
    assert queries() == one


def test_an_unknown_mentor_is_not_found(coordinator_client):
    assert (
        coordinator_client.get(reverse("mentoring:coordinator_mentor", args=[999])).status_code
        == 404
    )
