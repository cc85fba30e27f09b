"""allauth's sign-in forms with GOV.UK wording: plain labels, no placeholders, clear errors.

Wired up in settings through ``ACCOUNT_FORMS``; the templates render every field with
``templates/django/forms/field.html`` so errors sit next to the field and input is kept.
"""

from allauth.account import forms as allauth_forms
from allauth.core import context
from allauth.mfa.base import forms as mfa_base_forms
from allauth.mfa.totp import forms as mfa_totp_forms
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.hashers import make_password

from accounts.enrolment import first_authenticator_allowed
from accounts.models import User
from accounts.names import name_clean
from accounts.passwords import password_hint

ENROLMENT_BLOCKED_MESSAGE = (
    "Use the set-up link we emailed you to set up two-step verification for this account"
)


def _govuk_fields(form: forms.Form, labels: dict[str, str], required: dict[str, str]) -> None:
    """GOV.UK patterns: labels say what to enter, hints are not placeholders, errors say how."""
    for name, field in form.fields.items():
        field.widget.attrs.pop("placeholder", None)
        if name in labels:
            field.label = labels[name]
        if name in required:
            field.error_messages["required"] = required[name]
    if "email" in form.fields:
        form.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.org"
        )
    if "password1" in form.fields:
        # A new password: one plain hint instead of Django's list of rules.
        form.fields["password1"].help_text = password_hint()


class SignupForm(allauth_forms.SignupForm):
    """Create an account: full name, email address and a password (twice)."""

    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    field_order = ["full_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _govuk_fields(
            self,
            labels={
                "email": "Email address",
                "password1": "Create a password",
                "password2": "Confirm your password",
            },
            required={
                "full_name": "Enter your full name",
                "email": "Enter your email address",
                "password1": "Enter a password",
                "password2": "Confirm your password",
            },
        )
        self.fields["email"].help_text = "We will send you a link to confirm it is yours."

    def clean_full_name(self) -> str:
        full_name = name_clean(self.cleaned_data["full_name"])
        if not full_name:
            raise forms.ValidationError("Enter your full name")
        return full_name

    def try_save(self, request):
        if self.account_already_exists:
            # allauth creates no user for an address that is already registered, so it would
            # answer without hashing the password: ~0.6 s faster, which tells an attacker the
            # address has an account. Hash it anyway so both answers take as long.
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _govuk_fields(
            self,
            labels={"login": "Email address", "password": "Password"},
            required={"login": "Enter your email address", "password": "Enter your password"},
        )
        # The "forgotten your password" link is on the page, not in the field's hint.
        self.fields["password"].help_text = ""
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this device"


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _govuk_fields(
            self, labels={"email": "Email address"}, required={"email": "Enter your email address"}
        )


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _govuk_fields(
            self,
            labels={"password1": "New password", "password2": "Confirm your new password"},
            required={"password1": "Enter a new password", "password2": "Confirm your password"},
        )


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _govuk_fields(
            self,
            labels={
                "oldpassword": "Current password",
                "password1": "New password",
                "password2": "Confirm your new password",
            },
            required={
                "oldpassword": "Enter your current password",
                "password1": "Enter a new password",
                "password2": "Confirm your new password",
            },
        )
        self.fields["oldpassword"].help_text = ""


class SetPasswordForm(allauth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _govuk_fields(
            self,
            labels={"password1": "Password", "password2": "Confirm your password"},
            required={"password1": "Enter a password", "password2": "Confirm your password"},
        )


class AddEmailForm(allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _govuk_fields(
            self,
            labels={"email": "New email address"},
            required={"email": "Enter your new email address"},
        )


class ReauthenticateForm(allauth_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _govuk_fields(
            self, labels={"password": "Password"}, required={"password": "Enter your password"}
        )
        self.fields["password"].help_text = ""


def _govuk_code_field(form: forms.Form, label: str) -> None:
    field = form.fields["code"]
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update({"inputmode": "numeric", "spellcheck": "false"})
    field.label = label
    field.help_text = "The 6-digit code shown in your authenticator app, or a recovery code."
    field.error_messages["required"] = "Enter the code from your authenticator app"
    field.govuk_width = 10


class MfaAuthenticateForm(mfa_base_forms.AuthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _govuk_code_field(self, "Security code")


class MfaReauthenticateForm(mfa_base_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _govuk_code_field(self, "Security code")


class ActivateTOTPForm(mfa_totp_forms.ActivateTOTPForm):
    """Activate an authenticator app; a staff account's first one needs a set-up link.

    ``enrolment_allowed`` is False when this session may not activate one (accounts.enrolment):
    the page then says to use the set-up link, and a posted code is refused.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _govuk_code_field(self, "Code from your authenticator app")
        self.fields["code"].help_text = "The 6-digit code your app shows for Mutuals Mentoring."
        self.enrolment_allowed = first_authenticator_allowed(context.request)

    def clean_code(self) -> str:
        if not first_authenticator_allowed(context.request):
            raise forms.ValidationError(ENROLMENT_BLOCKED_MESSAGE)
        return super().clean_code()


class UserChangeForm(auth_forms.UserChangeForm):
    """The admin's form for a person: names are cleaned as everywhere else."""

    class Meta(auth_forms.UserChangeForm.Meta):
        model = User
        fields = "__all__"

    def clean_full_name(self) -> str:
        return name_clean(self.cleaned_data.get("full_name", ""))
