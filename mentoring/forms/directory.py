"""The mentor directory's filters: a GET form, so a filtered directory can be bookmarked."""

from django import forms

from mentoring.models import MentorProfile, Need, Region, Sector, Stage
from mentoring.selectors.directory import DirectoryFilters

YES_NO = [("", "Any"), ("yes", "Yes"), ("no", "No")]


def _taxonomy(model, label: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=model.objects.order_by("position", "name"),
        required=False,
        empty_label="Any",
        error_messages={"invalid_choice": f"Choose a {label.lower()} from the list"},
    )


def _yes_no(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        required=False,
        error_messages={"invalid_choice": f"Choose Yes, No or Any for {label.lower()}"},
    )


def _as_bool(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class MentorDirectoryForm(forms.Form):
    search = forms.CharField(
        label="Name or words",
        required=False,
        max_length=100,
        help_text="For example, a name, a role or 'pensions'",
        error_messages={"max_length": "Name or words must be 100 characters or fewer"},
    )
    sector = _taxonomy(Sector, "Sector")
    stage = _taxonomy(Stage, "Stage")
    expertise = _taxonomy(Need, "Expertise")
    region = _taxonomy(Region, "Region")
    paused = _yes_no("Paused")
    has_free_places = _yes_no("Has free places")
    approval = forms.ChoiceField(
        label="Approval",
        choices=[("", "Any"), *MentorProfile.Approval.choices],
        required=False,
        error_messages={"invalid_choice": "Choose an approval state from the list"},
    )

    def filters(self) -> DirectoryFilters:
        """The filters to apply: none when the form has errors (the page shows them)."""
        if not self.is_bound or not self.is_valid():
            return DirectoryFilters()
        data = self.cleaned_data
        return DirectoryFilters(
            search=data["search"].strip(),
            sector=data["sector"].pk if data["sector"] else None,
            stage=data["stage"].pk if data["stage"] else None,
            expertise=data["expertise"].pk if data["expertise"] else None,
            region=data["region"].pk if data["region"] else None,
            paused=_as_bool(data["paused"]),
            has_free_places=_as_bool(data["has_free_places"]),
            approval=data["approval"],
        )
