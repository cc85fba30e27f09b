"""Writes to profiles: saving onboarding answers as a draft, finishing onboarding, pausing.

Answers are saved one question at a time, so a person who leaves carries on where they
stopped. A profile only counts (is matched, is shown to coordinators) once `completed_at` is set.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from mentoring.models import MenteeProfile, MentorProfile
from mentoring.models.profiles import MAX_CAPACITY
from mentoring.services.vetting import mentor_profile_changed

MENTEE_FIELDS = frozenset(
    {
        "organisation_name",
        "legal_form",
        "sector",
        "stage",
        "region",
        "staff_count",
        "needs",
        "goals",
        "wants_face_to_face",
        "consent_to_share",
    }
)
MENTEE_MANY = frozenset({"needs"})
MENTOR_FIELDS = frozenset(
    {
        "headline",
        "roles",
        "organisation",
        "expertise",
        "sectors",
        "stages",
        "region",
        "remote_ok",
        "capacity",
        "bio",
    }
)
MENTOR_MANY = frozenset({"expertise", "sectors", "stages"})

# What must be answered before a profile is complete, with the words used when it is not.
MENTEE_REQUIRED = {
    "organisation_name": "Enter the name of your mutual",
    "legal_form": "Select your mutual's legal form",
    "sector": "Select the sector your mutual works in",
    "stage": "Select the stage your mutual is at",
    "region": "Select where your mutual is based",
    "staff_count": "Enter how many people work for your mutual",
    "needs": "Select at least one area you want help with",
    "goals": "Tell us what you want from a mentor",
    "consent_to_share": "Confirm that you understand mentors proposed to you will see your profile",
}
MENTOR_REQUIRED = {
    "headline": "Describe yourself in a line",
    "roles": "Tell us your current or past roles",
    "expertise": "Select at least one area you can help with",
    "sectors": "Select at least one sector you know",
    "stages": "Select at least one stage you know",
    "region": "Select where you are based",
    "bio": "Tell mentees about yourself",
}


def capacity_below_load_message(load: int) -> str:
    people = "person" if load == 1 else "people"
    return f"You are mentoring {load} {people} now, so choose {load} or more"


def _apply(
    profile: MenteeProfile | MentorProfile,
    *,
    data: Mapping[str, Any],
    allowed: frozenset[str],
    many: frozenset[str],
    step: str,
) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(f"These are not profile answers: {', '.join(sorted(unknown))}.")
    for name, value in data.items():
        if name not in many:
            setattr(profile, name, value.strip() if isinstance(value, str) else value)
    if step and step not in profile.onboarding_answered:
        profile.onboarding_answered = [*profile.onboarding_answered, step]
    profile.save()
    for name in many & set(data):
        getattr(profile, name).set(data[name])


@transaction.atomic
def mentee_profile_update(*, user: User, data: Mapping[str, Any], step: str = "") -> MenteeProfile:
    """Save some of a mentee's answers, creating the draft profile on the first answer."""
    profile, _ = MenteeProfile.objects.select_for_update().get_or_create(user=user)
    staff_count = data.get("staff_count")
    if staff_count is not None and staff_count < 1:
        raise ValidationError({"staff_count": "The number of staff must be 1 or more"})
    if "needs" in data and not list(data["needs"]):
        raise ValidationError({"needs": MENTEE_REQUIRED["needs"]})
    _apply(profile, data=data, allowed=MENTEE_FIELDS, many=MENTEE_MANY, step=step)
    return profile


@transaction.atomic
def mentor_profile_update(*, user: User, data: Mapping[str, Any], step: str = "") -> MentorProfile:
    """Save some of a mentor's answers; capacity may never drop below the places now taken."""
    # The row lock keeps a match service from taking a place while capacity is being lowered.
    profile, _ = MentorProfile.objects.select_for_update().get_or_create(user=user)
    if "capacity" in data:
        capacity = data["capacity"]
        if not 1 <= capacity <= MAX_CAPACITY:
            raise ValidationError({"capacity": f"Choose a number from 1 to {MAX_CAPACITY}"})
        if capacity < profile.load:
            raise ValidationError({"capacity": capacity_below_load_message(profile.load)})
    for name in MENTOR_MANY & set(data):
        if not list(data[name]):
            raise ValidationError({name: MENTOR_REQUIRED[name]})
    _apply(profile, data=data, allowed=MENTOR_FIELDS, many=MENTOR_MANY, step=step)
    # A mentor asked for changes who edits their profile goes back to the approval queue.
    mentor_profile_changed(mentor=profile, actor=user)
    return profile


def _missing(profile: MenteeProfile | MentorProfile, required: Mapping[str, str]) -> dict:
    missing = {}
    for name, message in required.items():
        field = profile._meta.get_field(name)
        if field.many_to_many:
            answered = getattr(profile, name).exists()
        else:
            answered = bool(getattr(profile, name))
        if not answered:
            missing[name] = message
    return missing


def _profile_complete(model, *, user: User, required, not_started: str):
    profile = model.objects.select_for_update().filter(user=user).first()
    if profile is None:
        raise ValidationError(not_started)
    missing = _missing(profile, required)
    if missing:
        raise ValidationError(missing)
    if profile.completed_at is None:
        profile.completed_at = timezone.now()
        profile.save(update_fields=["completed_at", "updated_at"])
    return profile


@transaction.atomic
def mentee_profile_complete(*, user: User) -> MenteeProfile:
    """Finish onboarding: every question answered and consent given. Safe to call twice."""
    return _profile_complete(
        MenteeProfile,
        user=user,
        required=MENTEE_REQUIRED,
        not_started="Answer the questions about your mutual first.",
    )


@transaction.atomic
def mentor_profile_complete(*, user: User) -> MentorProfile:
    """Finish onboarding: the mentor can now be suggested. Safe to call twice."""
    return _profile_complete(
        MentorProfile,
        user=user,
        required=MENTOR_REQUIRED,
        not_started="Answer the questions about your experience first.",
    )


@transaction.atomic
def mentor_availability_set(
    *, user: User, paused: bool, until: datetime.date | None = None
) -> MentorProfile:
    """Pause (no new suggestions or introductions), optionally until a day, or resume. Live
    mentoring carries on. A pause with an end resumes by itself (`mentors_resume_due`)."""
    profile = MentorProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        raise ValidationError("You do not have a mentor profile.")
    until = until if paused else None
    if until is not None and until <= timezone.localdate():
        raise ValidationError({"until": "Date to resume must be after today"})
    if (profile.is_paused, profile.paused_until) != (paused, until):
        profile.is_paused = paused
        profile.paused_until = until
        profile.save(update_fields=["is_paused", "paused_until", "updated_at"])
    return profile


def mentors_resume_due(*, today: datetime.date | None = None) -> int:
    """Resume every mentor whose pause ends today or before: one update, run daily."""
    today = today or timezone.localdate()
    return MentorProfile.objects.filter(is_paused=True, paused_until__lte=today).update(
        is_paused=False, paused_until=None, updated_at=timezone.now()
    )
