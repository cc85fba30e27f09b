"""The case note form and the nudge form: fields and their messages only."""

from django import forms

from mentoring.models.case_notes import CASE_NOTE_MAX_LENGTH
from mentoring.services.case_notes import EMPTY_NOTE, NOTE_TOO_LONG
from mentoring.services.nudges import (
    NUDGE_BODY_MAX_LENGTH,
    NUDGE_SUBJECT_MAX_LENGTH,
)


class CaseNoteForm(forms.Form):
    prefix = "case_note"

    text = forms.CharField(
        label="Add a case note",
        help_text="Dated and signed with your name. Only scheme coordinators see case notes.",
        max_length=CASE_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": EMPTY_NOTE, "max_length": NOTE_TOO_LONG},
    )


class NudgeForm(forms.Form):
    subject = forms.CharField(
        label="Subject",
        max_length=NUDGE_SUBJECT_MAX_LENGTH,
        error_messages={
            "required": "Enter a subject for the email",
            "max_length": f"The subject must be {NUDGE_SUBJECT_MAX_LENGTH} characters or fewer",
        },
    )
    body = forms.CharField(
        label="Message",
        help_text="Both people get this same message. Change it as you need before sending.",
        max_length=NUDGE_BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={
            "required": "Enter the message",
            "max_length": f"The message must be {NUDGE_BODY_MAX_LENGTH:,} characters or fewer",
        },
    )
