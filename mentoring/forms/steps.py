"""The building blocks of one-question-per-page onboarding forms.

A step form is a ModelForm over a profile with one question (sometimes two closely related
ones). It knows how to describe its saved answers for a "Check your answers" summary list.
"""

from typing import Any

from django import forms
from django.db import models

from mentoring.models.taxonomies import Taxonomy
from mentoring.selectors.profiles import taxonomy_active


def yes_no_field(*, label: str, yes: str, no: str, required_message: str, help_text: str = ""):
    """A required pair of radios stored as a boolean (GOV.UK radios, never a lone checkbox)."""
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=[("True", yes), ("False", no)],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


class StepForm(forms.ModelForm):
    """One onboarding question. `summary_labels` name each answer on "Check your answers".

    `required_fields` must be answered even where the model allows a blank (profiles are saved
    as drafts). Choices from a taxonomy only offer its active entries.
    """

    summary_labels: dict[str, str] = {}
    required_fields: tuple[str, ...] = ()

    def __init__(self, *args, answered: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.required_fields:
            self.fields[name].required = True
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and issubclass(
                field.queryset.model, Taxonomy
            ):
                field.queryset = taxonomy_active(model=field.queryset.model)
            if isinstance(field.widget, forms.Textarea):
                # The GOV.UK character count tells people the limit and lets them paste and
                # trim; a browser maxlength would silently cut their text instead.
                field.widget.attrs.pop("maxlength", None)
        if not answered:
            # A question not yet answered starts empty: no radio is chosen for the person.
            self.initial = {}

    @classmethod
    def summary(cls, profile: models.Model) -> list[tuple[str, Any]]:
        """(label, value) pairs for the answers this step saved; a value may be a list."""
        form = cls(instance=profile)
        rows = []
        for name in cls._meta.fields:
            label = cls.summary_labels.get(name, form.fields[name].label)
            rows.append((label, _display(profile, name, form.fields[name])))
        return rows


def _display(profile: models.Model, name: str, field: forms.Field) -> Any:
    model_field = profile._meta.get_field(name)
    if model_field.many_to_many:
        if profile.pk is None:
            return []
        return [str(entry) for entry in getattr(profile, name).all()]
    value = getattr(profile, name)
    if isinstance(field, forms.TypedChoiceField):
        labels = {str(key): label for key, label in field.choices}
        return labels.get(str(value), "")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value is None:
        return ""
    return str(value)
