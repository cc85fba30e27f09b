"""The link in an imported mentor's invitation, made as the email is sent: `{% password_link %}`."""

from django import template
from django.conf import settings

from mentoring.services.mentor_imports import password_setup_url

register = template.Library()


@register.simple_tag
def password_link(user) -> str:
    """A single-use, expiring link for ``user`` to choose their first password."""
    return password_setup_url(user)


@register.simple_tag
def password_link_days() -> str:
    return str(settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60))
