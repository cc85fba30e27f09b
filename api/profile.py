"""The signed-in person's profile for the API: read it, and change answers through the very
step forms and services the profile page uses (mentoring.onboarding_flows).

Taxonomy answers are read and written by slug. A PATCH names only the answers it changes; the
other answers of the same question are filled from the profile so each form sees a whole step.
"""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction

from mentoring.onboarding_flows import MENTEE_FLOW, MENTOR_FLOW, Flow

FLOWS = {"mentee": MENTEE_FLOW, "mentor": MENTOR_FLOW}
TAXONOMY_FIELDS = (forms.ModelChoiceField, forms.ModelMultipleChoiceField)


def _fields(flow: Flow) -> dict[str, Any]:
    """Each answer's name and the step that asks it, in the order of the flow."""
    return {name: step for step in flow.steps for name in step.form_class._meta.fields}


def _read(profile: models.Model, name: str):
    value = getattr(profile, name)
    if hasattr(value, "all"):
        return [item.slug for item in value.all()]
    if isinstance(value, models.Model):
        return value.slug
    return value


def profile_read(flow: Flow, profile) -> dict | None:
    if profile is None:
        return None
    data = {name: _read(profile, name) for name in _fields(flow)}
    data["is_complete"] = profile.is_complete
    return data


def me_read(user) -> dict:
    mentee = MENTEE_FLOW.profile_for(user=user)
    mentor = MENTOR_FLOW.profile_for(user=user)
    roles = [role for role, p in (("mentee", mentee), ("mentor", mentor)) if p is not None]
    if user.is_coordinator:
        roles.append("coordinator")
    return {
        "name": user.full_name,
        "email": user.email,
        "roles": roles,
        "mentee": profile_read(MENTEE_FLOW, mentee),
        "mentor": profile_read(MENTOR_FLOW, mentor),
    }


def _as_form_value(value):
    # yes/no radios post "True" or "False"; JSON sends booleans.
    if isinstance(value, bool):
        return "True" if value else "False"
    return value


def _type_error(field: forms.Field, value) -> str | None:
    if isinstance(field, forms.ModelMultipleChoiceField):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return "Send a list of slugs."
        return None
    if value is None or isinstance(value, (dict, list)):
        return "Send a single value."
    if isinstance(value, str) and "\x00" in value:
        return "Null characters are not allowed."
    return None


def _form_data(form: forms.Form, profile, changes: Mapping[str, Any]) -> dict:
    data = {}
    for name, field in form.fields.items():
        value = changes[name] if name in changes else _read(profile, name)
        if isinstance(field, TAXONOMY_FIELDS):
            field.to_field_name = "slug"
        if isinstance(field, forms.BooleanField) and value is False:
            continue  # an unticked box is not sent
        data[name] = _as_form_value(value)
    return data


def section_update(*, user, role: str, changes: Mapping[str, Any]) -> None:
    """Change some answers of ``role``'s profile; ValidationError keyed ``role.field``."""
    flow = FLOWS[role]
    profile = flow.profile_for(user=user)
    if profile is None or not profile.is_complete:
        raise ValidationError({role: f"You have no {flow.name} to change yet."})
    by_field = _fields(flow)
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(changes) - set(by_field))
    for name in unknown:
        errors[f"{role}.{name}"] = ["This is not a profile answer."]
    steps = []
    for step in dict.fromkeys(by_field[name] for name in changes if name in by_field):
        form = step.form_class(instance=profile)
        typed = {n: v for n, v in changes.items() if n in form.fields}
        bad = {n: _type_error(form.fields[n], v) for n, v in typed.items()}
        bad = {n: m for n, m in bad.items() if m}
        if bad:
            errors.update({f"{role}.{n}": [m] for n, m in bad.items()})
            continue
        bound = step.form_class(_form_data(form, profile, typed), instance=profile)
        for field in bound.fields.values():
            if isinstance(field, TAXONOMY_FIELDS):
                field.to_field_name = "slug"
        if not bound.is_valid():
            errors.update({f"{role}.{n}": list(m) for n, m in bound.errors.items()})
            continue
        steps.append((step, {n: bound.cleaned_data[n] for n in step.form_class._meta.fields}))
    if errors:
        raise ValidationError(errors)
    for step, cleaned in steps:
        flow.update(user=user, data=cleaned, step=step.slug)


@transaction.atomic
def me_update(*, user, changes: Mapping[str, Any]) -> dict:
    errors: dict[str, list[str]] = {}
    for role in ("mentee", "mentor"):
        if role not in changes:
            continue
        section = changes[role]
        if not isinstance(section, dict):
            errors[role] = ["Send an object of answers."]
            continue
        try:
            section_update(user=user, role=role, changes=section)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return me_read(user)
