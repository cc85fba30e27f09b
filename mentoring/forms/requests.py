"""A mentee's request for a mentor, and the confirmation that withdraws it."""

from django import forms

from mentoring.models import MenteeProfile, Need
from mentoring.selectors.profiles import taxonomy_active

GOALS_MAX = 2000


class MentoringRequestForm(forms.Form):
    needs = forms.ModelMultipleChoiceField(
        queryset=Need.objects.none(),
        label="What would you like help with?",
        help_text="Select all that apply. We have ticked what you told us about your mutual",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one area you want help with"},
    )
    goals = forms.CharField(
        label="What do you want from this mentor?",
        help_text="For example, the decisions ahead of you, what has worked so far, and what a "
        "good outcome would look like in a year",
        max_length=GOALS_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Tell us what you want from this mentor",
            "max_length": (
                f"What you want from this mentor must be {GOALS_MAX:,} characters or fewer"
            ),
        },
    )

    def __init__(self, *args, mentee: MenteeProfile, **kwargs):
        kwargs.setdefault("initial", {"needs": list(mentee.needs.all()), "goals": mentee.goals})
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = taxonomy_active(model=Need)
        # The GOV.UK character count tells people the limit and lets them paste and trim; a
        # browser maxlength would silently cut their text instead.
        self.fields["goals"].widget.attrs.pop("maxlength", None)


class RequestWithdrawForm(forms.Form):
    """No questions: a POST that confirms, and somewhere to put the service's refusal."""
