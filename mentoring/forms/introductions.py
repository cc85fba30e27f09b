"""The mentor's answer to an introduction."""

from django import forms

DECLINE_REASON_MAX = 1000


class IntroductionResponseForm(forms.Form):
    decision = forms.ChoiceField(
        label="Will you mentor them?",
        choices=[("accept", "Yes, introduce us"), ("decline", "No, I cannot this time")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you will mentor them"},
    )
    reason = forms.CharField(
        label="If you cannot, why not?",
        help_text="Only needed if you answer no. It helps the scheme team find a better match. "
        "The mentee will not see it.",
        required=False,
        max_length=DECLINE_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": f"Your reason must be {DECLINE_REASON_MAX} characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The GOV.UK character count shows the limit; a browser maxlength would cut text silently.
        self.fields["reason"].widget.attrs.pop("maxlength", None)
