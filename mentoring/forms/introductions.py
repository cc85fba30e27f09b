"""The mentor's answer to an introduction."""

from django import forms

DECLINE_REASON_MAX = 1000
ACCEPT = "accept"
DECLINE = "decline"


class IntroductionResponseForm(forms.Form):
    decision = forms.ChoiceField(
        label="Will you mentor them?",
        choices=[(ACCEPT, "Yes, introduce us"), (DECLINE, "No, I cannot this time")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you will mentor them"},
    )
    reason = forms.CharField(
        label="Why can you not mentor them? (optional)",
        help_text="It helps the scheme team find a better match. The mentee will not see it.",
        required=False,
        max_length=DECLINE_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": (
                f"Why you cannot mentor them must be {DECLINE_REASON_MAX:,} characters or fewer"
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The GOV.UK character count shows the limit; a browser maxlength would cut text silently.
        self.fields["reason"].widget.attrs.pop("maxlength", None)

    @property
    def accepting(self) -> bool:
        return self.is_valid() and self.cleaned_data["decision"] == ACCEPT

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("decision") == ACCEPT:
            # The reason belongs to a decline only: whatever is in the box never blocks a yes.
            self._errors.pop("reason", None)
            cleaned["reason"] = ""
        elif cleaned.get("decision") == DECLINE and "reason" not in self._errors:
            if not cleaned.get("reason", "").strip():
                self.add_error("reason", "Enter why you cannot mentor them")
        return cleaned
