"""A mentee's choice from a shortlist: confirming a mentor, or asking for others with a reason."""

from django import forms

from mentoring.models import Shortlist

REASON_MAX = Shortlist._meta.get_field("refuse_reason").max_length


class ShortlistChooseForm(forms.Form):
    """No questions: a POST that confirms the choice, and somewhere for the service's refusal."""


class ShortlistRefuseForm(forms.Form):
    reason = forms.CharField(
        label="Why do none of these mentors suit you?",
        help_text="The scheme team will read this when they look for other mentors for you",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Tell us why none of these mentors suits you",
            "max_length": f"Your reason must be {REASON_MAX:,} characters or fewer",
        },
    )
