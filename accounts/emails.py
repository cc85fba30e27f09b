"""Account emails in the service's own words and look: one message from one set of templates.

allauth's emails (confirm an address, reset a password, security notices) and the staff set-up
link are rendered here: the subject carries the service's name like every other email, the text
comes from the templates named by ``template_prefix``, the HTML version wraps the same
paragraphs in the branded layout of ``templates/emails/``, and every link points at SITE_URL,
never at whichever host name the request happened to use.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def on_site(url: str) -> str:
    """The same page at the configured site address: ``https://host/path?query``."""
    parts = urlsplit(url)
    site = urlsplit(site_url())
    return urlunsplit((site.scheme, site.netloc, parts.path, parts.query, parts.fragment))


def email_subject(subject: str) -> str:
    """Every email's subject starts with the service's name."""
    return f"{settings.SERVICE_NAME}: {' '.join(subject.split())}"


def account_email(*, template_prefix: str, to: list[str], context: dict) -> EmailMultiAlternatives:
    """Render ``<prefix>_subject.txt`` and ``<prefix>_message.txt`` into a text and HTML email."""
    context = {
        **context,
        "service_name": settings.SERVICE_NAME,
        "site_url": site_url(),
        "scheme_contact_email": settings.SCHEME_CONTACT_EMAIL,
    }
    subject = email_subject(render_to_string(f"{template_prefix}_subject.txt", context))
    text = render_to_string(f"{template_prefix}_message.txt", context).strip()
    paragraphs = [block.strip() for block in text.split("\n\n") if block.strip()]
    html = render_to_string("emails/account.html", {**context, "paragraphs": paragraphs})
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    message.attach_alternative(html, "text/html")
    return message
