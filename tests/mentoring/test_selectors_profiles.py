"""Which mentors count as complete and available: one definition on the queryset."""

import pytest

from mentoring.models import MentorProfile
from mentoring.selectors.reports.figures import headline_figures
from mentoring.selectors.reports.periods import Period
from tests.mentoring.factories import MentorProfileFactory

pytestmark = pytest.mark.django_db


def test_available_mentors_are_complete_unpaused_active_and_have_a_place():
    free = MentorProfileFactory(capacity=2, load=1)
    MentorProfileFactory(capacity=1, load=1)  # full
    MentorProfileFactory(is_paused=True)
    MentorProfileFactory(completed_at=None)
    left = MentorProfileFactory()
    left.user.is_active = False
    left.user.save(update_fields=["is_active"])

    assert list(MentorProfile.objects.available()) == [free]
    assert set(MentorProfile.objects.complete()) == set(
        MentorProfile.objects.exclude(pk=left.pk).exclude(completed_at=None)
    )


def test_a_mentor_whose_account_closed_has_no_free_place_anywhere():
    """An inactive account's places are not offered, whoever counts them."""
    gone = MentorProfileFactory(capacity=3)
    gone.user.is_active = False
    gone.user.save(update_fields=["is_active"])

    assert not MentorProfile.objects.available().filter(pk=gone.pk).exists()
    figures = headline_figures(period=Period("All time"))
    assert figures.mentors_finished == 0
    assert figures.mentors_spare_capacity == 0
