"""Small statistics the report selectors share: a median, a share, counts in day bands."""

from dataclasses import dataclass, field
from functools import cached_property

# Day bands of the speed distributions: (label, last day included); the last band is open.
DAY_BANDS = (("0 to 7 days", 7), ("8 to 14 days", 14), ("15 to 28 days", 28), ("29 to 56 days", 56))
OVER = "Over 56 days"


def median(values: list[float]) -> float | None:
    """The middle value (the mean of the middle two for an even count); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return round(ordered[middle], 1)
    return round((ordered[middle - 1] + ordered[middle]) / 2, 1)


def share(part: int, whole: int) -> float | None:
    """part / whole between 0 and 1, or None when there is nothing to divide by."""
    return part / whole if whole else None


@dataclass
class Distribution:
    """How many days something took, for each event of a kind in the period."""

    days: list[float] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.days)

    @property
    def median(self) -> float | None:
        return median(self.days)

    def within(self, limit: int) -> int:
        return sum(1 for day in self.days if day <= limit)

    def share_within(self, limit: int) -> float | None:
        return share(self.within(limit), self.count)

    @cached_property
    def bands(self) -> list[tuple[str, int]]:
        counts, lower = [], -1.0
        for label, upper in DAY_BANDS:
            counts.append((label, sum(1 for day in self.days if lower < day <= upper)))
            lower = upper
        counts.append((OVER, sum(1 for day in self.days if day > lower)))
        return counts
