"""Forms for the coordinator's matching run pages: start a run, act on it, swap a mentor."""

from django import forms

from matching.presenters import swap_choice_hint, swap_choice_label
from mentoring.forms.widgets import RadioSelectWithHints

PLAIN = "plain"
FAIR = "fair"


class RunStartForm(forms.Form):
    mode = forms.ChoiceField(
        label="How should the run pair people?",
        choices=[
            (PLAIN, "Plain: highest total score"),
            (FAIR, "Fair: first raise the lowest score, then the total"),
        ],
        widget=RadioSelectWithHints(
            hints={
                PLAIN: "Makes the pairs as good as possible overall. A few mentees may get a "
                "weaker fit so that many others get a very good one.",
                FAIR: "First makes the worst fit any matched mentee gets as good as it can be, "
                "then makes the pairs as good as possible overall within that.",
            }
        ),
        error_messages={"required": "Choose how the run should pair people"},
    )
    # The open runs the coordinator was shown and agreed to replace ("4,7"); blank at first.
    replacing = forms.CharField(required=False, widget=forms.HiddenInput)

    @property
    def fairness(self) -> bool:
        return self.cleaned_data["mode"] == FAIR

    def clean(self):
        cleaned = super().clean()
        # A hidden field: its error goes to the summary as the form's own.
        value = (cleaned.get("replacing") or "").strip()
        try:
            cleaned["replacing"] = sorted({int(part) for part in value.split(",") if part.strip()})
        except ValueError:
            cleaned["replacing"] = []
            raise forms.ValidationError(
                "The runs to replace were not understood: start the run again"
            ) from None
        return cleaned

    def confirms(self, open_run_ids: list[int]) -> bool:
        """Whether the coordinator agreed to replace exactly the runs open now (call once valid)."""
        return self.cleaned_data["replacing"] == sorted(open_run_ids)


class RunActionForm(forms.Form):
    """A button on a run (publish, discard, remove a pair): nothing to fill in, so the form only
    carries the service's refusal to the error summary."""


class SwapForm(forms.Form):
    """Choose another mentor for one request; choices come from `swap_choices`."""

    mentor = forms.TypedChoiceField(
        label="Choose another mentor",
        coerce=int,
        error_messages={
            "required": "Choose a mentor for this request",
            "invalid_choice": "That mentor can no longer be chosen: choose one of those listed",
        },
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["mentor"]
        field.choices = [(c.ranked.mentor.pk, swap_choice_label(c)) for c in choices]
        hints = {str(c.ranked.mentor.pk): swap_choice_hint(c) for c in choices}
        field.widget = RadioSelectWithHints(hints=hints)
        field.widget.choices = field.choices
        self._mentors = {c.ranked.mentor.pk: c.ranked.mentor for c in choices}

    def chosen_mentor(self):
        """The mentor profile picked (call once the form is valid)."""
        return self._mentors[self.cleaned_data["mentor"]]
