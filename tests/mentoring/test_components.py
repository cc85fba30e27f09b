"""Shared partials in templates/components/ and the GOV.UK field template."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string

from mentoring.forms.widgets import RadioSelectWithHints
from tests.mentoring.factories import MenteeProfileFactory


class _HintedForm(forms.Form):
    mode = forms.ChoiceField(
        label="How should the run match?",
        choices=[("best", "Best total"), ("fair", "Fairest")],
        widget=RadioSelectWithHints(hints={"fair": "First raise the lowest score."}),
    )


def test_the_field_template_shows_each_options_hint():
    # One template renders every choice field; a hinted option is described by its hint.
    html = render_to_string("django/forms/field.html", {"field": _HintedForm()["mode"]})
    assert '<div id="id_mode_1-item-hint" class="govuk-hint govuk-radios__hint">' in html
    assert "First raise the lowest score." in html
    assert 'aria-describedby="id_mode_1-item-hint"' in html
    assert "id_mode_0-item-hint" not in html


def test_a_summary_row_has_a_change_link_only_when_given_one():
    plain = render_to_string("components/summary_row.html", {"key": "Goals", "value": "a\nb"})
    assert "govuk-summary-list__actions" not in plain
    assert "a<br>b" in plain
    linked = render_to_string(
        "components/summary_row.html", {"key": "Goals", "value": "", "href": "/step/"}
    )
    assert '<a class="govuk-link" href="/step/">Change' in linked
    assert "Not answered" in linked


@pytest.mark.django_db
def test_the_mentee_summary_shows_the_organisation_in_full_only_when_asked():
    mentee = MenteeProfileFactory(staff_count=0)
    short = render_to_string("components/mentee_summary.html", {"mentee": mentee})
    full = render_to_string("components/mentee_summary.html", {"mentee": mentee, "full": True})
    assert "Sector" in short
    assert "Legal form" not in short
    for key in ("Legal form", "Number of staff", "Meeting", "Happy to meet remotely"):
        assert key in full
    # No staff is a number to show, not a missing answer.
    assert re.search(r"Number of staff</dt>\s*<dd[^>]*>\s*0\s*</dd>", full)
