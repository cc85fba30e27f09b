"""seed_demo: realistic, deterministic for a seed, idempotent, and the demo sign-ins work."""

from collections import Counter
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.management import call_command

from accounts.models import User
from mentoring.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, seed_demo
from mentoring.models import MenteeProfile, MentorProfile

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Every generated answer, keyed by email, without ids or timestamps."""
    mentees = {
        p.user.email: (
            p.user.full_name,
            p.organisation_name,
            p.legal_form.slug,
            p.sector.slug,
            p.stage.slug,
            p.region.slug,
            p.staff_count,
            p.goals,
            p.wants_face_to_face,
            p.completed_at,
            tuple(sorted(n.slug for n in p.needs.all())),
        )
        for p in MenteeProfile.objects.select_related(
            "user", "legal_form", "sector", "stage", "region"
        ).prefetch_related("needs")
    }
    mentors = {
        p.user.email: (
            p.user.full_name,
            p.headline,
            p.organisation,
            p.region.slug,
            p.remote_ok,
            p.capacity,
            p.is_paused,
            p.bio,
            tuple(sorted(n.slug for n in p.expertise.all())),
            tuple(sorted(s.slug for s in p.sectors.all())),
            tuple(sorted(s.slug for s in p.stages.all())),
        )
        for p in MentorProfile.objects.select_related("user", "region").prefetch_related(
            "expertise", "sectors", "stages"
        )
    }
    return {"mentees": mentees, "mentors": mentors}


def test_second_run_creates_nothing():
    first = seed_demo(mentors=20, mentees=30, seed=7, demo_accounts=True)
    assert first.created["mentees"] == 30
    assert first.created["mentors"] == 20
    counts = (User.objects.count(), MenteeProfile.objects.count(), EmailAddress.objects.count())
    before = snapshot()
    second = seed_demo(mentors=20, mentees=30, seed=7, demo_accounts=True)
    assert second.summary() == "Demo data ready: nothing new to create."
    assert (User.objects.count(), MenteeProfile.objects.count(), EmailAddress.objects.count()) == (
        counts
    )
    assert snapshot() == before


def test_same_seed_same_data_and_growing_keeps_existing_people():
    seed_demo(mentors=15, mentees=25, seed=11, demo_accounts=False)
    first = snapshot()
    MenteeProfile.objects.all().delete()
    MentorProfile.objects.all().delete()
    User.objects.all().delete()
    seed_demo(mentors=15, mentees=25, seed=11, demo_accounts=False)
    assert snapshot() == first
    seed_demo(mentors=20, mentees=30, seed=11, demo_accounts=False)
    grown = snapshot()
    assert {k: grown["mentees"][k] for k in first["mentees"]} == first["mentees"]
    assert len(grown["mentees"]) == 30


def test_another_seed_gives_other_data():
    seed_demo(mentors=0, mentees=20, seed=1, demo_accounts=False)
    first = snapshot()
    MenteeProfile.objects.all().delete()
    User.objects.all().delete()
    seed_demo(mentors=0, mentees=20, seed=2, demo_accounts=False)
    assert snapshot() != first


def test_counts_and_proportions():
    out = StringIO()
    call_command("seed_demo", mentors=300, mentees=500, stdout=out)
    assert MenteeProfile.objects.count() == 500
    assert MentorProfile.objects.count() == 300
    assert MenteeProfile.objects.filter(completed_at__isnull=True).count() == 0
    legal = Counter(MenteeProfile.objects.values_list("legal_form__slug", flat=True))
    assert legal["community-interest-company"] > 250  # over half are CICs
    sectors = Counter(MenteeProfile.objects.values_list("sector__slug", flat=True))
    [(largest, count)] = sectors.most_common(1)
    assert largest == "health-and-social-care"
    assert 0.3 < count / 500 < 0.5
    health = MenteeProfile.objects.filter(sector__slug="health-and-social-care")
    health_cic = health.filter(legal_form__slug="community-interest-company").count()
    assert 0.7 < health_cic / health.count() < 0.92
    stages = Counter(MenteeProfile.objects.values_list("stage__slug", flat=True))
    assert len(stages) == 4
    staff = list(MenteeProfile.objects.values_list("staff_count", flat=True))
    assert min(staff) >= 10
    assert max(staff) <= 1500
    assert max(staff) > 500
    paused = MentorProfile.objects.filter(is_paused=True).count()
    assert 10 < paused < 60  # about one in ten
    capacities = Counter(MentorProfile.objects.values_list("capacity", flat=True))
    assert capacities[1] + capacities[2] + capacities[3] > 0.85 * 300
    assert MentorProfile.objects.filter(remote_ok=True).count() > 0.7 * 300
    assert all(p.needs.exists() for p in MenteeProfile.objects.all()[:50])
    # Without DEBUG or --demo-accounts, no demo sign-ins and no usable demo password.
    assert not User.objects.filter(email__endswith="@demo.test").exists()
    assert not User.objects.get(email="mentee0001@example.org").has_usable_password()
    assert "Demo sign-ins" not in out.getvalue()


def test_demo_accounts_can_sign_in(client):
    out = StringIO()
    call_command("seed_demo", mentors=3, mentees=3, demo_accounts=True, stdout=out)
    text = out.getvalue()
    for email in ["mentee@demo.test", "mentor@demo.test", "coordinator@demo.test"]:
        assert email in text
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()
    assert DEMO_TOTP_SECRET in text
    mentee = MenteeProfile.objects.get(user__email="mentee@demo.test")
    assert mentee.is_complete
    assert mentee.sector.slug == "housing"
    assert MentorProfile.objects.get(user__email="mentor@demo.test").is_complete
    coordinator = User.objects.get(email="coordinator@demo.test")
    assert coordinator.is_coordinator
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()
    response = client.post(
        "/accounts/login/", {"login": "mentee@demo.test", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
