"""A person's rights over their data: a copy of everything they told us, and erasure.

Erasure keeps the scheme's figures (matches, session logs, ratings) but removes everything that
identifies the person or that they wrote in their own words.
"""

from importlib import import_module
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from mentoring.models import (
    Feedback,
    Match,
    MenteeProfile,
    MentoringRequest,
    MentorProfile,
    SessionLog,
)
from mentoring.services.audit import audit_record

DELETED_EMAIL_DOMAIN = "deleted.invalid"


def deleted_email(user_id: int) -> str:
    return f"deleted-{user_id}@{DELETED_EMAIL_DOMAIN}"


# Export --------------------------------------------------------------------------------------


def _names(manager) -> list[str]:
    return [entry.name for entry in manager.all()]


def _name(entry) -> str | None:
    return entry.name if entry is not None else None


def _mentee(profile: MenteeProfile) -> dict[str, Any]:
    return {
        "organisation_name": profile.organisation_name,
        "legal_form": _name(profile.legal_form),
        "sector": _name(profile.sector),
        "stage": _name(profile.stage),
        "region": _name(profile.region),
        "staff_count": profile.staff_count,
        "needs": _names(profile.needs),
        "goals": profile.goals,
        "wants_face_to_face": profile.wants_face_to_face,
        "consent_to_share": profile.consent_to_share,
        "completed_at": profile.completed_at,
        "created_at": profile.created_at,
        "updated_at": profile.updated_at,
    }


def _mentor(profile: MentorProfile) -> dict[str, Any]:
    return {
        "headline": profile.headline,
        "roles": profile.roles,
        "organisation": profile.organisation,
        "expertise": _names(profile.expertise),
        "sectors": _names(profile.sectors),
        "stages": _names(profile.stages),
        "region": _name(profile.region),
        "remote_ok": profile.remote_ok,
        "capacity": profile.capacity,
        "is_paused": profile.is_paused,
        "bio": profile.bio,
        "completed_at": profile.completed_at,
        "created_at": profile.created_at,
        "updated_at": profile.updated_at,
    }


def is_deleted_user(user: User | None) -> bool:
    return (
        user is not None and not user.is_active and user.email.endswith(f"@{DELETED_EMAIL_DOMAIN}")
    )


def person_display_name(user: User | None) -> str:
    """A person's name as shown to others: "Deleted user" once they have deleted the account."""
    if user is None or is_deleted_user(user):
        return "Deleted user"
    return user.display_name


def account_data_export(*, user: User) -> dict[str, Any]:
    """Everything the person entered or that records their part in the scheme, as plain data.

    The other person in a match appears by name only.
    """
    mentee = (
        MenteeProfile.objects.select_related("legal_form", "sector", "stage", "region")
        .prefetch_related("needs")
        .filter(user=user)
        .first()
    )
    mentor = (
        MentorProfile.objects.select_related("region")
        .prefetch_related("expertise", "sectors", "stages")
        .filter(user=user)
        .first()
    )
    requests = (
        MentoringRequest.objects.filter(mentee__user=user).prefetch_related("needs").order_by("id")
    )
    matches = (
        Match.objects.filter(Q(request__mentee__user=user) | Q(mentor__user=user))
        .select_related("request__mentee__user", "mentor__user")
        .order_by("id")
    )
    sessions = (
        SessionLog.objects.filter(logged_by=user).prefetch_related("topics").order_by("date", "id")
    )
    feedback = Feedback.objects.filter(author=user).order_by("created_at", "id")
    return {
        "exported_at": timezone.now(),
        "user": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "mentee_profile": _mentee(mentee) if mentee else None,
        "mentor_profile": _mentor(mentor) if mentor else None,
        "mentoring_requests": [
            {
                "id": r.pk,
                "status": r.get_status_display(),
                "needs": _names(r.needs),
                "goals": r.goals,
                "created_at": r.created_at,
                "status_changed_at": r.status_changed_at,
                "closed_reason": r.closed_reason,
            }
            for r in requests
        ],
        "matches": [_match(m, user) for m in matches],
        "session_logs": [
            {
                "match_id": s.match_id,
                "date": s.date,
                "duration_minutes": s.duration_minutes,
                "format": s.get_format_display(),
                "topics": _names(s.topics),
                "notes": s.notes,
            }
            for s in sessions
        ],
        "feedback": [
            {
                "match_id": f.match_id,
                "as": f.get_author_role_display(),
                "stage": f.get_stage_display(),
                "rating": f.rating,
                "comments": f.comments,
                "created_at": f.created_at,
            }
            for f in feedback
        ],
    }


def _match(match: Match, user: User) -> dict[str, Any]:
    as_mentor = match.mentor.user_id == user.pk
    other = match.request.mentee.user if as_mentor else match.mentor.user
    return {
        "id": match.pk,
        "your_role": "mentor" if as_mentor else "mentee",
        "other_person": person_display_name(other),
        "status": match.get_status_display(),
        "created_at": match.created_at,
        "started_at": match.started_at,
        "ended_at": match.ended_at,
    }


# Erasure -------------------------------------------------------------------------------------


def _delete_sessions(user: User) -> None:
    """End every signed-in session of the person, wherever they are signed in."""
    engine = import_module(settings.SESSION_ENGINE)
    store_class = engine.SessionStore
    if not hasattr(store_class, "get_model_class"):
        # Cache-only sessions cannot be listed; the password change below already makes
        # Django reject them on their next request.
        return
    model = store_class.get_model_class()
    doomed = []
    for session in model.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            doomed.append(session.session_key)
    for key in doomed:
        store_class(session_key=key).delete()


@transaction.atomic
def account_delete(*, user: User) -> User:
    """Erase a person's personal data and close their account.

    Matches, session logs and ratings stay for the scheme's figures, shown as "Deleted user".
    Live matches are not ended here: the match services own every match transition and will end
    them on deletion (wired by the lead in mentoring/services/matches.py). Here the person's live
    requests are withdrawn and their mentor profile paused, so nothing new is proposed.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active and user.email == deleted_email(user.pk):
        raise ValidationError("This account has already been deleted.")
    now = timezone.now()

    MenteeProfile.objects.filter(user=user).update(
        organisation_name="", goals="", consent_to_share=False, updated_at=now
    )
    MentorProfile.objects.filter(user=user).update(
        headline="", roles="", organisation="", bio="", is_paused=True, updated_at=now
    )
    live = MentoringRequest.objects.filter(
        mentee__user=user, status__in=MentoringRequest.LIVE_STATUSES
    )
    for request in live:
        audit_record(
            actor=user,
            verb="request.withdrawn",
            request=request,
            before={"status": request.status},
            after={"status": MentoringRequest.Status.WITHDRAWN},
            data={"reason": "account deleted"},
        )
    live.update(
        status=MentoringRequest.Status.WITHDRAWN,
        status_changed_at=now,
        closed_reason="Account deleted",
        updated_at=now,
    )
    MentoringRequest.objects.filter(mentee__user=user).update(goals="", updated_at=now)
    SessionLog.objects.filter(logged_by=user).update(notes="", updated_at=now)
    Feedback.objects.filter(author=user).update(comments="", updated_at=now)

    EmailAddress.objects.filter(user=user).delete()
    # Two-factor secrets and recovery codes go with the account.
    Authenticator.objects.filter(user=user).delete()
    user.email = deleted_email(user.pk)
    user.full_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["email", "full_name", "is_active", "password"])
    _delete_sessions(user)
    audit_record(actor=None, verb="account.deleted", data={"user_id": user.pk})
    return user
