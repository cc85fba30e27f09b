"""What the public pages say is sourced, current and honest: facts about mutuals name their
source and year, the accessibility statement says how it was tested, and the privacy notice and
onboarding give one lawful basis."""

import html as html_lib
import re

import pytest
from django.urls import reverse

from mentoring.onboarding_flows import MENTEE_FLOW
from mentoring.services.profiles import mentee_profile_update
from tests.accounts.factories import UserFactory
from tests.mentoring.factories import mentee_answers

pytestmark = pytest.mark.django_db

SOURCES = ("CIPFA", "DCMS", "Social Enterprise UK", "CEEDR")
FIGURE = re.compile(r"\d+%|£\d|\d{1,3},\d{3}")
YEAR = re.compile(r"\b20\d\d\b")


def _paragraphs(client, name: str) -> list[str]:
    page = client.get(reverse(name)).content.decode()
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    blocks = re.findall(
        r"<(?:p|li|div class=\"govuk-inset-text\")[^>]*>(.*?)</(?:p|li|div)>", main, re.S
    )
    return [" ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", b)).split()) for b in blocks]


def test_every_figure_about_mutuals_names_its_source_and_year(client):
    figures = [p for p in _paragraphs(client, "home") if FIGURE.search(p)]
    assert figures, "the start page gives figures about mutuals"
    for paragraph in figures:
        assert YEAR.search(paragraph), f"no year: {paragraph}"
        assert any(source in paragraph for source in SOURCES), f"no source: {paragraph}"


def test_the_start_page_names_no_programme_as_open_that_has_closed(client):
    text = " ".join(_paragraphs(client, "home"))
    assert "Mutual Partnership Support Programme" not in text
    for sentence in re.split(r"(?<=[.:])\s", text):
        if "Mutuals Support Programme" in sentence:
            assert "closed to new applications" in sentence


def test_the_accessibility_statement_says_how_it_was_tested_and_when_it_was_prepared(client):
    text = " ".join(_paragraphs(client, "accessibility"))
    assert re.search(r"This statement was prepared on \d{1,2} [A-Z][a-z]+ 20\d\d\.", text)
    assert "axe-core" in text
    assert "using only a keyboard" in text
    assert "400% zoom" in text
    assert "not yet tested it with screen readers" in text
    # Automated checks alone cannot show compliance: the statement must not claim it.
    assert "fully compliant" not in text
    assert "we do not claim that it complies fully" in text


def test_the_privacy_notice_gives_public_task_not_consent_as_the_lawful_basis(client):
    text = " ".join(_paragraphs(client, "privacy"))
    assert "a task carried out in the public interest" in text
    assert "Article 6(1)(e)" in text
    assert "We do not rely on your consent." in text
    assert "only if you agreed" not in text


def test_the_onboarding_sharing_question_tells_the_same_story(client, taxonomies):
    user = UserFactory()
    answers = mentee_answers()
    del answers["consent_to_share"]
    for step in MENTEE_FLOW.slugs[: MENTEE_FLOW.slugs.index("consent")]:
        mentee_profile_update(user=user, data=answers, step=step)
    client.force_login(user)
    page = client.get(reverse("mentoring:onboarding_step", args=["mentee", "consent"]), follow=True)
    text = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", page.content.decode())).split())
    assert "I understand that mentors proposed to me will see my profile" in text
    assert "a task in the public interest: that, not your consent, is our lawful basis" in text
    assert "I agree" not in text
