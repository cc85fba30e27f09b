"""One status tag (templates/components/status_tag.html), coloured by one map on each model."""

import re

import pytest
from django.urls import reverse

from matching.models import MatchingRun
from mentoring.models import Match, MentoringRequest
from tests.accounts.conftest import force_login_with_second_step
from tests.mentoring.factories import accepted_match

pytestmark = pytest.mark.django_db

GOVUK_COLOURS = {"grey", "green", "turquoise", "blue", "light-blue", "purple", "pink", "red"}
GOVUK_COLOURS |= {"orange", "yellow"}


@pytest.mark.parametrize("model", [Match, MentoringRequest, MatchingRun])
def test_every_status_has_a_govuk_tag_colour(model):
    assert set(model.STATUS_TAG_COLOURS) == set(model.Status.values)
    assert set(model.STATUS_TAG_COLOURS.values()) <= GOVUK_COLOURS


def _tag(html: str, text: str) -> str:
    found = re.findall(r'<strong class="govuk-tag ([^"]*)">\s*' + re.escape(text), html)
    assert found, f"no tag saying {text!r}"
    return found[0]


def test_a_match_has_one_colour_on_every_page(client, coordinator_client):
    # The coordinator's list of matches coloured "Introduced" green and the match page blue.
    match = accepted_match()
    listed = client.get(reverse("mentoring:report_list", args=["matches"])).content.decode()
    page = client.get(reverse("mentoring:coordinator_match", args=[match.pk])).content.decode()
    expected = "govuk-tag--" + Match.STATUS_TAG_COLOURS[Match.Status.ACCEPTED]
    assert _tag(listed, "Introduced") == expected
    assert _tag(page, "Introduced") == expected

    # The mentor reads the status in their own words, in the same colour.
    force_login_with_second_step(client, match.mentor.user)
    mentor_page = client.get(reverse("mentoring:introductions")).content.decode()
    assert _tag(mentor_page, "Introduced") == expected
