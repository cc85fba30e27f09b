"""The coordinator permission for coordinator endpoints, by kind of caller."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView

from api.permissions import IsCoordinator
from api.tokens import token_create
from tests.accounts.conftest import force_login_with_second_step
from tests.api.conftest import bearer
from tests.mentoring.factories import onboard_mentor

pytestmark = pytest.mark.django_db


class CoordinatorOnly(APIView):
    permission_classes = [IsCoordinator]

    def get(self, request):
        return Response({"ok": True})


def _call(client_or_headers):
    view = CoordinatorOnly.as_view()
    return view(APIRequestFactory().get("/x/", **client_or_headers))


def test_coordinator_token_is_allowed(coordinator):
    issued = token_create(owner=coordinator, name="t")
    assert _call(bearer(issued.secret)).status_code == 200


def test_coordinator_token_without_authenticator_is_refused(coordinator_token_without_mfa):
    assert _call(bearer(coordinator_token_without_mfa)).status_code == 401


def test_mentor_token_is_forbidden():
    issued = token_create(owner=onboard_mentor().user, name="t")
    response = _call(bearer(issued.secret))
    assert response.status_code == 403
    assert "coordinators" in response.data["message"]


def _session_request(client, user) -> Request:
    request = APIRequestFactory().get("/x/")
    request.user = user
    request.session = SessionStore(client.session.session_key)
    drf_request = Request(request)
    drf_request.user = user
    drf_request.auth = None  # signed in with the session, as after authentication
    return drf_request


def test_coordinator_session_needs_the_second_step(coordinator):
    plain = APIClient()
    plain.force_login(coordinator)
    checked = force_login_with_second_step(APIClient(), coordinator)
    assert IsCoordinator().has_permission(_session_request(plain, coordinator), None) is False
    assert IsCoordinator().has_permission(_session_request(checked, coordinator), None) is True
