"""The values in the dashboard's tables, and their one wording on the page, in the CSV and in
the spreadsheet: a count, a number of days or hours, a share, a rating, or no figure with why."""

from dataclasses import dataclass

NO_DATA = "No data yet"


@dataclass(frozen=True)
class Share:
    """A part of a whole, shown as a whole per cent ("45%")."""

    value: float

    def __str__(self) -> str:
        return f"{round(self.value * 100)}%"


@dataclass(frozen=True)
class Rating:
    """An average rating out of 5, to one decimal place."""

    value: float

    def __str__(self) -> str:
        return f"{self.value:.1f} out of 5"


@dataclass(frozen=True)
class Missing:
    """No figure can be computed (a median of nothing, a share of nothing), and why."""

    reason: str

    def __str__(self) -> str:
        return f"{NO_DATA} ({self.reason})"


def decimal(value: float) -> float | int:
    """Days and hours to one decimal place, a whole number without its ".0"."""
    rounded = round(value, 1)
    return int(rounded) if float(rounded).is_integer() else rounded


def share_or_missing(value: float | None, reason: str) -> "Share | Missing":
    return Missing(reason) if value is None else Share(value)


def cell_text(value) -> str:
    """The words a cell shows: the same on the page and in the CSV."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(decimal(value))
    return str(value)


def cell_number(value) -> float | int | None:
    """The number behind a cell, as a spreadsheet or the API gives it; None for words."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return decimal(value)
    if isinstance(value, Share):
        return round(value.value, 4)
    if isinstance(value, Rating):
        return round(value.value, 1)
    return None
