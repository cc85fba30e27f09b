"""The published demo sign-ins: a mentee, a mentor and a coordinator with a known
authenticator secret (DEBUG or opt-in only)."""

from accounts.models import User
from accounts.services import coordinator_ensure, totp_activate_with_secret, user_create_verified
from mentoring.demo.result import SeedResult
from mentoring.models import (
    LegalForm,
    MenteeProfile,
    MentorProfile,
    Need,
    Region,
    Sector,
    Stage,
)
from mentoring.services.profiles import (
    mentee_profile_complete,
    mentee_profile_update,
    mentor_profile_complete,
    mentor_profile_update,
)

DEMO_PASSWORD = "demo-password-123"  # noqa: S105 - published demo sign-in, DEBUG or opt-in only
DEMO_COORDINATOR = "coordinator@demo.test"
DEMO_MENTEE = "mentee@demo.test"
DEMO_MENTOR = "mentor@demo.test"
# Published on purpose: add it to an authenticator app to sign in as the demo coordinator.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105


def _demo_person(result: SeedResult, *, email: str, full_name: str, role, answers, label: str):
    """A demo sign-in with a finished profile, onboarded through the services once. `role` is
    MENTEE or MENTOR: (profile model, update service, complete service, name in the summary)."""
    model, update, complete, kind = role
    user = user_create_verified(email=email, password=DEMO_PASSWORD, full_name=full_name)
    if not model.objects.filter(user=user, completed_at__isnull=False).exists():
        update(user=user, data=answers())
        complete(user=user)
        result.created[f"demo {kind}"] = 1
    result.accounts.append((email, label))


MENTEE = (MenteeProfile, mentee_profile_update, mentee_profile_complete, "mentee")
MENTOR = (MentorProfile, mentor_profile_update, mentor_profile_complete, "mentor")


def _mentee_answers() -> dict:
    return {
        "organisation_name": "Riverside Tenant Services CIC",
        "legal_form": LegalForm.objects.get(slug="community-interest-company"),
        "sector": Sector.objects.get(slug="housing"),
        "stage": Stage.objects.get(slug="preparing-to-spin-out"),
        "region": Region.objects.get(slug="north-west"),
        "staff_count": 140,
        "needs": Need.objects.filter(
            slug__in=["business-planning", "tupe-and-hr", "pensions-fair-deal-nhs-pension"]
        ),
        "goals": "Our housing management team leaves the council next spring. We want "
        "help to test our business plan and to plan the TUPE transfer and pensions.",
        "wants_face_to_face": False,
        "consent_to_share": True,
    }


def _mentor_answers() -> dict:
    return {
        "headline": "HR director who has run several TUPE transfers",
        "roles": "HR director, county council\nHead of people, leisure trust",
        "organisation": "Morgan People Consulting",
        "expertise": Need.objects.filter(
            slug__in=["tupe-and-hr", "pensions-fair-deal-nhs-pension", "business-planning"]
        ),
        "sectors": Sector.objects.filter(slug__in=["housing", "health-and-social-care"]),
        "stages": Stage.objects.filter(slug="preparing-to-spin-out"),
        "region": Region.objects.get(slug="north-west"),
        "remote_ok": True,
        "capacity": 2,
        "bio": "I have moved thousands of staff across under TUPE, twice out of a "
        "council. I am happy to be a sounding board and to read your plans.",
    }


def demo_mentee_and_mentor(result: SeedResult) -> None:
    """Sam Patel, leading a housing mutual, and Alex Morgan, a volunteer mentor (README)."""
    for email, full_name, role, answers, label in (
        (DEMO_MENTEE, "Sam Patel", MENTEE, _mentee_answers, "mentee (Sam Patel, housing mutual)"),
        (DEMO_MENTOR, "Alex Morgan", MENTOR, _mentor_answers, "mentor (Alex Morgan)"),
    ):
        _demo_person(
            result, email=email, full_name=full_name, role=role, answers=answers, label=label
        )


def demo_coordinator(result: SeedResult) -> None:
    existed = User.objects.filter(email=DEMO_COORDINATOR).exists()
    user = user_create_verified(
        email=DEMO_COORDINATOR, password=DEMO_PASSWORD, full_name="Chris Coordinator"
    )
    coordinator_ensure(user=user)
    totp_activate_with_secret(user=user, secret_base32=DEMO_TOTP_SECRET)
    if not existed:
        result.created["coordinator accounts"] = 1
    result.accounts.append((DEMO_COORDINATOR, "scheme coordinator (needs the code below)"))
    result.notes.append(
        f"The demo coordinator signs in with a code from an authenticator app. Add this secret "
        f"to the app (as a time-based key): {DEMO_TOTP_SECRET}"
    )
