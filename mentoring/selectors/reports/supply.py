"""Supply and demand by need, now: the coordinator's recruiting list."""

from dataclasses import dataclass, field

from django.db.models import Count, F, Sum

from mentoring.models import MentoringRequest, MentorProfile, Need
from mentoring.selectors.reports.figures import Headline, mentors_available


@dataclass
class Supply:
    """Per need: open requests asking for it (`demand`), distinct mentors with a free place who
    offer it (`supply`), and the shortfall of mentors. `total` counts each request and each
    mentor once, however many needs they name, with their free places (`places`)."""

    rows: list[dict] = field(default_factory=list)
    total: dict = field(default_factory=dict)


def supply_and_demand(*, figures: Headline | None = None) -> Supply:
    """Sorted by shortfall, largest first. Three queries, or five without the headline figures
    (open requests, available mentors and their free places are headline figures)."""
    open_requests = MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN)
    request_needs = MentoringRequest.needs.through.objects.filter(
        mentoringrequest__in=open_requests
    )
    demand = dict(request_needs.values_list("need_id").annotate(n=Count("id")).order_by())
    available = mentors_available()
    # A mentor has each need once, so counting expertise rows counts distinct mentors.
    expertise = MentorProfile.expertise.through.objects.filter(mentorprofile__in=available)
    supply = dict(expertise.values_list("need_id").annotate(n=Count("id")).order_by())
    if figures is None:
        figures = Headline(requests_waiting=open_requests.count())
        mentors = available.aggregate(n=Count("id"), places=Sum(F("capacity") - F("load")))
        figures.mentors_spare_capacity = mentors["n"]
        figures.mentor_free_places = mentors["places"] or 0
    rows = []
    for pk, name in Need.objects.order_by("position", "name").values_list("id", "name"):
        wanted = demand.get(pk, 0)
        offered = supply.get(pk, 0)
        if wanted or offered:
            rows.append(
                {
                    "name": name,
                    "demand": wanted,
                    "supply": offered,
                    "places": "",
                    "shortfall": max(wanted - offered, 0),
                }
            )
    rows.sort(key=lambda row: (-row["shortfall"], row["name"]))
    requests, places = figures.requests_waiting, figures.mentor_free_places
    total = {
        "name": "All needs (each request and mentor once)",
        "demand": requests,
        "supply": figures.mentors_spare_capacity,
        "places": places,
        "shortfall": max(requests - places, 0),
    }
    return Supply(rows=rows, total=total)
