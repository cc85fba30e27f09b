"""Forms for the coordinator's reports: the period of the dashboard and the list filters.

Both are GET forms: they only narrow what is shown, so the address can be bookmarked and shared.
"""

from django import forms

from mentoring.forms.dates import DateInputField
from mentoring.models import Match, MentoringRequest, Region, Sector, SessionLog, Stage
from mentoring.selectors.reports.lists import ListFilters
from mentoring.selectors.reports.periods import (
    PERIOD_CHOICES,
    Period,
    period_custom,
    period_named,
)


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
            # The dates only count for a custom period: boxes left filled in from before must
            # not stop "This month" from working.
            for name in ("date_from", "date_to"):
                self._errors.pop(name, None)
                cleaned[name] = None
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
