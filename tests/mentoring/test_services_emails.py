"""Email event keys: one shape, built in one place, unchanged for rows already written."""

import pytest

from mentoring.models import Match, OutgoingEmail
from mentoring.services.emails import match_event_key
from mentoring.services.matches import match_end
from tests.mentoring.factories import accepted_match

pytestmark = pytest.mark.django_db


def test_each_email_about_a_match_has_the_key_it_always_had():
    match = accepted_match()
    match_end(match=match, actor=match.mentor.user, reason=Match.EndReason.GOALS_MET)
    keys = set(OutgoingEmail.objects.filter(match=match).values_list("event_key", flat=True))
    assert keys == {
        f"match:{match.pk}:{tail}"
        for tail in (
            "mentor_invitation",
            "mentor_proposed",
            "introduction:mentee",
            "introduction:mentor",
            "feedback:close:mentee",
            "feedback:close:mentor",
        )
    }


def test_the_key_names_the_match_the_event_and_which_occurrence():
    match = Match(pk=7)
    assert match_event_key(match, "mentor_invitation") == "match:7:mentor_invitation"
    assert (
        match_event_key(match, "stall", "2026-03-01", "mentor") == "match:7:stall:2026-03-01:mentor"
    )
