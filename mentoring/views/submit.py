"""The one way a form page hands valid input to a service.

On a valid POST, `submitted` runs the action. If the service refuses (ValidationError), its
message joins the form's error summary and the page is shown again with the input kept;
otherwise a success banner is queued and the response redirects. Views stay: check access,
build the form, call `submitted`, render.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods


def submitted(
    request: HttpRequest,
    form: Form,
    action: Callable[[], object],
    *,
    then: str | Callable[[object], str],
    success: str = "",
) -> HttpResponse | None:
    """The redirect after a successful action; None when the page should be (re)displayed.

    `then` is a URL, or a function of what the action returned (e.g. the new record's page).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action()
    except ValidationError as error:
        form.add_error(None, error)
        return None
    if success:
        messages.success(request, success)
    return redirect(then(result) if callable(then) else then)


# A form page answers GET (and HEAD, as every page does) to show the form and POST to send it.
form_page = require_http_methods(["GET", "HEAD", "POST"])
