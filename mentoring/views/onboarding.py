"""Onboarding pages for both roles: one question per page, check answers, confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from mentoring.onboarding_flows import (
    FLOWS,
    MENTEE_FLOW,
    RETURN_CHECK,
    RETURN_PROFILE,
    RETURNS,
    Flow,
)
from mentoring.selectors.requests import live_request_for_mentee
from mentoring.selectors.waits import typical_wait
from mentoring.views.submit import form_page, submitted


def _flow(role: str) -> Flow:
    flow = FLOWS.get(role)
    if flow is None:
        raise Http404("No such onboarding.")
    return flow


@login_required
@require_safe
def onboarding_start(request: HttpRequest, role: str) -> HttpResponse:
    flow = _flow(role)
    profile = flow.profile_for(user=request.user)
    if profile is not None and profile.is_complete:
        return redirect("mentoring:profile")
    return redirect(flow.resume_url(profile))


@login_required
@form_page
def onboarding_step(request: HttpRequest, role: str, step: str) -> HttpResponse:
    flow = _flow(role)
    current = flow.step(step)
    if current is None:
        raise Http404("No such question.")
    profile = flow.profile_for(user=request.user)
    return_to = request.GET.get("return", "")
    if return_to not in RETURNS:
        return_to = ""
    first_open = flow.first_unanswered(profile)
    if first_open is not None and flow.index(current) > flow.index(first_open):
        # Questions are answered in order the first time through.
        return redirect(flow.step_url(first_open))

    answered = flow.is_answered(profile, current)
    form_kwargs = {"instance": profile, "answered": answered}
    form = current.form_class(request.POST if request.method == "POST" else None, **form_kwargs)
    done = submitted(
        request,
        form,
        lambda: flow.update(user=request.user, data=form.cleaned_data, step=current.slug),
        then=lambda saved: _after_save(flow, current, saved, return_to, request),
    )
    if done:
        return done

    heading = getattr(form, "heading_field", None)
    return render(
        request,
        "mentoring/onboarding/step.html",
        {
            "flow": flow,
            "step": current,
            "form": form,
            "title": form.fields[heading].label if heading else current.title,
            "back_url": _back_url(flow, current, profile, return_to),
            "is_last": flow.next_after(current) is None,
        },
    )


def _after_save(flow, step, profile, return_to, request) -> str:
    if return_to == RETURN_CHECK:
        return flow.check_url()
    if return_to == RETURN_PROFILE or profile.is_complete:
        messages.success(request, "Your answer has been saved.")
        return reverse("mentoring:profile")
    following = flow.next_after(step)
    return flow.step_url(following) if following else flow.check_url()


def _back_url(flow, step, profile, return_to) -> str:
    if return_to == RETURN_CHECK:
        return flow.check_url()
    if return_to == RETURN_PROFILE or (profile is not None and profile.is_complete):
        return reverse("mentoring:profile")
    previous = flow.previous(step)
    return flow.step_url(previous) if previous else reverse("mentoring:choose_role")


@login_required
@form_page
def onboarding_check(request: HttpRequest, role: str) -> HttpResponse:
    flow = _flow(role)
    profile = flow.profile_for(user=request.user)
    if profile is None:
        return redirect(flow.resume_url(None))
    if profile.is_complete:
        return redirect("mentoring:profile")
    errors = []
    if request.method == "POST":
        try:
            flow.complete(user=request.user)
        except ValidationError as error:
            errors = _missing_answers(flow, error)
        else:
            return redirect("mentoring:onboarding_done", role=flow.role)
    return render(
        request,
        "mentoring/onboarding/check_answers.html",
        {
            "flow": flow,
            "rows": flow.summary_rows(profile, return_to=RETURN_CHECK),
            "errors": errors,
            "back_url": flow.step_url(flow.steps[-1], RETURN_CHECK),
        },
    )


def _missing_answers(flow: Flow, error: ValidationError) -> list[dict]:
    """Each unanswered question as an error summary item linking to its page."""
    if not hasattr(error, "error_dict"):
        return [{"text": message, "href": ""} for message in error.messages]
    by_field = {name: step for step in flow.steps for name in step.form_class._meta.fields}
    return [
        {"text": message, "href": flow.step_url(by_field[name], RETURN_CHECK)}
        for name, messages_ in error.message_dict.items()
        for message in messages_
    ]


@login_required
@require_safe
def onboarding_done(request: HttpRequest, role: str) -> HttpResponse:
    flow = _flow(role)
    profile = flow.profile_for(user=request.user)
    if profile is None or not profile.is_complete:
        return redirect(flow.resume_url(profile))
    if flow is not MENTEE_FLOW and not profile.agreement_is_current:
        # The last step of a mentor's onboarding: the mentor agreement (mentoring.views.vetting).
        return redirect("mentoring:mentor_agreement")
    context = {"flow": flow, "profile": profile}
    if flow is MENTEE_FLOW:
        context["mentoring_request"] = live_request_for_mentee(mentee=profile)
        context["wait"] = typical_wait()
    return render(request, "mentoring/onboarding/done.html", context)
