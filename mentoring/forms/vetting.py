"""Forms for vetting: a coordinator's decision on a mentor, and a mentor accepting the agreement."""

from django import forms

from mentoring.services.vetting import MESSAGE_MAX_LENGTH


class ApproveForm(forms.Form):
    """No questions: a POST that confirms, and somewhere to put the service's refusal."""


class ChangesForm(forms.Form):
    message = forms.CharField(
        label="What should the mentor change?",
        help_text="The mentor sees this on their home page and profile, and in an email",
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the changes you are asking for"},
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why are you declining this mentor?",
        help_text="We record the reason and send it to the mentor",
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the reason for declining"},
    )


class AgreementForm(forms.Form):
    accept = forms.BooleanField(
        label="I have read the mentor agreement and I agree to it",
        error_messages={"required": "Confirm that you agree to the mentor agreement"},
    )
