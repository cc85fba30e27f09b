"""Services used by create_coordinator and the demo data."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.exceptions import ValidationError

from accounts.models import COORDINATORS_GROUP, User
from accounts.permissions import user_has_totp
from accounts.services import coordinator_ensure, totp_activate_with_secret, user_create_verified
from tests.accounts.conftest import DEMO_SECRET
from tests.accounts.totp import totp_code

pytestmark = pytest.mark.django_db


class TestUserCreateVerified:
    def test_creates_a_user_who_can_sign_in_with_a_verified_primary_email(self):
        user = user_create_verified(
            email="Mentor@Example.org", password="pw-for-demo-1", full_name="Sam Patel"
        )
        assert user.email == "mentor@example.org"
        assert user.full_name == "Sam Patel"
        assert user.check_password("pw-for-demo-1")
        assert not user.is_staff
        address = EmailAddress.objects.get(user=user)
        assert (address.email, address.verified, address.primary) == (user.email, True, True)

    def test_is_idempotent_and_keeps_the_existing_password(self):
        first = user_create_verified(email="a@example.org", password="one-pass-1", full_name="A")
        again = user_create_verified(email="A@example.org", password="two-pass-2", full_name="B")
        assert again.pk == first.pk
        assert User.objects.count() == 1
        assert EmailAddress.objects.count() == 1
        again.refresh_from_db()
        assert again.check_password("one-pass-1")
        assert again.full_name == "A"

    def test_verifies_an_existing_unverified_address(self, client):
        from tests.accounts.factories import UserFactory

        user = UserFactory(verified=False)
        EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
        user_create_verified(email=user.email, password=None, full_name="")
        assert EmailAddress.objects.get(user=user).verified

    def test_staff_flag_promotes_but_never_demotes(self):
        user = user_create_verified(email="s@example.org", password=None, full_name="S")
        assert not user.has_usable_password()
        assert user_create_verified(
            email="s@example.org", password=None, full_name="S", is_staff=True
        ).is_staff
        assert User.objects.get(pk=user.pk).is_staff
        user_create_verified(email="s@example.org", password=None, full_name="S")
        assert User.objects.get(pk=user.pk).is_staff


def test_coordinator_ensure_adds_to_the_group_once_and_makes_staff():
    user = user_create_verified(email="c@example.org", password=None, full_name="C")
    coordinator_ensure(user=user)
    coordinator_ensure(user=user)
    user.refresh_from_db()
    assert list(user.groups.values_list("name", flat=True)) == [COORDINATORS_GROUP]
    assert user.is_staff
    assert user.is_coordinator
    assert not user_has_totp(user)


class TestTotpActivateWithSecret:
    def test_codes_from_the_secret_are_accepted_by_allauth(self):
        user = user_create_verified(email="t@example.org", password=None, full_name="T")
        totp_activate_with_secret(user=user, secret_base32=DEMO_SECRET.lower())
        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        # Stored encrypted the way allauth stores it, not as plain text.
        assert isinstance(authenticator.wrap(), TOTP)
        assert authenticator.wrap().validate_code(totp_code(DEMO_SECRET))
        assert not authenticator.wrap().validate_code(
            "000000" if totp_code(DEMO_SECRET) != "000000" else "111111"
        )
        recovery = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
        assert len(recovery.wrap().get_unused_codes()) == 10

    def test_is_idempotent_and_replaces_a_different_secret(self):
        user = user_create_verified(email="t@example.org", password=None, full_name="T")
        totp_activate_with_secret(user=user, secret_base32=DEMO_SECRET)
        first = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        totp_activate_with_secret(user=user, secret_base32=DEMO_SECRET)
        assert Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).pk == first.pk
        other = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"
        totp_activate_with_secret(user=user, secret_base32=other)
        replaced = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        assert replaced.pk != first.pk
        assert replaced.wrap().validate_code(totp_code(other))
        assert Authenticator.objects.filter(user=user).count() == 2

    def test_gives_the_account_an_authenticator_and_signs_its_sessions_out(self):
        user = user_create_verified(email="c@example.org", password=None, full_name="C")
        coordinator_ensure(user=user)
        hash_before = user.get_session_auth_hash()
        totp_activate_with_secret(user=user, secret_base32=DEMO_SECRET)
        assert user_has_totp(user)
        # Sessions signed in before the authenticator existed must sign in again, with it.
        assert User.objects.get(pk=user.pk).get_session_auth_hash() != hash_before
        # The same secret again changes nothing, so demo sessions survive a second seed_demo.
        hash_after = User.objects.get(pk=user.pk).get_session_auth_hash()
        totp_activate_with_secret(user=user, secret_base32=DEMO_SECRET)
        assert User.objects.get(pk=user.pk).get_session_auth_hash() == hash_after

    @pytest.mark.parametrize("secret", ["", "not base32!", "0189"])
    def test_rejects_a_secret_that_is_not_base32(self, secret):
        user = user_create_verified(email="t@example.org", password=None, full_name="T")
        with pytest.raises(ValidationError):
            totp_activate_with_secret(user=user, secret_base32=secret)
        assert not Authenticator.objects.filter(user=user).exists()
