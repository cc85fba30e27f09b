"""Send a staff member a new single-use link to set up their authenticator app.

For staff who are not coordinators (``createsuperuser`` makes those) and for anyone whose link
expired; ``create_coordinator`` sends coordinators theirs. See
docs/adr/0004-coordinator-enrolment.md.
"""

from django.core.management.base import BaseCommand, CommandError

from accounts.enrolment import (
    SETUP_LINK_LIFETIME,
    needs_setup_link,
    setup_link_issue,
    setup_link_send,
    setup_link_url,
)
from accounts.models import User
from accounts.permissions import user_has_totp


def deliver_setup_link(command: BaseCommand, user: User, *, print_link: bool) -> None:
    """Make a new link for ``user``, email it, and say so (printing it too if asked)."""
    token = setup_link_issue(user=user)
    setup_link_send(user=user, token=token)
    hours = int(SETUP_LINK_LIFETIME.total_seconds() // 3600)
    command.stdout.write(
        f"Emailed {user.email} a set-up link for two-step verification "
        f"(it works once, for {hours} hours)."
    )
    if print_link:
        command.stdout.write(f"Set-up link: {setup_link_url(token)}")


class Command(BaseCommand):
    help = (
        "Email a staff member a new single-use link to set up an authenticator app "
        "(earlier links stop working)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--print-link",
            action="store_true",
            help="Also print the link, to hand over another way when email is not set up.",
        )

    def handle(self, *args, email: str, print_link: bool = False, **options):
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active account has the address {email}.")
        if not needs_setup_link(user):
            raise CommandError(
                f"{user.email} is not staff: they can set up an authenticator app themselves."
            )
        if user_has_totp(user):
            raise CommandError(
                f"{user.email} already has an authenticator app. Remove it in the admin first "
                "if they have lost it."
            )
        deliver_setup_link(self, user, print_link=print_link)
