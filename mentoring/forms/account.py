"""Forms about a person's place in the service: which role they start with, deleting the account."""

from django import forms

from mentoring.roles import ROLE_MENTEE, ROLE_MENTOR


class RoleChoiceForm(forms.Form):
    heading_field = "role"

    role = forms.ChoiceField(
        label="How do you want to use the scheme?",
        help_text="You can add the other role later",
        choices=[
            (ROLE_MENTEE, "I lead a mutual and want a mentor"),
            (ROLE_MENTOR, "I want to volunteer as a mentor"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you want a mentor or want to volunteer"},
    )


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label="Enter your password to confirm",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("The password is not right. Enter your current password")
        return password
