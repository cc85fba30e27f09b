"""The one GOV.UK date input: a day, month and year box for every date a person types.

`DateInputField` turns the three boxes into a `datetime.date` or a GOV.UK error message that
names the field and the part ("Start date must include a month"); the years allowed are those of
`mentoring.date_range`, and a field may also have an earliest and a latest date. Its bound field
tells the shared template (templates/components/date_input.html) what each box holds and which
boxes to mark as wrong.
"""

import datetime
import re
from collections.abc import Callable

from django import forms
from django.forms.boundfield import BoundField
from django.utils import timezone

from mentoring.date_range import FIRST_YEAR, last_year

# (name, label, width in characters) of each box, in the order people type them in the UK.
PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))
PART_NAMES = tuple(name for name, _, _ in PARTS)

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# GOV.UK asks services to accept a month typed as a name or its first three letters.
MONTH_NUMBERS = {
    **{name: number for number, name in enumerate(MONTHS, start=1)},
    **{name[:3]: number for number, name in enumerate(MONTHS, start=1)},
    "sept": 9,
}

# ASCII digits only: str.isdigit() and int() also accept other scripts' digits ("１２", "٣").
ONE_OR_TWO_DIGITS = re.compile(r"[0-9]{1,2}")
FOUR_DIGITS = re.compile(r"[0-9]{4}")

DateLimit = datetime.date | Callable[[], datetime.date] | None


def _long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


class DateInputWidget(forms.MultiWidget):
    """Three text boxes named `<field>_day`, `<field>_month` and `<field>_year`."""

    def __init__(self, attrs=None):
        boxes = {name: forms.TextInput(attrs={"inputmode": "numeric"}) for name in PART_NAMES}
        super().__init__(boxes, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]


class DateInputBoundField(BoundField):
    """What the shared template needs: each box's name, id, label, width, value and error."""

    @property
    def error_parts(self) -> set[str]:
        """The boxes to mark: those an error names, or all three for an error about the date."""
        parts: set[str] = set()
        for error in self.errors.as_data():
            params = error.params if isinstance(error.params, dict) else {}
            parts.update(params.get("parts") or PART_NAMES)
        return parts

    @property
    def parts(self) -> list[dict]:
        value = self.value()
        if not isinstance(value, list | tuple) or len(value) != len(PARTS):
            value = self.field.widget.decompress(value)
        wrong = self.error_parts
        return [
            {
                "name": f"{self.html_name}_{name}",
                "id": f"{self.auto_id}_{name}",
                "label": label,
                "width": width,
                "value": "" if typed is None else str(typed),
                "error": name in wrong,
            }
            for (name, label, width), typed in zip(PARTS, value, strict=True)
        ]

    @property
    def error_target(self) -> str:
        """Where the error summary's link goes: the first box that is wrong."""
        wrong = self.error_parts
        for part in self.parts:
            if part["name"].rsplit("_", 1)[1] in wrong:
                return part["id"]
        return f"{self.auto_id}_day"


class DateInputField(forms.MultiValueField):
    """A date typed as day, month and year, checked the GOV.UK way.

    `label` is the subject of every message. `min_date` and `max_date` (a date, or a function
    returning one, such as `timezone.localdate`) bound the date; their messages can be replaced
    through `error_messages` ("min_date", "max_date"), with `%(date)s` for the limit.
    """

    widget = DateInputWidget
    bound_field_class = DateInputBoundField
    default_error_messages = {
        "required": "Enter %(subject)s",
        "incomplete": "%(label)s must include a %(missing)s",
        "invalid": "%(label)s must be a real date",
        "year_range": "%(label)s must have a year between %(first)s and %(last)s",
        "min_date": "%(label)s must be the same as or after %(date)s",
        "max_date": "%(label)s must be the same as or before %(date)s",
        "min_today": "%(label)s must be today or in the future",
        "max_today": "%(label)s must be today or in the past",
    }

    def __init__(self, *, min_date: DateLimit = None, max_date: DateLimit = None, **kwargs):
        kwargs.setdefault("required", False)
        self.min_date = min_date
        self.max_date = max_date
        boxes = tuple(forms.CharField(required=False) for _ in PARTS)
        super().__init__(fields=boxes, require_all_fields=False, **kwargs)

    def clean(self, value) -> datetime.date | None:
        typed = self._typed(value)
        if not any(typed.values()):
            if self.required:
                raise self._error("required")
            return None
        day = self._date(typed)
        self._check_limits(day)
        self.run_validators(day)
        return day

    def compress(self, data_list):
        # `clean` does the whole job; this only serves callers of the MultiValueField API.
        return self.clean(data_list)

    def _typed(self, value) -> dict[str, str]:
        if isinstance(value, datetime.date):
            value = self.widget.decompress(value)
        if not isinstance(value, list | tuple) or len(value) != len(PARTS):
            value = ["", "", ""]
        return {
            name: "" if part is None else str(part).strip()
            for name, part in zip(PART_NAMES, value, strict=True)
        }

    def _date(self, typed: dict[str, str]) -> datetime.date:
        missing = [name for name in PART_NAMES if not typed[name]]
        if missing:
            raise self._error("incomplete", parts=missing, missing=" and ".join(missing))
        day = int(typed["day"]) if ONE_OR_TWO_DIGITS.fullmatch(typed["day"]) else 0
        day = day if day <= 31 else 0
        month = self._month(typed["month"])
        wrong = [name for name, number in (("day", day), ("month", month)) if number == 0]
        if wrong:
            raise self._error("invalid", parts=wrong)
        year = int(typed["year"]) if FOUR_DIGITS.fullmatch(typed["year"]) else 0
        if not FIRST_YEAR <= year <= last_year():
            raise self._error("year_range", parts=["year"], first=FIRST_YEAR, last=last_year())
        try:
            return datetime.date(year, month, day)
        except ValueError as error:  # 31 February, 31 April
            raise self._error("invalid", parts=["day", "month"]) from error

    @staticmethod
    def _month(typed: str) -> int:
        """The month's number, from digits or a name; 0 when it is no month."""
        if ONE_OR_TWO_DIGITS.fullmatch(typed):
            number = int(typed)
            return number if 1 <= number <= 12 else 0
        return MONTH_NUMBERS.get(typed.lower().rstrip("."), 0)

    def _check_limits(self, day: datetime.date) -> None:
        # A limit given as a function (timezone.localdate) moves with the calendar, and its
        # message says "today"; a fixed limit is named as a date.
        today = timezone.localdate()
        for limit, wrong_side, kind in (
            (self.min_date, lambda edge: day < edge, "min"),
            (self.max_date, lambda edge: day > edge, "max"),
        ):
            edge = limit() if callable(limit) else limit
            if edge is not None and wrong_side(edge):
                code = f"{kind}_today" if callable(limit) and edge == today else f"{kind}_date"
                raise self._error(code, date=_long_date(edge))

    def _error(self, code: str, *, parts=None, **params) -> forms.ValidationError:
        label = str(self.label or "Date")
        message = self.error_messages[code] % {
            "label": label,
            "subject": label[:1].lower() + label[1:],
            **params,
        }
        # `parts` says which boxes to mark; it is not used to format the message.
        return forms.ValidationError(message, code=code, params={"parts": tuple(parts or ())})
