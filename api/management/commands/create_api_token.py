"""Create a personal API token for a person and print it once (for operators)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from api.tokens import DEFAULT_DAYS, token_create


class Command(BaseCommand):
    help = "Create a personal API token for the person with EMAIL and print it once."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", required=True)
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS)

    def handle(self, *args, email, name, days, **options):
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(f"No active account with the email address {email}")
        try:
            issued = token_create(owner=user, name=name, days=days)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stderr.write(
            f"Token '{issued.token.name}' for {user.email}, expires "
            f"{issued.token.expires_at:%Y-%m-%d}. It is shown only this once."
        )
        self.stdout.write(issued.secret)
