from django import forms


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label="Name of the token",
        help_text="Say what it is for, like 'Monthly report script'.",
        max_length=100,
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "The name must be 100 characters or fewer",
        },
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if "\x00" in name:
            raise forms.ValidationError("The name must not contain a null character")
        return name
