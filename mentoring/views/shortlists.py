"""A mentee chooses a mentor from their shortlist, or asks for other mentors with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from mentoring import thresholds
from mentoring.forms.shortlists import ShortlistChooseForm, ShortlistRefuseForm
from mentoring.models import MentoringRequest, Shortlist
from mentoring.selectors.people import person_display_name
from mentoring.selectors.requests import match_reasons, request_for_mentee
from mentoring.selectors.shortlists import offered_shortlist, shortlist_entry
from mentoring.services.shortlists import shortlist_pick, shortlist_refuse
from mentoring.views.submit import form_page, submitted

NOTHING_TO_CHOOSE = "There is no shortlist waiting for you to choose from."


def _own_request(request: HttpRequest, pk: int) -> MentoringRequest:
    """The mentee's own request; 404 for anyone else (another mentee, a mentor)."""
    mentoring_request = request_for_mentee(user=request.user, pk=pk)
    if mentoring_request is None:
        raise Http404("No mentoring request here for you.")
    return mentoring_request


def _back_to_request(request: HttpRequest, mentoring_request: MentoringRequest) -> HttpResponse:
    """No shortlist waiting (decided already, perhaps in another tab): say so on the request."""
    messages.info(request, NOTHING_TO_CHOOSE)
    return redirect("mentoring:request_detail", pk=mentoring_request.pk)


def _request_url(mentoring_request: MentoringRequest) -> str:
    return reverse("mentoring:request_detail", args=[mentoring_request.pk])


@login_required
@require_safe
def shortlist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mentoring_request = _own_request(request, pk)
    shortlist = offered_shortlist(request=mentoring_request)
    if shortlist is None:
        return _back_to_request(request, mentoring_request)
    entries = [
        (entry, match_reasons(explanation=entry.explanation)) for entry in shortlist.entries.all()
    ]
    return render(
        request,
        "mentoring/shortlists/detail.html",
        {
            "mentoring_request": mentoring_request,
            "shortlist": shortlist,
            "entries": entries,
            "choose_by": shortlist.offered_at + thresholds.shortlist_expiry_after(),
        },
    )


@login_required
@form_page
def shortlist_choose(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    """Confirm the mentor chosen; a second press finds the choice made and says so."""
    mentoring_request = _own_request(request, pk)
    shortlist = offered_shortlist(request=mentoring_request)
    if shortlist is None:
        return _back_to_request(request, mentoring_request)
    entry = shortlist_entry(shortlist=shortlist, pk=entry_pk)
    if entry is None:
        raise Http404("That mentor is not on your shortlist.")
    name = person_display_name(entry.mentor.user)
    form = ShortlistChooseForm(request.POST if request.method == "POST" else None)
    done = submitted(
        request,
        form,
        lambda: shortlist_pick(shortlist=shortlist, mentor=entry.mentor, actor=request.user),
        then=_request_url(mentoring_request),
        success=f"You chose {name}. We have asked them to accept the introduction.",
    )
    if done:
        return done
    return render(
        request,
        "mentoring/shortlists/choose.html",
        {"mentoring_request": mentoring_request, "entry": entry, "name": name, "form": form},
    )


@login_required
@form_page
def shortlist_others(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for other mentors, saying why; every place the shortlist held is freed."""
    mentoring_request = _own_request(request, pk)
    shortlist: Shortlist | None = offered_shortlist(request=mentoring_request)
    if shortlist is None:
        return _back_to_request(request, mentoring_request)
    form = ShortlistRefuseForm(request.POST if request.method == "POST" else None)
    done = submitted(
        request,
        form,
        lambda: shortlist_refuse(
            shortlist=shortlist, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        then=_request_url(mentoring_request),
        success="We have told the scheme team. They will look for other mentors for you.",
    )
    if done:
        return done
    return render(
        request,
        "mentoring/shortlists/others.html",
        {"mentoring_request": mentoring_request, "shortlist": shortlist, "form": form},
    )
