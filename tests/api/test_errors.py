"""Every API error is JSON with a message; services' refusals become 400 or 409."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import override_settings
from rest_framework import exceptions
from rest_framework.test import APIClient

from api.exceptions import Conflict, service_errors
from tests.mentoring.factories import onboard_mentee

pytestmark = pytest.mark.django_db


def test_405_is_json():
    api = APIClient()
    api.force_authenticate(onboard_mentee().user)
    response = api.delete("/api/v1/me/")
    assert response.status_code == 405
    assert response.json() == {"message": 'Method "DELETE" not allowed.', "errors": {}}


def test_404_is_json():
    response = APIClient().get("/api/v1/nothing-here/")
    assert response.status_code == 404


def test_401_for_anonymous_is_json():
    response = APIClient().get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "credentials" in response.json()["message"]


def test_service_errors_map_input_to_400_and_state_to_409():
    with pytest.raises(exceptions.ValidationError) as raised, service_errors():
        raise ValidationError({"goals": "Tell us what you want"})
    assert raised.value.detail == {"goals": ["Tell us what you want"]}
    with pytest.raises(Conflict) as conflict, service_errors(conflict=True):
        raise ValidationError("This introduction has already been answered.")
    assert conflict.value.status_code == 409
    assert str(conflict.value.detail) == "This introduction has already been answered."


def _throttled(rates):
    return override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    )


def test_throttles_per_user_and_per_anonymous_client():
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    with _throttled({"anon": "2/minute", "user": "3/minute"}):
        api_settings.reload()
        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        try:
            anon = APIClient()
            # Refusing the anonymous comes before throttling; the schema is open to them.
            codes = [anon.get("/api/v1/schema/").status_code for _ in range(3)]
            assert codes == [200, 200, 429]
            refused = anon.get("/api/v1/taxonomies/")
            assert refused.status_code == 401
            person = APIClient()
            person.force_authenticate(onboard_mentee().user)
            codes = [person.get("/api/v1/taxonomies/").status_code for _ in range(4)]
            assert codes == [200, 200, 200, 429]
        finally:
            cache.clear()
    api_settings.reload()
    SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/", "/api/v1/matches/null/", "/api/v1/nothing/here/"])
def test_an_address_that_names_no_endpoint_is_a_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {"message": "Not found.", "errors": {}}
