"""A person's own profile page, mentor availability, and their data: download and delete."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from mentoring.forms.account import AccountDeleteForm
from mentoring.forms.mentor import PauseForm
from mentoring.onboarding_flows import MENTEE_FLOW, MENTOR_FLOW, RETURN_PROFILE
from mentoring.selectors.accounts_data import account_data_export
from mentoring.selectors.profiles import matches_for_user
from mentoring.services.accounts_data import account_delete
from mentoring.services.profiles import mentor_availability_set
from mentoring.views.submit import form_page, submitted


@login_required
@require_safe
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    mentee = MENTEE_FLOW.profile_for(user=user)
    mentor = MENTOR_FLOW.profile_for(user=user)
    context = {
        "mentee": mentee,
        "mentor": mentor,
        "mentee_rows": _rows(MENTEE_FLOW, mentee),
        "mentor_rows": _rows(MENTOR_FLOW, mentor),
        "mentee_resume_url": MENTEE_FLOW.resume_url(mentee),
        "mentor_resume_url": MENTOR_FLOW.resume_url(mentor),
        "matches": matches_for_user(user=user),
    }
    return render(request, "mentoring/profile.html", context)


def _rows(flow, profile) -> list[dict]:
    if profile is None or not profile.is_complete:
        return []
    return flow.summary_rows(profile, return_to=RETURN_PROFILE)


@login_required
@form_page
def mentor_availability(request: HttpRequest) -> HttpResponse:
    """Pause (a page with an optional date to resume) or, from the profile page, resume."""
    mentor = MENTOR_FLOW.profile_for(user=request.user)
    if mentor is None or not mentor.is_complete:
        return redirect("mentoring:profile")
    if request.method == "POST" and request.POST.get("paused") == "false":
        mentor_availability_set(user=request.user, paused=False)
        messages.success(request, "You are available again. We may propose you to mentees.")
        return redirect("mentoring:profile")
    form = PauseForm(
        request.POST if request.method == "POST" else None,
        initial={"until": mentor.paused_until},
    )
    done = submitted(
        request,
        form,
        lambda: mentor_availability_set(
            user=request.user, paused=True, until=form.cleaned_data["until"]
        ),
        then=reverse("mentoring:profile"),
    )
    if done:
        messages.success(request, _paused_message(form.cleaned_data["until"]))
        return done
    return render(request, "mentoring/pause.html", {"form": form, "mentor": mentor})


def _paused_message(until) -> str:
    when = f"until {until:%-d %B %Y}" if until else "until you resume"
    return (
        f"You have paused mentoring {when}. We will not propose you to new mentees until then. "
        "Mentoring you are doing now carries on."
    )


@login_required
@require_safe
def your_data(request: HttpRequest) -> HttpResponse:
    return render(request, "mentoring/data/your_data.html")


@login_required
@require_safe
def data_download(request: HttpRequest) -> HttpResponse:
    data = account_data_export(user=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"mutuals-mentoring-your-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@form_page
def delete_account(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, user=request.user)

    def delete_and_sign_out() -> None:
        account_delete(user=request.user)
        logout(request)

    done = submitted(request, form, delete_and_sign_out, then=reverse("mentoring:account_deleted"))
    if done:
        return done
    return render(request, "mentoring/data/delete.html", {"form": form})


@require_safe
def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "mentoring/data/deleted.html")
