"""Who the scheme reached in the period: the mutuals being mentored, their staff, by sector
and by region (one grouped query)."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from mentoring.models import Match, MenteeProfile
from mentoring.selectors.reports.breakdowns import NOT_GIVEN, DimensionNames
from mentoring.selectors.reports.periods import Period


@dataclass
class Reach:
    mutuals: int = 0
    staff: int = 0
    by_sector: list[dict] = field(default_factory=list)  # name, mutuals, staff
    by_region: list[dict] = field(default_factory=list)


def reach(*, period: Period, names: DimensionNames) -> Reach:
    """Mutuals helped: mentee organisations with a match the mentor accepted that was under way
    at some time in the period (accepted before it ended, not finished before it began)."""
    under_way = Q(status__in=Match.ACCEPTED_STATUSES)
    if period.end:
        under_way &= Q(responded_at__lt=period.end)
    if period.start:
        under_way &= Q(ended_at__isnull=True) | Q(ended_at__gte=period.start)
    rows = list(
        # IN (one subquery), not EXISTS per mentee: far faster on SQLite.
        MenteeProfile.objects.filter(
            pk__in=Match.objects.filter(under_way).values("request__mentee_id")
        )
        .order_by()
        .values("sector_id", "region_id")
        .annotate(mutuals=Count("id"), staff=Sum("staff_count"))
    )
    result = Reach(
        mutuals=sum(row["mutuals"] for row in rows),
        staff=sum(row["staff"] or 0 for row in rows),
    )
    for key, target in (("sector", result.by_sector), ("region", result.by_region)):
        totals: dict[int | None, list[int]] = {}
        for row in rows:
            bucket = totals.setdefault(row[f"{key}_id"], [0, 0])
            bucket[0] += row["mutuals"]
            bucket[1] += row["staff"] or 0
        for pk, name in [*names[key], (None, NOT_GIVEN)]:
            mutuals, staff = totals.get(pk, (0, 0))
            if pk is None and not mutuals:
                continue
            target.append({"name": name, "mutuals": mutuals, "staff": staff})
    return result
