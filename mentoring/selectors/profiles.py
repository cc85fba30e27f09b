"""Reads about profiles: a person's own profiles, the lists they choose from, simple counts."""

from django.db.models import Q, QuerySet

from accounts.models import User
from mentoring.models import Match, MenteeProfile, MentorProfile
from mentoring.models.taxonomies import Taxonomy


def taxonomy_active(*, model: type[Taxonomy]) -> QuerySet:
    """The entries of a taxonomy a person may choose today (retired ones are hidden)."""
    return model.objects.filter(is_active=True).order_by("position", "name")


def mentee_profile_for_user(*, user: User) -> MenteeProfile | None:
    if not user.is_authenticated:
        return None
    return (
        MenteeProfile.objects.select_related("legal_form", "sector", "stage", "region", "user")
        .prefetch_related("needs")
        .filter(user=user)
        .first()
    )


def mentor_profile_for_user(*, user: User) -> MentorProfile | None:
    if not user.is_authenticated:
        return None
    return (
        MentorProfile.objects.select_related("region", "user")
        .prefetch_related("expertise", "sectors", "stages")
        .filter(user=user)
        .first()
    )


def matches_for_user(*, user: User) -> QuerySet:
    """Matches the person is part of, either side, with both people loaded for display."""
    return (
        Match.objects.filter(Q(request__mentee__user=user) | Q(mentor__user=user))
        .select_related("request__mentee__user", "mentor__user")
        .order_by("-created_at", "-id")
    )
