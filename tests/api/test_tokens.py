"""Personal API tokens: stored hashed, shown once, refused when expired, revoked or unsafe."""

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from api.tokens import token_create
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


def _whoami(client, secret):
    from rest_framework.test import APIRequestFactory

    from api.authentication import BearerTokenAuthentication

    request = APIRequestFactory().get("/", **bearer(secret))
    return BearerTokenAuthentication().authenticate(request)


def test_token_is_stored_only_as_its_hash(person):
    issued = token_create(owner=person, name="Script")
    row = ApiToken.objects.get()
    assert issued.secret.startswith(f"mm_{row.prefix}_")
    assert row.secret_hash == hashlib.sha256(issued.secret.encode()).hexdigest()
    stored = " ".join(str(v) for v in ApiToken.objects.values_list().get())
    assert issued.secret not in stored
    assert row.expires_at - row.created_at == timedelta(days=90)


def test_token_authenticates_its_owner_and_notes_last_use(person, client):
    issued = token_create(owner=person, name="Script")
    user, token = _whoami(client, issued.secret)
    assert user == person
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    _whoami(client, issued.secret)
    assert ApiToken.objects.get().last_used_at == first  # written at most once a minute
    ApiToken.objects.update(last_used_at=timezone.now() - timedelta(minutes=2))
    _whoami(client, issued.secret)
    assert ApiToken.objects.get().last_used_at > first


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"revoked_at": timezone.now()}, "revoked"),
        ({"expires_at": timezone.now() - timedelta(seconds=1)}, "expired"),
    ],
)
def test_revoked_and_expired_tokens_get_401_json(person, client, change, message):
    issued = token_create(owner=person, name="Script")
    ApiToken.objects.update(**change)
    response = client.get("/api/v1/taxonomies/", **bearer(issued.secret))
    assert response.status_code == 401
    assert message in response.json()["message"]
    assert response.json()["errors"] == {}


@pytest.mark.parametrize(
    "header",
    ["Bearer nonsense", "Bearer mm_deadbeef_wrong", "Bearer a b", "Bearer mm_\u00e9_x"],
)
def test_wrong_tokens_get_401_json(person, client, header):
    token_create(owner=person, name="Script")
    response = client.get("/api/v1/taxonomies/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"]


def test_guessing_the_secret_for_a_known_prefix_fails(person, client):
    issued = token_create(owner=person, name="Script")
    forged = issued.secret[:-1] + ("A" if issued.secret[-1] != "A" else "B")
    response = client.get("/api/v1/taxonomies/", **bearer(forged))
    assert response.status_code == 401


def test_coordinator_token_stops_when_the_authenticator_is_removed(
    client, coordinator, coordinator_token_without_mfa
):
    response = client.get("/api/v1/taxonomies/", **bearer(coordinator_token_without_mfa))
    assert response.status_code == 401
    assert "two-step verification" in response.json()["message"]


def test_coordinator_token_works_while_the_authenticator_is_there(client, coordinator):
    issued = token_create(owner=coordinator, name="Reports")
    response = client.get("/api/v1/taxonomies/", **bearer(issued.secret))
    assert response.status_code == 200


def test_command_prints_the_token_once(person):
    out, err = StringIO(), StringIO()
    call_command(
        "create_api_token", person.email, "--name", "Ops", "--days", "7", stdout=out, stderr=err
    )
    secret = out.getvalue().strip()
    row = ApiToken.objects.get(owner=person)
    assert row.name == "Ops"
    assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert row.expires_at - row.created_at == timedelta(days=7)
    assert "only this once" in err.getvalue()


def test_command_refuses_unknown_people_and_bad_lengths(person):
    with pytest.raises(CommandError, match="No active account"):
        call_command("create_api_token", "nobody@example.org", "--name", "x")
    with pytest.raises(CommandError, match="between 1 and"):
        call_command("create_api_token", person.email, "--name", "x", "--days", "0")
    assert not ApiToken.objects.exists()


# Account pages


def test_pages_need_sign_in(client):
    response = client.get(reverse("api_tokens:list"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_create_shows_the_secret_once_then_lists_it(client, person):
    client.force_login(person)
    response = client.post(reverse("api_tokens:new"), {"name": "Report script"})
    assert response.status_code == 302
    page = client.get(reverse("api_tokens:created"))
    row = ApiToken.objects.get(owner=person)
    secret = page.context["secret"]
    assert secret.startswith(f"mm_{row.prefix}_")
    assert secret in page.content.decode()
    again = client.get(reverse("api_tokens:created"))
    assert again.status_code == 302
    listing = client.get(reverse("api_tokens:list")).content.decode()
    assert "Report script" in listing
    assert secret not in listing


def test_create_with_no_name_shows_an_error_summary(client, person):
    client.force_login(person)
    response = client.post(reverse("api_tokens:new"), {"name": "  "})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter a name for the token" in body
    too_long = client.post(reverse("api_tokens:new"), {"name": "x" * 101})
    assert "100 characters or fewer" in too_long.content.decode()
    assert 'value="' + "x" * 101 in too_long.content.decode()
    nul = client.post(reverse("api_tokens:new"), {"name": "a\x00b"})
    assert nul.status_code == 200
    assert not ApiToken.objects.exists()


def test_coordinator_needs_a_second_step_session_to_create(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("api_tokens:new"), {"name": "Reports"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert not ApiToken.objects.exists()


def test_coordinator_with_second_step_can_create(coordinator_client):
    response = coordinator_client.post(reverse("api_tokens:new"), {"name": "Reports"})
    assert response.status_code == 302
    assert ApiToken.objects.count() == 1


def test_revoke_asks_then_revokes(client, person):
    issued = token_create(owner=person, name="Old")
    client.force_login(person)
    url = reverse("api_tokens:revoke", args=[issued.token.pk])
    assert "Revoke the API token" in client.get(url).content.decode()
    assert ApiToken.objects.get().revoked_at is None
    assert client.post(url).status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    assert "Old" not in client.get(reverse("api_tokens:list")).content.decode()


def test_nobody_else_can_see_or_revoke_a_token(client, person):
    from tests.accounts.factories import UserFactory

    issued = token_create(owner=person, name="Mine")
    other = UserFactory()
    client.force_login(other)
    url = reverse("api_tokens:revoke", args=[issued.token.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert ApiToken.objects.get().revoked_at is None
    assert "Mine" not in client.get(reverse("api_tokens:list")).content.decode()


def test_list_page_query_count_does_not_grow(client, person, django_assert_max_num_queries):
    for n in range(5):
        token_create(owner=person, name=f"T{n}")
    client.force_login(person)
    with django_assert_max_num_queries(8):
        client.get(reverse("api_tokens:list"))
