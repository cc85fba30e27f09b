"""Forms for the coordinator's matching pages: queue filters, approving, choosing, closing."""

from django import forms

from mentoring.models import MentoringRequest, Region, Sector, Stage


class ReviewQueueFilterForm(forms.Form):
    """Narrow the queue down (GET): every field is optional."""

    organisation = forms.CharField(
        label="Organisation name", required=False, max_length=200, strip=True
    )
    sector = forms.ModelChoiceField(
        queryset=Sector.objects.all(), required=False, empty_label="All sectors"
    )
    stage = forms.ModelChoiceField(
        queryset=Stage.objects.all(), required=False, empty_label="All stages"
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(), required=False, empty_label="All regions"
    )

    def filters(self) -> dict:
        """Keyword arguments for `review_queue`; nothing narrows when the input is invalid."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "organisation": data["organisation"],
            "sector": data["sector"],
            "stage": data["stage"],
            "region": data["region"],
        }

    @property
    def is_filtered(self) -> bool:
        return any(self.filters().values())


class MentorSearchForm(forms.Form):
    q = forms.CharField(
        label="Search mentors by name, headline or expertise",
        required=False,
        max_length=100,
        strip=True,
    )


class ApproveSuggestionForm(forms.Form):
    mentor = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ApproveChosenMentorForm(forms.Form):
    """Approve a mentor the coordinator chose; breaking a pairing rule needs a ticked box."""

    override_rules = forms.BooleanField(
        label="I understand, approve anyway",
        required=False,
        help_text="This pair breaks a matching rule. Tick to approve it all the same.",
    )

    def __init__(self, *args, breaches: list[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.breaches = breaches or []
        if not self.breaches:
            del self.fields["override_rules"]

    def clean(self) -> dict:
        data = super().clean()
        if self.breaches and not data.get("override_rules"):
            self.add_error(
                "override_rules",
                "Tick ‘I understand, approve anyway’ to approve a pair that breaks a rule",
            )
        return data


class CloseRequestForm(forms.Form):
    reason = forms.CharField(
        label="Why are you closing this request?",
        help_text="The mentee will see this reason.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MentoringRequest._meta.get_field("closed_reason").max_length,
        error_messages={"required": "Enter why you are closing this request"},
    )
