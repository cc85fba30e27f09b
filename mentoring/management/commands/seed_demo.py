"""Load realistic, deterministic demo data: `manage.py seed_demo [--mentors N] [--mentees M]`."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from mentoring.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create demo accounts and profiles. Safe to run again: it never creates duplicates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mentors", type=int, default=60, help="How many mentors (default 60)")
        parser.add_argument("--mentees", type=int, default=80, help="How many mentees (default 80)")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026)")
        parser.add_argument(
            "--demo-accounts",
            action="store_true",
            help="Create the demo sign-ins even when DEBUG is off",
        )

    def handle(self, *args, **options) -> None:
        for name in ("mentors", "mentees"):
            if options[name] < 0:
                self.stderr.write(self.style.ERROR(f"--{name} must be 0 or more"))
                raise SystemExit(2)
        with_accounts = settings.DEBUG or options["demo_accounts"]
        result = seed_demo(
            mentors=options["mentors"],
            mentees=options["mentees"],
            seed=options["seed"],
            demo_accounts=with_accounts,
        )
        self.stdout.write(self.style.SUCCESS(result.summary()))
        if with_accounts:
            self.stdout.write("")
            self.stdout.write(f"Demo sign-ins (password for each: {DEMO_PASSWORD}):")
            for line in result.account_lines():
                self.stdout.write(f"  {line}")
            for note in result.notes:
                self.stdout.write("")
                self.stdout.write(note)
