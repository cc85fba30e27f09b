"""Forms for the coordinator's matching pages: queue filters, approving, choosing, closing."""

from django import forms

from mentoring import thresholds
from mentoring.models import MentoringRequest, Region, Sector, Shortlist, Stage


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


class ProposalForm(forms.Form):
    """How to propose mentors for this request (GET): the scheme's default is preselected."""

    CHOICES = {
        "single": "Propose one mentor: we ask them to accept the introduction",
        "shortlist": (
            f"Offer a shortlist of {Shortlist.MIN_MENTORS} or {Shortlist.MAX_MENTORS} mentors: "
            "the mentee chooses one"
        ),
    }
    DEFAULT_WORDS = {"single": "to propose one mentor", "shortlist": "to offer a shortlist"}

    proposal = forms.ChoiceField(
        label="How do you want to propose mentors?",
        choices=list(CHOICES.items()),
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, data=None, *, default: str) -> None:
        super().__init__(data if data and "proposal" in data else None)
        self.default = default
        self.fields["proposal"].initial = default
        self.fields["proposal"].help_text = (
            f"The scheme’s default is {self.DEFAULT_WORDS[default]}. You can choose the other "
            "way for this request."
        )

    def chosen(self) -> str:
        if self.is_bound and self.is_valid() and self.cleaned_data["proposal"]:
            return self.cleaned_data["proposal"]
        return self.default


class ShortlistOfferForm(forms.Form):
    """Which of the suggested mentors the mentee will choose from."""

    mentors = forms.TypedMultipleChoiceField(
        label="Which mentors should the mentee choose from?",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": (
                f"Choose {Shortlist.MIN_MENTORS} or {Shortlist.MAX_MENTORS} mentors for the "
                "shortlist"
            ),
            "invalid_choice": "A mentor you chose is no longer suggested. Choose again",
        },
    )

    def __init__(self, *args, rows: list[dict], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mentors"]
        field.choices = [
            (row["mentor"].pk, f"{row['mentor'].user.display_name} (score {row['percent']}%)")
            for row in rows
        ]
        field.help_text = (
            f"Choose {Shortlist.MIN_MENTORS} or {Shortlist.MAX_MENTORS}. Each keeps a place for "
            f"the mentee until they choose, for up to {thresholds.shortlist_expiry_days()} days"
        )

    def clean_mentors(self) -> list[int]:
        mentors = self.cleaned_data["mentors"]
        if not Shortlist.MIN_MENTORS <= len(mentors) <= Shortlist.MAX_MENTORS:
            raise forms.ValidationError(self.fields["mentors"].error_messages["required"])
        return mentors


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
