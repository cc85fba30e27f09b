"""Account pages for personal API tokens: list, create (secret shown once) and revoke.

Each person sees and revokes only their own tokens. A coordinator creates one only from a
sign-in that passed two-step verification (accounts.permissions).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from accounts.permissions import CoordinatorAccess, coordinator_access, two_step_redirect
from api.forms import TokenCreateForm
from api.models import ApiToken
from api.tokens import token_create, token_revoke, tokens_for

ISSUED_SESSION_KEY = "api_token_issued"


@login_required
@require_safe
def token_list(request: HttpRequest) -> HttpResponse:
    return render(request, "api/token_list.html", {"tokens": tokens_for(request.user)})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def token_new(request: HttpRequest) -> HttpResponse:
    if request.user.is_coordinator:
        access = coordinator_access(request)
        if access is not CoordinatorAccess.GRANTED:
            return two_step_redirect(request, access, request.get_full_path())
    form = TokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issued = token_create(owner=request.user, name=form.cleaned_data["name"])
        # Shown once: the confirmation page pops it from the session.
        request.session[ISSUED_SESSION_KEY] = {"id": issued.token.pk, "secret": issued.secret}
        return redirect("api_tokens:created")
    return render(request, "api/token_new.html", {"form": form})


@login_required
@require_safe
def token_created(request: HttpRequest) -> HttpResponse:
    issued = request.session.pop(ISSUED_SESSION_KEY, None)
    if not issued:
        return redirect("api_tokens:list")
    token = ApiToken.objects.filter(owner=request.user, pk=issued["id"]).first()
    if token is None:
        return redirect("api_tokens:list")
    return render(request, "api/token_created.html", {"token": token, "secret": issued["secret"]})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def token_revoke_confirm(request: HttpRequest, token_id: int) -> HttpResponse:
    token = tokens_for(request.user).filter(pk=token_id).first()
    if token is None:
        raise Http404("No such token")
    if request.method == "POST":
        token_revoke(owner=request.user, token_id=token.pk)
        return redirect("api_tokens:list")
    return render(request, "api/token_revoke.html", {"token": token})
