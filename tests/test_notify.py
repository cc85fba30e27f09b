"""GOV.UK Notify sends our emails when a key is set: our templates' subject and text become one
Notify template's personalisation. Notify itself is replaced at the network edge only (the HTTP
transport of the requests library), so GDS's client and our backend run for real."""

import datetime
import json
import logging
import os
import uuid

import jwt
import pytest
import requests
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentoring.models import OutgoingEmail
from mentoring.services.emails import emails_retry
from mentoring.services.scheduling import scheduled_session_create
from tests.accounts.factories import PASSWORD
from tests.fresh_process import python_in_fresh_process
from tests.mentoring.factories import accepted_match, approved_match

SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
TEMPLATE_ID = str(uuid.uuid4())


class FakeNotify:
    """Answers the client's HTTP requests as Notify would, and remembers what was posted."""

    def __init__(self) -> None:
        self.posted: list[dict] = []
        self.tokens: list[str] = []
        self.status = 201

    def send(self, adapter, request, **kwargs) -> requests.Response:
        response = requests.Response()
        response.request = request
        response.url = request.url
        response.status_code = self.status
        response.headers["Content-Type"] = "application/json"
        if self.status == 201:
            self.posted.append({"url": request.url, **json.loads(request.body)})
            self.tokens.append(request.headers["Authorization"].removeprefix("Bearer "))
            body = {"id": str(uuid.uuid4()), "content": {}, "template": {"id": TEMPLATE_ID}}
        else:
            body = {"status_code": self.status, "errors": [{"error": "Exception"}]}
        response._content = json.dumps(body).encode()
        return response


@pytest.fixture
def notify(settings, monkeypatch):
    settings.EMAIL_BACKEND = "config.notify.NotifyEmailBackend"
    settings.NOTIFY_API_KEY = f"mentoring_test-{SERVICE_ID}-{SECRET}"
    settings.NOTIFY_EMAIL_TEMPLATE_ID = TEMPLATE_ID
    fake = FakeNotify()
    monkeypatch.setattr(
        requests.adapters.HTTPAdapter,
        "send",
        lambda adapter, request, **kw: fake.send(adapter, request, **kw),
    )
    return fake


@pytest.mark.django_db
def test_an_email_about_a_match_goes_through_notify_in_our_words(
    notify, taxonomies, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        match = approved_match()
    assert mail.outbox == []  # nothing through Django's own backend
    invitation = OutgoingEmail.objects.get(match=match, template="mentor_invitation")
    assert invitation.status == OutgoingEmail.Status.SENT
    sent = {posted["email_address"]: posted for posted in notify.posted}
    to_mentor = sent[match.mentor.user.email]
    assert to_mentor["url"] == "https://api.notifications.service.gov.uk/v2/notifications/email"
    assert to_mentor["template_id"] == TEMPLATE_ID
    assert to_mentor["personalisation"]["subject"] == f"Mutuals Mentoring: {invitation.subject}"
    assert to_mentor["personalisation"]["body"].startswith(
        f"Hello {match.mentor.user.get_short_name()},"
    )
    # Signed with the key's secret, for the key's service, as Notify checks.
    claims = jwt.decode(notify.tokens[0], SECRET, algorithms=["HS256"])
    assert claims["iss"] == SERVICE_ID


@pytest.mark.django_db
def test_when_notify_fails_the_outbox_keeps_the_email_and_sends_it_later(
    notify, taxonomies, django_capture_on_commit_callbacks, caplog
):
    notify.status = 500
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        match = approved_match()
    invitation = OutgoingEmail.objects.get(match=match, template="mentor_invitation")
    assert invitation.status == OutgoingEmail.Status.FAILED
    assert invitation.attempts == 1
    assert "NotifyRefused" in invitation.last_error
    assert notify.posted == []

    notify.status = 201
    assert emails_retry() == 2  # the invitation and the mentee's "we asked a mentor"
    invitation.refresh_from_db()
    assert invitation.status == OutgoingEmail.Status.SENT
    assert invitation.attempts == 2
    assert match.mentor.user.email in {posted["email_address"] for posted in notify.posted}


def _sign_up(client):
    return client.post(
        reverse("account_signup"),
        {
            "full_name": "Ada Lovelace",
            "email": "ada@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


@pytest.mark.django_db
def test_account_emails_go_through_notify_too(notify, client, settings):
    settings.SITE_URL = "https://mentoring.example.gov.uk"
    response = _sign_up(client)
    assert response.status_code == 302
    [posted] = notify.posted
    assert posted["email_address"] == "ada@example.org"
    assert posted["personalisation"]["subject"] == "Mutuals Mentoring: Confirm your email address"
    body = posted["personalisation"]["body"]
    assert body.startswith("Hello Ada,")
    assert "https://mentoring.example.gov.uk/accounts/confirm-email/" in body


@pytest.mark.django_db
def test_notify_down_at_sign_up_is_logged_not_a_server_error(notify, client, caplog):
    notify.status = 503
    with caplog.at_level(logging.ERROR, logger="accounts.adapter"):
        response = _sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "could not be sent" in caplog.text
    assert notify.posted == []


_PRINT_BACKEND = "from django.conf import settings; print(settings.EMAIL_BACKEND)"


def _backend(**overrides: str) -> str:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "NOTIFY_")) and k != "EMAIL_BACKEND"
    }
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", **overrides})
    result = python_in_fresh_process(["manage.py", "shell", "-c", _PRINT_BACKEND], env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_notify_key_chooses_notify_and_without_it_the_email_backend_setting_rules():
    assert _backend(NOTIFY_API_KEY=f"k-{SERVICE_ID}-{SECRET}") == "config.notify.NotifyEmailBackend"
    assert _backend() == "django.core.mail.backends.console.EmailBackend"
    smtp = "django.core.mail.backends.smtp.EmailBackend"
    assert _backend(EMAIL_BACKEND=smtp) == smtp


@pytest.mark.django_db
def test_a_calendar_invitation_through_notify_carries_the_link_to_its_file(
    notify, taxonomies, django_capture_on_commit_callbacks
):
    """Notify takes no attachment through our one template: the text links to the .ics."""
    match = accepted_match()
    notify.posted.clear()
    with django_capture_on_commit_callbacks(execute=True):
        scheduled = scheduled_session_create(
            match=match,
            actor=match.mentor.user,
            starts_at=timezone.now() + datetime.timedelta(days=3),
            duration_minutes=60,
            format="phone",
        )
    invitations = OutgoingEmail.objects.filter(match=match, template="scheduled_session")
    assert {email.status for email in invitations} == {OutgoingEmail.Status.SENT}
    link = reverse("mentoring:scheduled_calendar", args=[scheduled.pk])
    bodies = {p["email_address"]: p["personalisation"]["body"] for p in notify.posted}
    assert set(bodies) == {match.mentor.user.email, match.request.mentee.user.email}
    assert all(link in body for body in bodies.values())
