"""allauth adapter: stores the full name given at sign-up on the user."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        full_name = form.cleaned_data.get("full_name")
        if full_name:
            user.full_name = full_name
        return super().save_user(request, user, form, commit=commit)
