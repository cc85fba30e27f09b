"""Forms for the pair's goals: one goal in their own words, and the close's rating of each."""

from django import forms

from mentoring.models import Goal, GoalRating
from mentoring.models.goals import GOAL_MAX_LENGTH


class GoalForm(forms.Form):
    text = forms.CharField(
        label="What do you want the mentoring to achieve?",
        help_text="In your own words, for example ‘agree a pensions approach with the council’. "
        "You and the other person can both change it. The scheme coordinators can read it.",
        max_length=GOAL_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the goal",
            "max_length": f"The goal must be {GOAL_MAX_LENGTH} characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The GOV.UK character count shows the limit; a browser maxlength would cut text silently.
        self.fields["text"].widget.attrs.pop("maxlength", None)


GOAL_FIELD_PREFIX = "goal_"


def goal_rating_fields(goals: list[Goal]) -> dict[str, forms.Field]:
    """One required question per goal, for the close feedback form."""
    return {
        f"{GOAL_FIELD_PREFIX}{goal.pk}": forms.ChoiceField(
            label=f"Goal {goal.position}: {goal.text or 'no longer recorded'}",
            help_text="Was this goal met?",
            choices=GoalRating.Outcome.choices,
            widget=forms.RadioSelect,
            error_messages={"required": f"Say whether goal {goal.position} was met"},
        )
        for goal in goals
    }


def goal_ratings_of(cleaned_data: dict) -> dict[int, str]:
    """The form's answers as goal id to outcome, as `feedback_give` takes them."""
    return {
        int(name.removeprefix(GOAL_FIELD_PREFIX)): value
        for name, value in cleaned_data.items()
        if name.startswith(GOAL_FIELD_PREFIX) and name.removeprefix(GOAL_FIELD_PREFIX).isdigit()
    }
