"""Every error message on the pages people use names its field, the GOV.UK way: no Django
default ("This field is required.", "Ensure this value ..."), no "This must be ...", and
limits of a thousand or more written with a comma."""

import re

import pytest
from django import forms

from mentoring.forms import account, introductions, mentee, mentor, progress, requests

MODULES = (account, introductions, mentee, mentor, progress, requests)
GENERIC_STARTS = ("This ", "It ", "The reason ", "Value ", "Ensure ")


def _form_classes():
    for module in MODULES:
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                yield value


def _codes(field: forms.Field) -> list[str]:
    """The errors a person can meet on this field through the page."""
    codes = ["required"] if field.required else []
    if getattr(field, "max_length", None):
        codes.append("max_length")
    if isinstance(field, forms.IntegerField):
        codes += ["invalid"] + [
            code for code in ("min_value", "max_value") if getattr(field, code, None) is not None
        ]
    return codes


def _messages():
    for form_class in _form_classes():
        for name, field in form_class.base_fields.items():
            defaults = {}
            for klass in reversed(type(field).__mro__):
                defaults.update(getattr(klass, "default_error_messages", {}))
            for code in _codes(field):
                message = str(field.error_messages[code])
                yield form_class.__name__, name, code, message, str(defaults.get(code, ""))


MESSAGES = list(_messages())


def test_the_audit_reads_every_form():
    names = {form for form, *_ in MESSAGES}
    expected = {"IntroductionResponseForm", "MatchEndForm", "MatchCancelForm", "SessionLogForm"}
    assert expected <= names


@pytest.mark.parametrize(("form", "field", "code", "message", "default"), MESSAGES)
def test_each_message_names_its_field(form, field, code, message, default):
    assert message != default, f"{form}.{field} uses Django's default {code} message"
    assert not message.startswith(GENERIC_STARTS), f"{form}.{field}: {message}"
    assert not re.search(r"\b\d{4,}\b", message), f"{form}.{field}: write 1,000 not 1000"
