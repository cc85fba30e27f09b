"""The dashboard's figures are kept in the shared cache and recomputed the moment data changes."""

import pytest
from django.urls import reverse_lazy
from django.utils import timezone

from mentoring.models import Match
from tests.mentoring.factories import (
    MentorProfileFactory,
    accepted_match,
    approved_match,
    logged_session,
    open_request,
)
from tests.mentoring.test_reports import DASHBOARD_QUERIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme():
    """Some of everything the dashboard counts: live, introduced and waiting."""
    logged_session(accepted_match())
    approved_match()
    open_request()
    MentorProfileFactory(is_paused=True)


class TestCachedFigures:
    """The figures are kept in the shared cache, and recomputed the moment the data changes."""

    URL = reverse_lazy("mentoring:coordinator")

    def _figures(self, client):
        return client.get(self.URL, {"period": "all"}).context["report"].figures

    def test_a_repeat_visit_reads_the_cache_not_every_table(
        self, scheme, coordinator_client, django_assert_max_num_queries
    ):
        first = self._figures(coordinator_client)
        with django_assert_max_num_queries(DASHBOARD_QUERIES - 20):
            again = self._figures(coordinator_client)
        assert again == first

    def test_a_session_logged_shows_at_once(self, scheme, coordinator_client):
        match = accepted_match()
        before = self._figures(coordinator_client)
        logged_session(match)
        after = self._figures(coordinator_client)
        assert after.sessions == before.sessions + 1

    def test_changes_made_in_bulk_show_at_once(self, scheme, coordinator_client):
        match = accepted_match()
        before = self._figures(coordinator_client)
        Match.objects.filter(pk=match.pk).update(
            status=Match.Status.COMPLETED, ended_at=timezone.now(), updated_at=timezone.now()
        )
        assert self._figures(coordinator_client).matches_completed == (before.matches_completed + 1)
        mentor = MentorProfileFactory(capacity=3)
        spare = self._figures(coordinator_client).mentors_spare_capacity
        type(mentor).objects.filter(pk=mentor.pk).update(load=3)  # no change time: load alone
        assert self._figures(coordinator_client).mentors_spare_capacity == spare - 1
        finished = self._figures(coordinator_client).mentors_finished
        mentor.user.is_active = False
        mentor.user.save(update_fields=["is_active"])  # the account closed: no profile change
        assert self._figures(coordinator_client).mentors_finished == finished - 1

    def test_the_download_says_when_it_was_produced_even_from_the_cache(
        self, scheme, coordinator_client
    ):
        first = coordinator_client.get(self.URL).context["report"].produced
        second = coordinator_client.get(self.URL).context["report"].produced
        assert second >= first
        assert second != first
