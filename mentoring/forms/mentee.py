"""The questions a mutual's leader answers about their mutual, one per page."""

from django import forms

from accounts.names import name_clean
from mentoring.forms.steps import StepForm, yes_no_field
from mentoring.forms.widgets import RadioSelectWithHints
from mentoring.models import LegalForm, MenteeProfile, Need, Region, Sector, Stage


class OrganisationNameForm(StepForm):
    required_fields = ("organisation_name",)
    heading_field = "organisation_name"
    summary_labels = {"organisation_name": "Organisation name"}

    class Meta:
        model = MenteeProfile
        fields = ["organisation_name"]
        labels = {"organisation_name": "What is your mutual called?"}
        help_texts = {
            "organisation_name": "If you have not spun out yet, give the name you plan to use "
            "or the name of the service now"
        }
        error_messages = {
            "organisation_name": {
                "required": "Enter the name of your mutual",
                "max_length": "The name of your mutual must be 200 characters or fewer",
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation_name"].widget.attrs["autocomplete"] = "organization"

    def clean_organisation_name(self) -> str:
        name = name_clean(self.cleaned_data["organisation_name"])
        if not name:
            raise forms.ValidationError("Enter the name of your mutual")
        return name


class LegalFormForm(StepForm):
    heading_field = "legal_form"
    summary_labels = {"legal_form": "Legal form"}

    legal_form = forms.ModelChoiceField(
        queryset=LegalForm.objects.none(),
        label="What is your mutual's legal form?",
        help_text="If you have not decided yet, choose the one you expect to use, or Other",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select your mutual's legal form"},
    )

    class Meta:
        model = MenteeProfile
        fields = ["legal_form"]


class SectorForm(StepForm):
    heading_field = "sector"
    summary_labels = {"sector": "Sector"}

    sector = forms.ModelChoiceField(
        queryset=Sector.objects.none(),
        label="Which public services does your mutual deliver?",
        help_text="If it delivers more than one, choose the largest",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the sector your mutual works in"},
    )

    class Meta:
        model = MenteeProfile
        fields = ["sector"]


class StageForm(StepForm):
    heading_field = "stage"
    summary_labels = {"stage": "Stage"}

    stage = forms.ModelChoiceField(
        queryset=Stage.objects.none(),
        label="What stage is your mutual at?",
        widget=RadioSelectWithHints,
        empty_label=None,
        error_messages={"required": "Select the stage your mutual is at"},
    )

    class Meta:
        model = MenteeProfile
        fields = ["stage"]


class MenteeRegionForm(StepForm):
    heading_field = "region"
    summary_labels = {"region": "Region"}

    region = forms.ModelChoiceField(
        queryset=Region.objects.none(),
        label="Where is your mutual based?",
        help_text="Choose Anywhere (remote) if you work across England or have no single base",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select where your mutual is based"},
    )

    class Meta:
        model = MenteeProfile
        fields = ["region"]


class StaffCountForm(StepForm):
    heading_field = "staff_count"
    summary_labels = {"staff_count": "Number of staff"}

    staff_count = forms.IntegerField(
        label="How many people work for your mutual?",
        help_text="Include staff who will transfer to the mutual if you have not spun out yet",
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": "Enter how many people work for your mutual",
            "invalid": "Enter the number of staff as a whole number, like 25",
            "min_value": "The number of staff must be 1 or more",
        },
    )
    staff_count.govuk_width = 5

    class Meta:
        model = MenteeProfile
        fields = ["staff_count"]


class NeedsForm(StepForm):
    heading_field = "needs"
    summary_labels = {"needs": "Help you want"}

    needs = forms.ModelMultipleChoiceField(
        queryset=Need.objects.none(),
        label="What would you like help with?",
        help_text="Select all that apply",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one area you want help with"},
    )

    class Meta:
        model = MenteeProfile
        fields = ["needs"]


class GoalsForm(StepForm):
    required_fields = ("goals",)
    heading_field = "goals"
    summary_labels = {"goals": "What you want from a mentor"}

    class Meta:
        model = MenteeProfile
        fields = ["goals"]
        labels = {"goals": "What do you want from a mentor?"}
        help_texts = {
            "goals": "For example, the decisions ahead of you, what has worked so far, and what "
            "a good outcome would look like in a year"
        }
        widgets = {"goals": forms.Textarea(attrs={"rows": 8})}
        error_messages = {
            "goals": {
                "required": "Tell us what you want from a mentor",
                "max_length": "What you want from a mentor must be 2,000 characters or fewer",
            }
        }


class MeetingForm(StepForm):
    heading_field = "wants_face_to_face"
    summary_labels = {"wants_face_to_face": "How to meet"}

    wants_face_to_face = yes_no_field(
        label="How would you like to meet your mentor?",
        yes="Face to face, at least some of the time",
        no="Video or phone calls are fine",
        required_message="Select how you would like to meet your mentor",
        help_text="If you want to meet face to face, we look for mentors near you",
    )

    class Meta:
        model = MenteeProfile
        fields = ["wants_face_to_face"]


class ConsentForm(StepForm):
    summary_labels = {"consent_to_share": "Mentors proposed to you see your profile"}

    consent_to_share = forms.BooleanField(
        label="I understand that mentors proposed to me will see my profile",
        error_messages={
            "required": "Confirm that you understand mentors proposed to you will see your profile"
        },
    )

    class Meta:
        model = MenteeProfile
        fields = ["consent_to_share"]
