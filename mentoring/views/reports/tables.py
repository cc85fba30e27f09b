"""A dashboard table ("section"): the one shape the page, the CSV and the spreadsheet share."""

import datetime
from dataclasses import dataclass, field

from mentoring.selectors.reports.figures import Headline
from mentoring.selectors.reports.periods import Period

NOW = "Now"


@dataclass
class Section:
    slug: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""
    now: bool = False  # every figure describes today, whatever the period
    chart_rows: list[list] | None = None  # the rows a chart draws, when not all of them

    @property
    def charted(self) -> list[list]:
        return self.rows if self.chart_rows is None else self.chart_rows


@dataclass
class Report:
    period: Period
    produced: datetime.datetime
    sections: dict[str, Section]
    figures: Headline


def figure_rows(rows: list[tuple[str, object, bool]], period: Period) -> list[list]:
    """(figure, value, is about now) as Figure, Value, Covers rows."""
    return [[label, value, NOW if now else period.label] for label, value, now in rows]
