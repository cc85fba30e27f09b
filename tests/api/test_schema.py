"""The OpenAPI description: checked in, current, and documenting every error an operation has."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.validation import validate_schema

CHECKED_IN = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.yaml"
REGENERATE = "manage.py spectacular --validate --fail-on-warn --file docs/api/openapi.yaml"


def _generated() -> bytes:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    return OpenApiYamlRenderer().render(schema, renderer_context={})


def test_checked_in_schema_is_current():
    assert CHECKED_IN.read_bytes() == _generated(), f"docs/api/openapi.yaml is stale: {REGENERATE}"


def test_every_operation_documents_its_errors():
    schema = yaml.safe_load(_generated())
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "429"} <= codes, (method, path, codes)
            assert codes & {"200", "201", "204"}, (method, path, codes)
            if method in ("patch", "post", "put"):
                assert "400" in codes, (method, path)
            for code in codes - {"200", "201", "204"}:
                ref = operation["responses"][code]["content"]["application/json"]["schema"]
                assert ref == {"$ref": "#/components/schemas/Error"}


@pytest.mark.django_db
def test_docs_page_loads_its_script_from_our_origin(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    body = page.content.decode()
    # Nothing inline, which the content security policy would block.
    assert "<script>" not in body
    assert "<style>" not in body
    assert "/static/drf_spectacular_sidecar/" in body
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert b"SwaggerUIBundle" in script.content
