"""Vetting pages: the coordinator's queue, reviewing and deciding on a mentor, and the mentor
agreement a mentor accepts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from accounts.permissions import coordinator_required
from mentoring.forms.vetting import AgreementForm, ApproveForm, ChangesForm, DeclineForm
from mentoring.models.profiles import MENTOR_AGREEMENT_VERSION
from mentoring.onboarding_flows import MENTOR_FLOW
from mentoring.pagination import paginate
from mentoring.selectors.profiles import mentor_profile_for_user
from mentoring.selectors.vetting import (
    mentor_for_review,
    mentors_awaiting_approval,
    vetting_history,
)
from mentoring.services.vetting import (
    mentor_agreement_accept,
    mentor_approve,
    mentor_changes_request,
    mentor_decline,
)
from mentoring.views.submit import form_page, submitted

PER_PAGE = 25

# decision slug -> (form, service, the service's keyword for the form's text, page title, button,
# banner). The slug is in the URL; anything else is a 404.
DECISIONS = {
    "approve": (
        ApproveForm,
        mentor_approve,
        "",
        "Approve {name} as a mentor?",
        "Yes, approve",
        "{name} is approved: they can now be suggested to mentees.",
    ),
    "changes": (
        ChangesForm,
        mentor_changes_request,
        "message",
        "Ask {name} for changes",
        "Send the request for changes",
        "We have asked {name} for changes.",
    ),
    "decline": (
        DeclineForm,
        mentor_decline,
        "reason",
        "Decline {name} as a mentor?",
        "Yes, decline",
        "{name} has been declined.",
    ),
}


def _mentor_or_404(pk: int):
    mentor = mentor_for_review(pk=pk)
    if mentor is None:
        raise Http404("No such mentor.")
    return mentor


@coordinator_required
@require_safe
def vetting_queue(request: HttpRequest) -> HttpResponse:
    page, pagination = paginate(request, mentors_awaiting_approval(), PER_PAGE)
    return render(
        request,
        "mentoring/vetting/queue.html",
        {"page": page, "mentors": page.object_list, "pagination": pagination},
    )


@coordinator_required
@require_safe
def vetting_review(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = _mentor_or_404(pk)
    return render(
        request,
        "mentoring/vetting/review.html",
        {
            "mentor": mentor,
            "history": vetting_history(mentor=mentor),
            "agreement_version": MENTOR_AGREEMENT_VERSION,
            "decidable": mentor.approval
            in (mentor.Approval.AWAITING, mentor.Approval.CHANGES_REQUESTED),
        },
    )


@coordinator_required
@form_page
def vetting_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    if decision not in DECISIONS:
        raise Http404("No such decision.")
    form_class, service, text_field, title, button, banner = DECISIONS[decision]
    mentor = _mentor_or_404(pk)
    name = mentor.user.display_name
    form = form_class(request.POST if request.method == "POST" else None)

    def decide():
        text = {text_field: form.cleaned_data[text_field]} if text_field else {}
        return service(mentor=mentor, coordinator=request.user, **text)

    done = submitted(
        request,
        form,
        decide,
        then=reverse("mentoring:vetting_queue"),
        success=banner.format(name=name),
    )
    if done:
        return done
    return render(
        request,
        "mentoring/vetting/decide.html",
        {
            "mentor": mentor,
            "form": form,
            "field": form[text_field] if text_field else None,
            "decision": decision,
            "title": title.format(name=name),
            "button": button,
        },
    )


@login_required
@form_page
def mentor_agreement(request: HttpRequest) -> HttpResponse:
    """The mentor agreement: read it, accept it, carry on where the mentor was going."""
    mentor = mentor_profile_for_user(user=request.user)
    if mentor is None:
        return redirect("mentoring:onboarding_start", role=MENTOR_FLOW.role)
    form = AgreementForm(request.POST if request.method == "POST" else None)
    done = submitted(
        request,
        form,
        lambda: mentor_agreement_accept(user=request.user),
        then=lambda saved: _after_agreement(saved),
    )
    if done:
        if mentor.is_complete and mentor.agreement_version:
            messages.success(request, "Thank you for accepting the updated mentor agreement.")
        return done
    return render(
        request,
        "mentoring/vetting/agreement.html",
        {
            "mentor": mentor,
            "form": form,
            "agreement_version": MENTOR_AGREEMENT_VERSION,
            # Accepted already: on to the rest of onboarding, or home.
            "continue_url": (
                reverse("mentoring:home") if mentor.is_complete else _after_agreement(mentor)
            ),
        },
    )


def _after_agreement(mentor) -> str:
    """Onwards: the rest of onboarding, its confirmation, or the mentor's home."""
    if not mentor.is_complete:
        return MENTOR_FLOW.resume_url(mentor)
    if mentor.approval_decided_at is None and mentor.approval == mentor.Approval.AWAITING:
        return reverse("mentoring:onboarding_done", args=[MENTOR_FLOW.role])
    return reverse("mentoring:home")
