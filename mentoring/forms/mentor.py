"""The questions a volunteer mentor answers about their experience, one per page, and pausing."""

import datetime

from django import forms
from django.utils import timezone

from accounts.names import name_clean
from mentoring.forms.dates import DateInputField
from mentoring.forms.steps import StepForm, yes_no_field
from mentoring.forms.widgets import CheckboxSelectMultipleWithHints
from mentoring.models import MentorProfile, Need, Region, Sector, Stage
from mentoring.models.profiles import MAX_CAPACITY
from mentoring.services.profiles import capacity_below_load_message

# Stage hints in the mentor's words: what having "known" a stage looks like.
MENTOR_STAGE_HINTS = {
    "exploring-the-mutual-model": "For example, you helped a public service team decide "
    "whether to become a mutual",
    "preparing-to-spin-out": "For example, you led a spin-out, or wrote its business plan",
    "spun-out-in-the-last-2-years": "For example, you ran a new mutual or social enterprise "
    "in its first years",
    "established-2-years-and-growing": "For example, you grew an established organisation, "
    "won contracts or took on new services",
}


class HeadlineForm(StepForm):
    required_fields = ("headline",)
    heading_field = "headline"
    summary_labels = {"headline": "Headline"}

    class Meta:
        model = MentorProfile
        fields = ["headline"]
        labels = {"headline": "Describe yourself in a line"}
        help_texts = {
            "headline": "For example, Former chief executive of a community health mutual"
        }
        error_messages = {
            "headline": {
                "required": "Describe yourself in a line",
                "max_length": "Your headline must be 150 characters or fewer",
            }
        }

    def clean_headline(self) -> str:
        headline = name_clean(self.cleaned_data["headline"])
        if not headline:
            raise forms.ValidationError("Describe yourself in a line")
        return headline


class RolesForm(StepForm):
    required_fields = ("roles",)
    heading_field = "roles"
    summary_labels = {"roles": "Current or past roles"}

    class Meta:
        model = MentorProfile
        fields = ["roles"]
        labels = {"roles": "What are your current or past roles?"}
        help_texts = {
            "roles": "List the roles that matter for mentoring, with the kind of organisation, "
            "for example Director of community services, NHS trust"
        }
        widgets = {"roles": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "roles": {
                "required": "Tell us your current or past roles",
                "max_length": "Your roles must be 1,000 characters or fewer",
            }
        }


class MentorOrganisationForm(StepForm):
    heading_field = "organisation"
    summary_labels = {"organisation": "Organisation"}

    class Meta:
        model = MentorProfile
        fields = ["organisation"]
        labels = {"organisation": "Which organisation do you work for? (optional)"}
        help_texts = {
            "organisation": "We use this to avoid conflicts of interest: we never propose you "
            "to a mutual you work for. It is never shown to mentees. Leave it blank if you are "
            "retired or independent"
        }
        error_messages = {
            "organisation": {"max_length": "The organisation must be 200 characters or fewer"}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"

    def clean_organisation(self) -> str:
        return name_clean(self.cleaned_data["organisation"])


class ExpertiseForm(StepForm):
    heading_field = "expertise"
    summary_labels = {"expertise": "Expertise"}

    expertise = forms.ModelMultipleChoiceField(
        queryset=Need.objects.none(),
        label="What can you help with?",
        help_text="Select all that apply",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one area you can help with"},
    )

    class Meta:
        model = MentorProfile
        fields = ["expertise"]


class SectorsForm(StepForm):
    heading_field = "sectors"
    summary_labels = {"sectors": "Sectors you know"}

    sectors = forms.ModelMultipleChoiceField(
        queryset=Sector.objects.none(),
        label="Which public services do you know well?",
        help_text="Select all that apply",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one sector you know"},
    )

    class Meta:
        model = MentorProfile
        fields = ["sectors"]


class StagesForm(StepForm):
    heading_field = "stages"
    summary_labels = {"stages": "Stages you know"}

    stages = forms.ModelMultipleChoiceField(
        queryset=Stage.objects.none(),
        label="Which stages of a mutual's life do you know from experience?",
        help_text="Select all that apply",
        widget=CheckboxSelectMultipleWithHints(hints=MENTOR_STAGE_HINTS),
        error_messages={"required": "Select at least one stage you know"},
    )

    class Meta:
        model = MentorProfile
        fields = ["stages"]


class MentorRegionForm(StepForm):
    summary_labels = {"region": "Region", "remote_ok": "Mentoring by video or phone"}

    region = forms.ModelChoiceField(
        queryset=Region.objects.none(),
        label="Which region are you based in?",
        help_text="Choose Anywhere (remote) if you would rather not say",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select where you are based"},
    )
    remote_ok = yes_no_field(
        label="Are you happy to mentor by video or phone?",
        yes="Yes",
        no="No, only face to face",
        required_message="Select whether you are happy to mentor by video or phone",
    )
    remote_ok.inline = True

    class Meta:
        model = MentorProfile
        fields = ["region", "remote_ok"]


class CapacityForm(StepForm):
    heading_field = "capacity"
    summary_labels = {"capacity": "Mentees at once"}

    capacity = forms.TypedChoiceField(
        label="How many mentees could you support at once?",
        help_text="Most mentors support 1 or 2. You can change this, or pause, at any time",
        choices=[(str(n), str(n)) for n in range(1, MAX_CAPACITY + 1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how many mentees you could support at once",
            "invalid_choice": "Choose a number of mentees from 1 to " + str(MAX_CAPACITY),
        },
    )

    class Meta:
        model = MentorProfile
        fields = ["capacity"]

    def clean_capacity(self) -> int:
        capacity = self.cleaned_data["capacity"]
        load = self.instance.load if self.instance.pk else 0
        if capacity < load:
            raise forms.ValidationError(capacity_below_load_message(load))
        return capacity


class BioForm(StepForm):
    required_fields = ("bio",)
    heading_field = "bio"
    summary_labels = {"bio": "About you"}

    class Meta:
        model = MentorProfile
        fields = ["bio"]
        labels = {"bio": "Tell mentees about yourself"}
        help_texts = {
            "bio": "What you have done, what you enjoy helping with and how you like to work. "
            "Mentees proposed to you will read this"
        }
        widgets = {"bio": forms.Textarea(attrs={"rows": 8})}
        error_messages = {
            "bio": {
                "required": "Tell mentees about yourself",
                "max_length": "About you must be 3,000 characters or fewer",
            }
        }


def _tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


class PauseForm(forms.Form):
    """A mentor pauses, optionally until a day when they are proposed again."""

    until = DateInputField(
        label="Date to resume",
        help_text="Optional. We will start proposing you to mentees again on this day. Leave it "
        "blank to stay paused until you resume yourself. For example, 1 3 2027",
        min_date=_tomorrow,
        error_messages={"min_date": "Date to resume must be after today"},
    )
