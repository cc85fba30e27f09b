"""Names people type lose the invisible characters that reorder or hide text (accounts.names)."""

import unicodedata

import pytest

from accounts.forms import UserChangeForm
from accounts.names import name_clean
from mentoring.forms.mentee import OrganisationNameForm
from mentoring.forms.mentor import HeadlineForm, MentorOrganisationForm
from tests.accounts.factories import UserFactory

# Bidirectional embeddings and overrides, isolates, zero-width characters, marks, the BOM.
INVISIBLE = [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]] + [
    *(chr(c) for c in range(0x200B, 0x2010)),
    "\ufeff",
    "\u2060",
    "\u00ad",  # soft hyphen, another format character
    "\x07",  # a control character
]


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_every_invisible_character_is_dropped(char):
    assert unicodedata.category(char) in {"Cf", "Cc"}
    assert name_clean(f"Fair{char}way {char}Mutual{char}") == "Fairway Mutual"


def test_an_overridden_name_reads_as_what_is_stored():
    # "Acme \u202eLtd evil" displays as "Acme live dtL": the override is what must go.
    assert name_clean("Acme \u202eLtd evil\u202c") == "Acme Ltd evil"


def test_letters_accents_and_other_scripts_are_kept():
    for name in [
        "Siobhán Ó Súilleabháin",
        "Zoë Brontë-Smith",
        "李小龍",
        "محمد علي",
        "O'Neil & Co.",
    ]:
        assert name_clean(name) == name


def test_whitespace_runs_and_ends_become_single_spaces():
    assert name_clean("  Ada \t\n Okafor\u00a0 ") == "Ada Okafor"
    assert name_clean("") == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("form_class", "field"),
    [
        (OrganisationNameForm, "organisation_name"),
        (MentorOrganisationForm, "organisation"),
        (HeadlineForm, "headline"),
    ],
)
def test_profile_forms_clean_organisation_names_and_headlines(form_class, field):
    form = form_class(data={field: "\u2067Fairway\u200b Care\u202e Mutual\u2069"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data[field] == "Fairway Care Mutual"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("form_class", "field"),
    [(OrganisationNameForm, "organisation_name"), (HeadlineForm, "headline")],
)
def test_a_required_name_of_only_invisible_characters_is_missing(form_class, field):
    form = form_class(data={field: "\u202e\u200b"})
    assert not form.is_valid()
    assert field in form.errors


@pytest.mark.django_db
def test_the_admin_form_cleans_the_full_name():
    user = UserFactory()
    data = {
        "email": user.email,
        "full_name": "Ada\u202e Okafor",
        "is_active": True,
        "date_joined": "2026-01-01 10:00:00",
    }
    form = UserChangeForm(data=data, instance=user)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["full_name"] == "Ada Okafor"
