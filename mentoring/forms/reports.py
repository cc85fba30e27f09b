"""Forms for the coordinator's reports: the period of the dashboard and the list filters.

Both are GET forms: they only narrow what is shown, so the address can be bookmarked and shared.
"""

import datetime

from django import forms

from mentoring.models import Match, MentoringRequest, Region, Sector, SessionLog, Stage
from mentoring.selectors.reports.lists import ListFilters
from mentoring.selectors.reports.periods import (
    PERIOD_CHOICES,
    Period,
    period_custom,
    period_named,
)


class DateInputWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes (rendered by reports/includes)."""

    def __init__(self, attrs=None):
        box = {"inputmode": "numeric"}
        super().__init__(
            {
                "day": forms.TextInput(attrs=box),
                "month": forms.TextInput(attrs=box),
                "year": forms.TextInput(attrs=box),
            },
            attrs,
        )

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateInputField(forms.MultiValueField):
    """A date typed into three boxes, with the GOV.UK error messages."""

    widget = DateInputWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        parts = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(part.strip() for part in data_list):
            return None
        day, month, year = (part.strip() for part in data_list)
        label = str(self.label)
        for name, value in (("day", day), ("month", month), ("year", year)):
            if not value:
                raise forms.ValidationError(f"{label} must include a {name}")
        try:
            if len(year) != 4:
                raise ValueError
            return datetime.date(int(year), int(month), int(day))
        except ValueError as error:
            raise forms.ValidationError(f"{label} must be a real date") from error


class PeriodForm(forms.Form):
    """Which period the dashboard's figures cover."""

    period = forms.ChoiceField(
        label="Period", choices=PERIOD_CHOICES, widget=forms.RadioSelect, required=False
    )
    date_from = DateInputField(label="Start date", help_text="For example, 1 4 2025")
    date_to = DateInputField(label="End date", help_text="For example, 31 3 2026")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") != "custom":
            return cleaned
        first, last = cleaned.get("date_from"), cleaned.get("date_to")
        if "date_from" not in self.errors and first is None:
            self.add_error("date_from", "Enter a start date")
        if "date_to" not in self.errors and last is None:
            self.add_error("date_to", "Enter an end date")
        if first and last and first > last:
            self.add_error("date_to", "End date must be the same as or after the start date")
        return cleaned

    def chosen_period(self) -> Period:
        """The period asked for, or this year when the form is empty or has errors."""
        if not self.is_bound or not self.is_valid():
            return period_named("year")
        name = self.cleaned_data.get("period") or "year"
        if name == "custom":
            return period_custom(self.cleaned_data["date_from"], self.cleaned_data["date_to"])
        return period_named(name)


class ListFilterForm(forms.Form):
    """The filters every list shares; subclasses say what "status" means for their rows."""

    status_label = "Status"
    status_choices: list = []
    search_label = "Mentor or organisation"
    date_label = "Date"

    status = forms.ChoiceField(required=False)
    sector = forms.ModelChoiceField(
        queryset=Sector.objects.order_by("position", "name"), required=False, empty_label="Any"
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.order_by("position", "name"), required=False, empty_label="Any"
    )
    stage = forms.ModelChoiceField(
        queryset=Stage.objects.order_by("position", "name"), required=False, empty_label="Any"
    )
    search = forms.CharField(label="Mentor or organisation", required=False, max_length=100)
    date_from = DateInputField(label="From")
    date_to = DateInputField(label="To")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].label = self.status_label
        self.fields["status"].choices = [("", "Any"), *self.status_choices]
        self.fields["search"].label = self.search_label
        self.fields["date_from"].label = f"{self.date_label} from"
        self.fields["date_to"].label = f"{self.date_label} to"

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("date_from"), cleaned.get("date_to")
        if first and last and first > last:
            self.add_error(
                "date_to",
                f"{self.date_label} to must be the same as or after {self.date_label.lower()} from",
            )
        return cleaned

    def filters(self) -> ListFilters:
        """The filters to apply: none when the form has errors (the page shows them)."""
        if not self.is_bound or not self.is_valid():
            return ListFilters()
        data = self.cleaned_data
        return ListFilters(
            status=data.get("status") or "",
            sector=data["sector"].pk if data.get("sector") else None,
            region=data["region"].pk if data.get("region") else None,
            stage=data["stage"].pk if data.get("stage") else None,
            search=(data.get("search") or "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class RequestFilterForm(ListFilterForm):
    status_choices = MentoringRequest.Status.choices
    search_label = "Organisation or mentee"
    date_label = "Requested"


class MatchFilterForm(ListFilterForm):
    status_choices = Match.Status.choices
    date_label = "Proposed"


class SessionFilterForm(ListFilterForm):
    status_label = "Format"
    status_choices = SessionLog.Format.choices
    date_label = "Session date"


class FeedbackFilterForm(ListFilterForm):
    status_label = "Rating"
    status_choices = [(str(n), f"{n} out of 5") for n in range(1, 6)]
    date_label = "Given"
