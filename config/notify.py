"""A Django email backend that sends through GOV.UK Notify, with GDS's own API client.

Notify sends emails from templates kept in Notify. We keep our wording in our templates, so
Notify holds one template whose subject is ``((subject))`` and whose body is ``((body))``
(NOTIFY_EMAIL_TEMPLATE_ID); each email's rendered subject and plain-text body are passed as
that template's personalisation. Notify makes the HTML version itself. See
docs/adr/0015-gov-uk-notify.md and docs/operations.md.
"""

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient


class NotifyRefused(OSError):
    """Notify did not take an email (down, rate limited, key or template wrong).

    An OSError like SMTP's errors, so whoever sends treats both the same way: the outbox
    records the failure and tries again; an account email is logged.
    """


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.client = NotificationsAPIClient(settings.NOTIFY_API_KEY)
        self.template_id = settings.NOTIFY_EMAIL_TEMPLATE_ID

    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            try:
                for address in message.recipients():
                    self.client.send_email_notification(
                        email_address=address,
                        template_id=self.template_id,
                        personalisation={"subject": message.subject, "body": message.body},
                    )
            except APIError as error:
                if not self.fail_silently:
                    raise NotifyRefused(f"GOV.UK Notify refused the email: {error}") from error
            else:
                sent += 1
        return sent
