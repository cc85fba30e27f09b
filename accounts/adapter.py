"""allauth adapter: stores the full name given at sign-up on the user, and sends allauth's
emails in the service's own words, with links at the configured site address.

An email the mail provider does not take (SMTP or GOV.UK Notify down) is logged and the page
goes on, never a server error: the person can ask for it again (sign in to be sent a new
confirmation link, or reset again). Account emails carry one-time keys, so they are not stored
for a later retry as the emails about matches are (docs/adr/0015-gov-uk-notify.md).
"""

import logging

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from accounts.emails import account_email, on_site

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        full_name = form.cleaned_data.get("full_name")
        if full_name:
            user.full_name = full_name
        return super().save_user(request, user, form, commit=commit)

    def render_mail(self, template_prefix, email, context, headers=None):
        links = {
            key: on_site(value)
            for key, value in context.items()
            if key.endswith("_url") and isinstance(value, str)
        }
        how_long = {
            "confirmation_days": account_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS,
            "password_reset_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60),
        }
        return account_email(
            template_prefix=template_prefix,
            to=[email] if isinstance(email, str) else list(email),
            context={**context, **links, **how_long},
        )

    def send_mail(self, template_prefix, email, context):
        try:
            super().send_mail(template_prefix, email, context)
        except OSError:  # SMTP errors, lost connections and Notify's refusals (config.notify)
            logger.exception("Account email %s could not be sent", template_prefix)

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        # allauth leaves the person out of a notice's context; its greeting uses their name.
        context = {**(context or {}), "user": user}
        super().send_notification_mail(template_prefix, user, context, email)
