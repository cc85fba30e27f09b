"""Every API error is JSON: ``{"message": "...", "errors": {field: [...]}}``.

Services raise django.core.exceptions.ValidationError. ``service_errors`` turns one into a 400
(the input was wrong) or, for a transition the object's state no longer allows, a 409.
"""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

NON_FIELD = "non_field_errors"

DEFAULT_MESSAGES = {
    400: "There is a problem with the request.",
    401: "Authentication credentials were not provided or are not valid.",
    403: "You do not have permission to do this.",
    404: "Not found.",
    405: "This method is not allowed here.",
    409: "This can no longer be done: it has changed since.",
    429: "Too many requests. Try again later.",
}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = DEFAULT_MESSAGES[409]
    default_code = "conflict"


def _django_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            (NON_FIELD if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in error.message_dict.items()
        }
    return {NON_FIELD: [str(m) for m in error.messages]}


@contextmanager
def service_errors(*, conflict: bool = False):
    """Run a service call; its ValidationError becomes a 409 when ``conflict`` (the state
    changed under the caller), otherwise a 400 with field errors."""
    try:
        yield
    except DjangoValidationError as error:
        if conflict:
            raise Conflict(" ".join(error.messages)) from error
        raise exceptions.ValidationError(_django_errors(error)) from error


def _flatten(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out = {}
        for field, value in detail.items():
            if isinstance(value, dict):
                for sub, messages in _flatten(value).items():
                    out[f"{field}.{sub}"] = messages
            elif isinstance(value, list):
                out[field] = [str(v) for v in value]
            else:
                out[field] = [str(value)]
        return out
    if isinstance(detail, list):
        return {NON_FIELD: [str(v) for v in detail]}
    return {NON_FIELD: [str(detail)]}


def json_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_errors(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    if isinstance(exc, exceptions.ValidationError):
        body = {"message": DEFAULT_MESSAGES[400], "errors": _flatten(exc.detail)}
    else:
        detail = getattr(exc, "detail", None)
        message = str(detail) if isinstance(detail, str) else DEFAULT_MESSAGES.get(code, "Error.")
        body = {"message": message, "errors": {}}
    response.data = body
    return response


@csrf_exempt  # a POST to a wrong address is a 404, not a CSRF refusal
def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any address under the API that names no endpoint: a JSON 404 like the endpoints' own."""
    return JsonResponse({"message": DEFAULT_MESSAGES[404], "errors": {}}, status=404)
