"""The upload of a CSV of mentors, and the confirmation that invites its valid rows."""

from django import forms

from mentoring.services.mentor_import_csv import MAX_FILE_BYTES, TOO_BIG_MESSAGE

ACCEPTED_ENDINGS = (".csv", ".txt")


class MentorImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="Save your spreadsheet as CSV UTF-8. The file must be smaller than 5 MB.",
        error_messages={
            "required": "Select a CSV file of mentors",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV file of mentors",
        },
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(TOO_BIG_MESSAGE)
        if not upload.name.lower().endswith(ACCEPTED_ENDINGS):
            raise forms.ValidationError("The selected file must be a CSV")
        return upload


class MentorImportConfirmForm(forms.Form):
    """Nothing to fill in: the button is the confirmation."""
