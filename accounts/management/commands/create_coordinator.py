"""Create a scheme coordinator, or promote an existing user to one (safe to run again)."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from accounts.services import coordinator_ensure, user_create_verified


class Command(BaseCommand):
    help = (
        "Create or promote a scheme coordinator: staff, in the coordinators group, with a "
        "verified email. They must set up an authenticator app when they first sign in."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="", help="Full name (for a new user).")
        parser.add_argument(
            "--password-from-env",
            metavar="VAR",
            help="Set the password from this environment variable (never on the command line). "
            "Without it a new coordinator sets a password with 'Reset your password'.",
        )

    def handle(self, *args, email: str, name: str, password_from_env: str | None, **options):
        password = None
        if password_from_env:
            password = os.environ.get(password_from_env)
            if not password:
                raise CommandError(f"Environment variable {password_from_env} is not set.")
        with transaction.atomic():
            existing = User.objects.filter(email__iexact=email.strip()).first()
            was_coordinator = existing is not None and existing.is_coordinator
            user = user_create_verified(
                email=email, password=password, full_name=name, is_staff=True
            )
            coordinator_ensure(user=user)
            changed = []
            if existing is not None and name and user.full_name != name:
                user.full_name = name
                changed.append("name")
            if existing is not None and password:
                user.set_password(password)
                changed.append("password")
            if changed:
                user.save()
        if existing is None:
            self.stdout.write(self.style.SUCCESS(f"Created coordinator {user.email}."))
            if password is None:
                self.stdout.write(
                    "No password set: they can choose one with 'Reset your password'."
                )
        elif not was_coordinator:
            self.stdout.write(self.style.SUCCESS(f"Promoted {user.email} to coordinator."))
        else:
            self.stdout.write(f"{user.email} is already a coordinator.")
        if existing is not None and changed:
            self.stdout.write(f"Updated {' and '.join(changed)} for {user.email}.")
