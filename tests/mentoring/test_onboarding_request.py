"""A mentee's onboarding ends by asking for a mentor: the profile's answers become the request
(nobody is asked twice), and the confirmation says what happens next, how long it usually
takes from the scheme's own figures, and how to contact the scheme."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Match, MentoringRequest
from mentoring.selectors.waits import TypicalWait, typical_wait
from tests.accounts.factories import UserFactory
from tests.mentoring.factories import approved_match, open_request
from tests.mentoring.test_onboarding import mentee_posts, step_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished(client, taxonomies, settings):
    settings.SCHEME_CONTACT_EMAIL = "scheme-team@mutuals.example"
    user = UserFactory()
    client.force_login(user)
    for step, data in mentee_posts():
        client.post(step_url("mentee", step), data)

    def finish():
        response = client.post(reverse("mentoring:onboarding_check", args=["mentee"]))
        assert response.url == reverse("mentoring:onboarding_done", args=["mentee"])
        return client.get(response.url).content.decode()

    return user, finish


def _introduced_after(days: int) -> Match:
    match = approved_match()
    MentoringRequest.objects.filter(pk=match.request_id).update(
        created_at=match.approved_at - datetime.timedelta(days=days)
    )
    return match


def test_finishing_asks_for_a_mentor_with_the_profiles_answers(client, finished):
    user, finish = finished
    check = client.get(reverse("mentoring:onboarding_check", args=["mentee"])).content.decode()
    assert "Confirm and ask for a mentor" in check
    done = finish()
    request = MentoringRequest.objects.get(mentee__user=user)
    assert request.status == MentoringRequest.Status.OPEN
    assert request.goals == "Help us test our business plan."
    assert set(request.needs.values_list("slug", flat=True)) == {"business-planning", "tupe-and-hr"}
    assert reverse("mentoring:request_detail", args=[request.pk]) in done
    # Not asked twice: asking again goes to the request that exists.
    response = client.get(reverse("mentoring:request_new"))
    assert response.url == reverse("mentoring:request_detail", args=[request.pk])


def test_finishing_twice_asks_once(client, finished):
    user, finish = finished
    finish()
    client.post(reverse("mentoring:onboarding_check", args=["mentee"]))
    assert MentoringRequest.objects.filter(mentee__user=user).count() == 1


def test_without_figures_the_page_says_it_cannot_say_yet(finished):
    _user, finish = finished
    done = finish()
    assert "has not introduced enough mentees in the last 12 months" in done
    assert "within" not in done
    assert 'href="mailto:scheme-team@mutuals.example"' in done


def test_with_figures_the_page_gives_the_median_wait(finished):
    _user, finish = finished
    for days in (4, 10, 30):
        _introduced_after(days)
    done = finish()
    assert "half of mentees were introduced to a mentor within 10 days of asking" in done
    assert 'href="mailto:scheme-team@mutuals.example"' in done


def test_the_median_counts_the_last_12_months_only():
    old = _introduced_after(50)
    Match.objects.filter(pk=old.pk).update(approved_at=timezone.now() - datetime.timedelta(400))
    _introduced_after(2)
    _introduced_after(6)
    wait = typical_wait()
    assert wait.introductions == 2
    assert wait.median_days == pytest.approx(4, abs=0.01)


@pytest.mark.parametrize(
    ("days", "words"),
    [(None, ""), (0.2, "1 day"), (3.4, "3 days"), (13.4, "13 days"), (20, "about 3 weeks")],
)
def test_the_wait_in_words(days, words):
    assert TypicalWait(median_days=days, introductions=1).words == words


def test_an_open_request_page_has_the_same_timescale_and_contact(client, settings):
    settings.SCHEME_CONTACT_EMAIL = "scheme-team@mutuals.example"
    _introduced_after(8)
    request = open_request()
    client.force_login(request.mentee.user)
    page = client.get(reverse("mentoring:request_detail", args=[request.pk])).content.decode()
    assert "within 8 days of asking" in page
    assert 'href="mailto:scheme-team@mutuals.example"' in page
