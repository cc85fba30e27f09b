"""Factories for profiles, and helpers that onboard people through the real services."""

import factory
from django.utils import timezone

from mentoring.models import (
    LegalForm,
    MenteeProfile,
    MentorProfile,
    Need,
    Region,
    Sector,
    SessionLog,
    Stage,
)
from mentoring.models.profiles import MENTOR_AGREEMENT_VERSION
from mentoring.services.profiles import (
    mentee_profile_complete,
    mentee_profile_update,
    mentor_profile_complete,
    mentor_profile_update,
)
from mentoring.services.vetting import mentor_agreement_accept
from tests.accounts.factories import UserFactory


def taxonomy(model, slug):
    return model.objects.get(slug=slug)


class MenteeProfileFactory(factory.django.DjangoModelFactory):
    """A finished mentee profile; `needs` takes a list of Need slugs."""

    class Meta:
        model = MenteeProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    organisation_name = factory.Sequence(lambda n: f"Riverside Community Health {n} CIC")
    legal_form = factory.LazyFunction(lambda: taxonomy(LegalForm, "community-interest-company"))
    sector = factory.LazyFunction(lambda: taxonomy(Sector, "health-and-social-care"))
    stage = factory.LazyFunction(lambda: taxonomy(Stage, "preparing-to-spin-out"))
    region = factory.LazyFunction(lambda: taxonomy(Region, "north-west"))
    staff_count = 120
    goals = "Help writing the business plan and getting the board ready."
    wants_face_to_face = False
    consent_to_share = True
    completed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def needs(self, create, extracted, **kwargs):
        if create:
            slugs = extracted or ["business-planning", "tupe-and-hr"]
            self.needs.set(Need.objects.filter(slug__in=slugs))


class MentorProfileFactory(factory.django.DjangoModelFactory):
    """A finished mentor profile with one expertise area, sector and stage unless told."""

    class Meta:
        model = MentorProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    headline = "Former director of a community health trust that spun out"
    roles = "Director of community services, NHS trust\nChair, social enterprise network"
    organisation = factory.Sequence(lambda n: f"Hartwell Advisory {n} Ltd")
    region = factory.LazyFunction(lambda: taxonomy(Region, "north-west"))
    remote_ok = True
    capacity = 2
    bio = "I led a spin-out of 400 staff and have mentored several new mutuals."
    completed_at = factory.LazyFunction(timezone.now)
    # Vetted, with the agreement in force accepted; `MentorProfileFactory(awaiting=True)` makes
    # a mentor a coordinator has still to approve.
    approval = MentorProfile.Approval.APPROVED
    agreement_version = MENTOR_AGREEMENT_VERSION
    agreement_accepted_at = factory.LazyFunction(timezone.now)

    class Params:
        awaiting = factory.Trait(approval=MentorProfile.Approval.AWAITING)

    @factory.post_generation
    def expertise(self, create, extracted, **kwargs):
        if create:
            self.expertise.set(Need.objects.filter(slug__in=extracted or ["business-planning"]))

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create:
            slugs = extracted or ["health-and-social-care"]
            self.sectors.set(Sector.objects.filter(slug__in=slugs))

    @factory.post_generation
    def stages(self, create, extracted, **kwargs):
        if create:
            slugs = extracted or ["preparing-to-spin-out"]
            self.stages.set(Stage.objects.filter(slug__in=slugs))


def mentee_answers(**overrides) -> dict:
    answers = {
        "organisation_name": "Northfield Community Health CIC",
        "legal_form": taxonomy(LegalForm, "community-interest-company"),
        "sector": taxonomy(Sector, "health-and-social-care"),
        "stage": taxonomy(Stage, "preparing-to-spin-out"),
        "region": taxonomy(Region, "yorkshire-and-the-humber"),
        "staff_count": 240,
        "needs": list(Need.objects.filter(slug__in=["business-planning", "tupe-and-hr"])),
        "goals": "We need help with our business plan before the board signs off the spin-out.",
        "wants_face_to_face": True,
        "consent_to_share": True,
    }
    answers.update(overrides)
    return answers


def mentor_answers(**overrides) -> dict:
    answers = {
        "headline": "HR director who ran three TUPE transfers",
        "roles": "HR director, county council\nTrustee, housing association",
        "organisation": "Brightwater Consulting",
        "expertise": list(
            Need.objects.filter(slug__in=["tupe-and-hr", "pensions-fair-deal-nhs-pension"])
        ),
        "sectors": list(Sector.objects.filter(slug__in=["health-and-social-care", "housing"])),
        "stages": list(Stage.objects.filter(slug="preparing-to-spin-out")),
        "region": taxonomy(Region, "london"),
        "remote_ok": True,
        "capacity": 2,
        "bio": "I have moved more than 2,000 staff across under TUPE and love helping new teams.",
    }
    answers.update(overrides)
    return answers


def onboard_mentee(user=None, **overrides) -> MenteeProfile:
    """A mentee who answered every question and confirmed, through the services."""
    user = user or UserFactory()
    mentee_profile_update(user=user, data=mentee_answers(**overrides))
    return mentee_profile_complete(user=user)


def onboard_mentor(user=None, *, approved: bool = True, **overrides) -> MentorProfile:
    """A mentor who answered every question and accepted the agreement, through the services.

    Approved unless `approved=False`, as if vetted before the scheme recorded it (as the data
    migration treats mentors already there): no coordinator, audit row or email is made. Tests
    of vetting itself call `mentoring.services.vetting` instead.
    """
    user = user or UserFactory()
    mentor_profile_update(user=user, data=mentor_answers(**overrides))
    mentor = mentor_profile_complete(user=user)
    mentor = mentor_agreement_accept(user=user)
    if approved:
        MentorProfile.objects.filter(pk=mentor.pk).update(approval=MentorProfile.Approval.APPROVED)
        mentor.refresh_from_db()
    return mentor


def open_request(mentee=None, needs=("tupe-and-hr",), goals="Help with the TUPE transfer."):
    """A request waiting for a mentor, made through the service as the mentee would."""
    from mentoring.services.matches import request_create

    mentee = mentee or MenteeProfileFactory()
    return request_create(
        mentee=mentee, needs=Need.objects.filter(slug__in=needs), goals=goals, actor=mentee.user
    )


def approved_match(request=None, mentor=None, coordinator=None, **kwargs):
    """A coordinator has approved the pair; the mentor has not answered yet."""
    from mentoring.services.matches import match_approve
    from tests.accounts.factories import CoordinatorFactory

    return match_approve(
        request=request or open_request(),
        mentor=mentor or MentorProfileFactory(),
        coordinator=coordinator or CoordinatorFactory(),
        **kwargs,
    )


def accepted_match(**kwargs):
    """The mentor accepted: the pair has each other's contact details."""
    from mentoring.services.matches import match_accept

    match = approved_match(**kwargs)
    return match_accept(match=match, actor=match.mentor.user)


SESSION_NOTES = "We talked about the pension admission agreement in confidence."


def logged_session(match, actor=None, **fields):
    """A session logged today through the service, by the mentee unless `actor` says."""
    from mentoring.services.progress import session_log_create

    values = {
        "match": match,
        "actor": actor or match.request.mentee.user,
        "date": timezone.localdate(),
        "duration_minutes": 60,
        "format": SessionLog.Format.VIDEO,
        "topics": Need.objects.filter(slug="tupe-and-hr"),
        "notes": SESSION_NOTES,
    }
    values.update(fields)
    return session_log_create(**values)
