"""Where a signed-in person lands, and the role choice."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from mentoring.forms.account import RoleChoiceForm
from mentoring.onboarding_flows import onboarding_next_url
from mentoring.roles import SESSION_ROLE, remember_role
from mentoring.selectors.profiles import (
    mentee_profile_for_user,
    mentor_profile_for_user,
)
from mentoring.selectors.progress import mentee_dashboard, mentor_dashboard
from mentoring.views.submit import form_page


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Coordinators go to their dashboard, people mid-onboarding carry on; others see theirs."""
    remember_role(request)
    user = request.user
    if user.is_coordinator:
        return redirect("mentoring:coordinator")
    mentee = mentee_profile_for_user(user=user)
    mentor = mentor_profile_for_user(user=user)
    resume = onboarding_next_url(mentee=mentee, mentor=mentor)
    if resume:
        return redirect(resume)
    if mentee is None and mentor is None:
        return redirect("mentoring:choose_role")
    mentee = mentee if mentee is not None and mentee.is_complete else None
    mentor = mentor if mentor is not None and mentor.is_complete else None
    if mentee is None and mentor is None:
        return redirect("mentoring:profile")
    if mentor is not None and not mentor.agreement_is_current:
        # A new version of the mentor agreement is accepted before anything else mentor-side.
        return redirect("mentoring:mentor_agreement")
    return render(
        request,
        "mentoring/home/dashboard.html",
        {
            "mentee_board": mentee_dashboard(mentee=mentee) if mentee else None,
            "mentor_board": mentor_dashboard(mentor=mentor) if mentor else None,
            "mentor": mentor,
        },
    )


@login_required
@form_page
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
