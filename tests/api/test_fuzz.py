"""Every operation of docs/api/openapi.yaml, fed generated input in-process (WSGI) as a mentee, a
mentor and a coordinator's token: never a 5xx, and every answer is one the schema documents."""

from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.tokens import token_create
from matching import index
from tests.api.matrix_world import build_world

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_path(Path(settings.BASE_DIR) / "docs" / "api" / "openapi.yaml")
schema.app = get_wsgi_application()
# Examples and generated input, valid and not; the exhaustive coverage phase would take minutes.
schema.config.phases.update(phases=["examples", "fuzzing"])

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Small and repeatable: the whole file runs in about a minute on two cores.
BOUNDED = hypothesis_settings(
    max_examples=5,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def world(coordinator):
    index.forget_index()
    cache.clear()  # the request limits count in the cache
    # As Django's test client does: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield build_world(coordinator)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    index.forget_index()


def _headers(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_create(owner=user, name='fuzz').secret}"}


def _run(case, user) -> None:
    case.call_and_validate(headers=_headers(user), checks=CHECKS)


@schema.parametrize()
@BOUNDED
def test_as_a_mentee(case, world):
    _run(case, world.mentee.user)


@schema.parametrize()
@BOUNDED
def test_as_a_mentor(case, world):
    _run(case, world.mentor.user)


@schema.parametrize()
@BOUNDED
def test_as_a_coordinator(case, world):
    _run(case, world.coordinator)
