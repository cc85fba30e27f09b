"""Where a signed-in person lands, and the role choice."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from mentoring.forms.account import ROLES, RoleChoiceForm
from mentoring.selectors.profiles import (
    mentee_profile_for_user,
    mentor_profile_for_user,
)
from mentoring.views.flows import onboarding_next_url

# The role someone picked on the start page (`?role=`), kept until they choose on /start/.
SESSION_ROLE = "mentoring_role"


def remember_role(request: HttpRequest) -> None:
    role = request.GET.get("role")
    if role in ROLES and hasattr(request, "session"):
        request.session[SESSION_ROLE] = role


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to the page that matters to them now."""
    remember_role(request)
    user = request.user
    if user.is_coordinator:
        return redirect("mentoring:coordinator")
    resume = onboarding_next_url(user)
    if resume:
        return redirect(resume)
    if mentee_profile_for_user(user=user) is None and mentor_profile_for_user(user=user) is None:
        return redirect("mentoring:choose_role")
    return redirect("mentoring:profile")


@login_required
@require_http_methods(["GET", "POST"])
def choose_role(request: HttpRequest) -> HttpResponse:
    remember_role(request)
    if request.method == "POST":
        form = RoleChoiceForm(request.POST)
        if form.is_valid():
            role = form.cleaned_data["role"]
            request.session[SESSION_ROLE] = role
            return redirect("mentoring:onboarding_start", role=role)
    else:
        form = RoleChoiceForm(initial={"role": request.session.get(SESSION_ROLE)})
    return render(request, "mentoring/choose_role.html", {"form": form})
