"""Passwords are stored with Argon2id; one stored by PBKDF2 before still signs in, and is remade."""

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password, make_password
from django.test import override_settings
from django.urls import reverse

from accounts.hashers import Argon2idPasswordHasher
from accounts.models import User
from config.settings.base import PASSWORD_HASHERS as SERVICE_HASHERS
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@override_settings(PASSWORD_HASHERS=SERVICE_HASHERS)
def test_a_new_password_is_stored_with_argon2id_at_the_recommended_cost():
    encoded = make_password("correct horse battery staple")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("correct horse battery staple", encoded)
    assert not check_password("Correct horse battery staple", encoded)


@override_settings(PASSWORD_HASHERS=SERVICE_HASHERS)
def test_a_password_stored_by_pbkdf2_signs_in_and_is_remade_with_argon2id(client):
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(password=PBKDF2PasswordHasher().encode(PASSWORD, "s4lt"))
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    stored = User.objects.get(pk=user.pk).password
    assert stored.startswith(f"{Argon2idPasswordHasher.algorithm}$argon2id$")
    assert check_password(PASSWORD, stored)
