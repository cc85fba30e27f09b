"""The mentor's answer to an introduction."""

from django import forms


class IntroductionResponseForm(forms.Form):
    decision = forms.ChoiceField(
        label="Will you mentor them?",
        choices=[("accept", "Yes, introduce us"), ("decline", "No, I cannot this time")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you will mentor them"},
    )
    reason = forms.CharField(
        label="Why are you declining?",
        help_text="This helps the coordinator find a better match. The mentee will not see it.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("reason", "").strip():
            self.add_error("reason", "Tell us why you are declining")
        return data
