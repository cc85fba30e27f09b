"""Assign every open request at once: `manage.py match_cohort [--dry-run] [--fairness]`."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from matching.presenters import cohort_summary_lines
from matching.selectors.cohort import cohort_compute
from matching.services.runs import run_execute, run_start


class Command(BaseCommand):
    help = (
        "Match every open mentoring request at once (exact, capacity-aware). Saves a draft run "
        "for a coordinator to review and publish; --dry-run only prints the summary."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Print the summary only")
        parser.add_argument(
            "--fairness", action="store_true", help="First raise the lowest score, then the total"
        )
        parser.add_argument(
            "--k", type=int, default=None, help="Candidates per request (default all)"
        )
        parser.add_argument("--coordinator", help="Email of the coordinator the draft is for")

    def handle(self, *args, **options) -> None:
        if options["k"] is not None and options["k"] < 1:
            raise CommandError("--k must be 1 or more")
        mode = "fairness" if options["fairness"] else "plain"
        if options["dry_run"]:
            result = cohort_compute(fairness=options["fairness"], k=options["k"])
            self.stdout.write(f"Dry run ({mode} mode): nothing was saved.")
            for line in cohort_summary_lines(result):
                self.stdout.write(line)
            return
        coordinator = None
        if options["coordinator"]:
            coordinator = User.objects.filter(email__iexact=options["coordinator"]).first()
            if coordinator is None:
                raise CommandError(f"No user with the email {options['coordinator']}")
        run = run_start(
            coordinator=coordinator,
            fairness=options["fairness"],
            k=options["k"],
            in_background=False,
        )
        run = run_execute(run_id=run.pk)
        self.stdout.write(
            f"Draft run {run.pk} ({mode} mode): {run.matched_count} of {run.request_count} "
            f"requests matched; total {run.total:.3f}, lowest {run.lowest:.3f}. "
            "A coordinator reviews and publishes it."
        )
