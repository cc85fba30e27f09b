"""A person's copy of their data: everything they told us and their part in the scheme."""

from typing import Any

from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from mentoring.models import (
    Feedback,
    Goal,
    GoalProgress,
    GoalRating,
    Match,
    MenteeProfile,
    MentoringRequest,
    MentorProfile,
    SessionLog,
)
from mentoring.selectors.case_notes import case_note_for_export, case_notes_about_person
from mentoring.selectors.people import person_display_name


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
    goals = Goal.objects.filter(match__in=matches).order_by("match_id", "position")
    ratings = GoalRating.objects.filter(author=user).order_by("goal_id")
    progress = GoalProgress.objects.filter(session__logged_by=user).select_related("session")
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
        "mentoring_requests": [_request(r) for r in requests],
        "matches": [_match(m, user) for m in matches],
        "session_logs": [_session(s) for s in sessions],
        "feedback": [_feedback(f) for f in feedback],
        # Notes coordinators wrote about the person, their requests and their mentoring: their
        # personal data, given on request like the rest (docs/adr/0021-case-notes-and-nudges.md).
        "case_notes": [case_note_for_export(n, user) for n in case_notes_about_person(user=user)],
        "goals": [_goal(g, user) for g in goals],
        "goal_ratings": [_goal_rating(r) for r in ratings],
        "goal_progress": [_goal_progress(p) for p in progress.order_by("session__date", "id")],
    }


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
        "paused_until": profile.paused_until,
        "bio": profile.bio,
        "approval": profile.get_approval_display(),
        "approval_message": profile.approval_message,
        "approval_decided_at": profile.approval_decided_at,
        "agreement_version": profile.agreement_version,
        "agreement_accepted_at": profile.agreement_accepted_at,
        "completed_at": profile.completed_at,
        "created_at": profile.created_at,
        "updated_at": profile.updated_at,
    }


def _request(request: MentoringRequest) -> dict[str, Any]:
    return {
        "id": request.pk,
        "status": request.get_status_display(),
        "needs": _names(request.needs),
        "goals": request.goals,
        "created_at": request.created_at,
        "status_changed_at": request.status_changed_at,
        "closed_reason": request.closed_reason,
    }


def _session(session: SessionLog) -> dict[str, Any]:
    return {
        "match_id": session.match_id,
        "date": session.date,
        "duration_minutes": session.duration_minutes,
        "format": session.get_format_display(),
        "topics": _names(session.topics),
        "notes": session.notes,
    }


def _feedback(feedback: Feedback) -> dict[str, Any]:
    return {
        "match_id": feedback.match_id,
        "as": feedback.get_author_role_display(),
        "stage": feedback.get_stage_display(),
        "rating": feedback.rating,
        "comments": feedback.comments,
        "created_at": feedback.created_at,
    }


def _goal(goal: Goal, user: User) -> dict[str, Any]:
    """The pair's goals in the person's matches: they set them together."""
    return {
        "id": goal.pk,
        "match_id": goal.match_id,
        "goal": goal.text,
        "written_by_you": goal.written_by_id == user.pk,
        "created_at": goal.created_at,
    }


def _goal_rating(rating: GoalRating) -> dict[str, Any]:
    return {
        "goal_id": rating.goal_id,
        "as": rating.get_author_role_display(),
        "outcome": rating.get_outcome_display(),
        "created_at": rating.created_at,
    }


def _goal_progress(progress: GoalProgress) -> dict[str, Any]:
    return {
        "goal_id": progress.goal_id,
        "session_date": progress.session.date,
        "progress": progress.note,
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
