"""The form to arrange (or change) a session: a GOV.UK date, a start time, length and format."""

import datetime
import re

from django import forms
from django.utils import timezone

from mentoring.forms.dates import DateInputField
from mentoring.models import ScheduledSession
from mentoring.models.scheduling import MAX_MINUTES, MIN_MINUTES

# "14:30", "9.15", "2:30pm", "2pm", "10 am"
TIME = re.compile(r"^(?P<hour>[0-9]{1,2})(?:[:.](?P<minute>[0-9]{2}))?\s*(?P<half>am|pm)?$")


def parse_time(text: str) -> datetime.time | None:
    found = TIME.match(text.strip().lower().replace(" ", ""))
    if not found:
        return None
    hour, minute = int(found["hour"]), int(found["minute"] or 0)
    if found["half"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if found["half"] == "pm" else 0)
    elif found["minute"] is None:
        return None  # "14" alone is too easy to misread
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


class ScheduledSessionForm(forms.Form):
    date = DateInputField(
        label="Date of the session",
        help_text="For example, 27 3 2027",
        required=True,
        min_date=timezone.localdate,
        error_messages={
            "required": "Enter the date of the session",
            "min_date": "Date of the session must be today or in the future",
        },
    )
    time = forms.CharField(
        label="Start time",
        help_text="UK time, for example 14:30 or 2:30pm",
        max_length=10,
        error_messages={"required": "Enter the start time"},
    )
    duration_minutes = forms.IntegerField(
        label="How long will it last, in minutes?",
        help_text="For example, 60 for an hour",
        min_value=MIN_MINUTES,
        max_value=MAX_MINUTES,
        error_messages={
            "required": "Enter how long the session will last",
            "invalid": "How long the session will last must be a number of minutes, like 60",
            "min_value": f"The session must last {MIN_MINUTES} minutes or more",
            "max_value": f"The session must last {MAX_MINUTES} minutes (8 hours) or less",
        },
    )
    format = forms.ChoiceField(
        label="How will you meet?",
        choices=ScheduledSession.Format.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you will meet"},
    )
    place = forms.CharField(
        label="Where will you meet? (in person only)",
        help_text="For example, the address or the name of the café",
        max_length=300,
        required=False,
        error_messages={"max_length": "Where you will meet must be 300 characters or fewer"},
    )
    link = forms.CharField(
        label="Video call link (video calls only)",
        help_text="Starting with https://",
        max_length=500,
        required=False,
        error_messages={"max_length": "The video call link must be 500 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duration_minutes"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["duration_minutes"].govuk_width = 3
        self.fields["time"].govuk_width = 5
        self.fields["link"].widget.attrs.update({"spellcheck": "false", "type": "url"})

    def clean_time(self) -> datetime.time:
        value = parse_time(self.cleaned_data["time"])
        if value is None:
            raise forms.ValidationError("Enter the start time like 14:30 or 2:30pm")
        return value

    def starts_at(self) -> datetime.datetime:
        moment = datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return timezone.make_aware(moment)

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": self.starts_at(),
            "duration_minutes": data["duration_minutes"],
            "format": data["format"],
            "place": data["place"],
            "link": data["link"],
        }

    @staticmethod
    def initial_for(scheduled: ScheduledSession) -> dict:
        local = timezone.localtime(scheduled.starts_at)
        return {
            "date": local.date(),
            "time": f"{local:%H:%M}",
            "duration_minutes": scheduled.duration_minutes,
            "format": scheduled.format,
            "place": scheduled.place,
            "link": scheduled.link,
        }


class ScheduledSessionCancelForm(forms.Form):
    """Nothing to fill in: the confirmation page's button sends it."""
