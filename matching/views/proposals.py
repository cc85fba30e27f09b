"""The review page's proposal section: one mentor or a shortlist, and any shortlist offered."""

from django.conf import settings
from django.http import HttpRequest

from matching.forms.review import ProposalForm, ShortlistOfferForm
from mentoring.models import MentoringRequest, Shortlist
from mentoring.selectors.requests import match_reasons
from mentoring.selectors.shortlists import (
    latest_shortlist,
    offered_shortlist,
    shortlist_waiting_words,
)


def proposal_context(
    request: HttpRequest,
    mentoring_request: MentoringRequest,
    *,
    suggestions: list[dict],
    shortlist_form: ShortlistOfferForm | None = None,
) -> dict:
    """What the open request's review page needs to propose mentors, or to show the shortlist
    waiting for the mentee (nothing else can be proposed meanwhile)."""
    shortlist = offered_shortlist(request=mentoring_request)
    if shortlist is not None:
        return {
            "shortlist": shortlist,
            "shortlist_words": shortlist_waiting_words(mentee=str(mentoring_request.mentee)),
            "shortlist_entries": [
                (entry, match_reasons(explanation=entry.explanation))
                for entry in shortlist.entries.all()
            ],
        }
    proposal_form = ProposalForm(request.GET, default=settings.MATCHING_PROPOSAL_DEFAULT)
    proposal = "shortlist" if shortlist_form is not None else proposal_form.chosen()
    last = latest_shortlist(request=mentoring_request)
    return {
        "proposal_form": proposal_form,
        "proposal": proposal,
        "shortlist_form": shortlist_form or ShortlistOfferForm(rows=suggestions),
        "can_shortlist": len(suggestions) >= Shortlist.MIN_MENTORS,
        "last_shortlist": last if last and last.status in _FLAGGED else None,
    }


# Decided shortlists the coordinator should read about before proposing again.
_FLAGGED = (Shortlist.Status.REFUSED, Shortlist.Status.EXPIRED)
