"""The set-up link a new staff member follows to set up two-step verification (accounts.enrolment).

GET shows a button; POST uses the link up (so mail scanners that fetch links do not), notes in
the session that it came through the link, and goes on to allauth's authenticator set-up page.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.enrolment import setup_link_is_usable, setup_link_redeem
from accounts.second_step import enrolment_record


@login_required
@require_http_methods(["GET", "POST"])
def setup_link(request: HttpRequest, token: str) -> HttpResponse:
    if not setup_link_is_usable(token=token, user=request.user):
        return render(request, "accounts/setup_link_invalid.html", status=404)
    if request.method == "POST":
        try:
            setup_link_redeem(token=token, user=request.user)
        except ValidationError:
            return render(request, "accounts/setup_link_invalid.html", status=404)
        enrolment_record(request.session, user=request.user)
        return redirect("mfa_activate_totp")
    return render(request, "accounts/setup_link.html", {"token": token})
