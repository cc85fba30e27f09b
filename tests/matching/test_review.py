"""Coordinator review queue and request review: access, queue, approve, choose, close."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from mentoring.models import (
    Match,
    MentoringRequest,
    MentorProfile,
    Region,
    Sector,
    Stage,
)
from tests.accounts.factories import CoordinatorFactory
from tests.mentoring.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    approved_match,
    open_request,
)

pytestmark = pytest.mark.django_db

QUEUE = reverse("matching:review_queue")


def mentor_named(name: str, **fields) -> MentorProfile:
    mentor = MentorProfileFactory(**fields)
    mentor.user.full_name = name
    mentor.user.save()
    return mentor


def waiting_since(request: MentoringRequest, days: int) -> MentoringRequest:
    # A request waits from its last change of status (creation, or return to the queue).
    since = timezone.now() - timedelta(days=days, hours=1)
    MentoringRequest.objects.filter(pk=request.pk).update(created_at=since, status_changed_at=since)
    return request


def review_url(request: MentoringRequest) -> str:
    return reverse("matching:review_request", args=[request.pk])


def banners(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# Access ----------------------------------------------------------------------------------


@pytest.fixture
def pages():
    request = open_request()
    mentor = MentorProfileFactory()
    return [
        QUEUE,
        review_url(request),
        reverse("matching:review_choose", args=[request.pk, mentor.pk]),
    ]


def test_anonymous_people_are_sent_to_sign_in(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login") + "?next=")


def test_mentees_and_mentors_get_403(client, pages):
    for user in (MenteeProfileFactory().user, MentorProfileFactory().user):
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 403


def test_coordinators_without_an_authenticator_are_sent_to_set_one_up(client, pages):
    client.force_login(CoordinatorFactory())
    for url in pages:
        response = client.get(url)
        assert response["Location"] == reverse("mfa_activate_totp")


def test_coordinators_with_an_authenticator_get_in(coordinator_client, pages):
    for url in pages:
        assert coordinator_client.get(url).status_code == 200


def test_actions_refuse_people_who_are_not_coordinators(client):
    request, mentor = open_request(), MentorProfileFactory()
    client.force_login(request.mentee.user)
    approve = reverse("matching:review_approve", args=[request.pk])
    close = reverse("matching:review_close", args=[request.pk])
    assert client.post(approve, {"mentor": mentor.pk}).status_code == 403
    assert client.post(close, {"reason": "No"}).status_code == 403
    assert not Match.objects.exists()
    request.refresh_from_db()
    assert request.status == MentoringRequest.Status.OPEN


# The queue -------------------------------------------------------------------------------


def test_queue_lists_open_requests_oldest_first_with_waiting_time(coordinator_client):
    newer = open_request(MenteeProfileFactory(organisation_name="Newer Leisure CIC"))
    oldest = waiting_since(
        open_request(MenteeProfileFactory(organisation_name="Oldest Health CIC")), 20
    )
    middle = waiting_since(
        open_request(MenteeProfileFactory(organisation_name="Middle Housing CIC")), 12
    )
    matched = approved_match()  # no longer waiting
    page = coordinator_client.get(QUEUE).content.decode()
    positions = [page.index(str(r.mentee)) for r in (oldest, middle, newer)]
    assert positions == sorted(positions)
    assert str(matched.request.mentee) not in page
    assert "Waiting 12 days" in page
    assert '<strong class="govuk-tag govuk-tag--red">Waiting 20 days</strong>' in page
    assert "Waiting since today" in page
    assert "3 requests waiting" in page


def test_queue_orders_by_the_wait_it_shows_not_by_creation(coordinator_client):
    # Asked long ago but back in the queue yesterday (a mentor declined): waits less than a
    # request made a week ago, so it comes after it, as its "Waiting" tag says.
    returned = open_request(MenteeProfileFactory(organisation_name="Returned Care CIC"))
    week = waiting_since(open_request(MenteeProfileFactory(organisation_name="Week Youth CIC")), 7)
    long_ago = timezone.now() - timedelta(days=60)
    MentoringRequest.objects.filter(pk=returned.pk).update(
        created_at=long_ago, status_changed_at=timezone.now() - timedelta(days=1, hours=1)
    )
    page = coordinator_client.get(QUEUE).content.decode()
    assert page.index(str(week.mentee)) < page.index(str(returned.mentee))
    assert "Waiting 1 day" in page


def test_queue_filters_and_searches(coordinator_client):
    housing = Sector.objects.get(slug="housing")
    london = Region.objects.get(slug="london")
    established = Stage.objects.get(slug="established-2-years-and-growing")
    open_request(MenteeProfileFactory(organisation_name="Riverside Homes CIC", sector=housing))
    open_request(MenteeProfileFactory(organisation_name="Capital Care CIC", region=london))
    open_request(MenteeProfileFactory(organisation_name="Grown Up Leisure", stage=established))
    open_request(MenteeProfileFactory(organisation_name="Plain Health CIC"))

    def shown(**params) -> set[str]:
        page = coordinator_client.get(QUEUE, params).content.decode()
        names = {"Riverside Homes CIC", "Capital Care CIC", "Grown Up Leisure", "Plain Health CIC"}
        return {name for name in names if name in page}

    assert shown(sector=housing.pk) == {"Riverside Homes CIC"}
    assert shown(region=london.pk) == {"Capital Care CIC"}
    assert shown(stage=established.pk) == {"Grown Up Leisure"}
    assert shown(organisation="capital") == {"Capital Care CIC"}
    assert shown(organisation="cic", sector=housing.pk) == {"Riverside Homes CIC"}
    assert len(shown()) == 4
    page = coordinator_client.get(QUEUE, {"organisation": "nobody"}).content.decode()
    assert "No requests match your filters" in page
    assert "Clear filters" in page


def test_queue_says_when_nothing_is_waiting(coordinator_client):
    page = coordinator_client.get(QUEUE).content.decode()
    assert "No requests are waiting for a mentor" in page
    assert "govuk-pagination" not in page


def test_queue_pages_by_25_with_a_fixed_number_of_queries(
    coordinator_client, django_assert_num_queries
):
    for _ in range(3):
        open_request()
    approved_match()
    with django_assert_num_queries(QUEUE_QUERIES):
        coordinator_client.get(QUEUE)
    for _ in range(28):
        open_request()
    for _ in range(2):
        match = approved_match()
        Match.objects.filter(pk=match.pk).update(approved_at=timezone.now() - timedelta(days=20))
    with django_assert_num_queries(QUEUE_QUERIES):
        response = coordinator_client.get(QUEUE)
    page = response.content.decode()
    assert page.count('<h2 class="govuk-summary-card__title">') == 25
    assert "31 requests waiting" in page
    assert 'aria-current="page"' in page
    second = coordinator_client.get(QUEUE, {"page": 2}).content.decode()
    assert second.count('<h2 class="govuk-summary-card__title">') == 6
    assert 'rel="prev"' in second


# Session, user, group and authenticator checks, count, page, needs, unanswered, 3 filter lists.
QUEUE_QUERIES = 12


def test_introductions_unanswered_for_14_days_are_flagged(coordinator_client):
    stale = approved_match()
    fresh = approved_match()
    Match.objects.filter(pk=stale.pk).update(approved_at=timezone.now() - timedelta(days=15))
    Match.objects.filter(pk=fresh.pk).update(approved_at=timezone.now() - timedelta(days=13))
    page = coordinator_client.get(QUEUE).content.decode()
    assert "Introductions not answered for 14 days or more" in page
    assert review_url(stale.request) in page
    assert review_url(fresh.request) not in page
    assert str(fresh.request.mentee) not in page
