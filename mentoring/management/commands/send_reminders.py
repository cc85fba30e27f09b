"""Daily reminders: `manage.py send_reminders` (cron or a platform scheduler; safe to run twice)."""

from django.core.management.base import BaseCommand

from mentoring.services.reminders import reminders_run


class Command(BaseCommand):
    help = (
        "Remind mentors of introductions left unanswered (MENTORING_INTRODUCTION_REMINDER_DAYS), "
        "flag and remind pairs with no recent session (MENTORING_NO_SESSION_DAYS), retry "
        "failed emails, and resume mentors whose pause has ended. Each reminder is sent once."
    )

    def handle(self, *args, **options) -> None:
        summary = reminders_run()
        for line in summary.lines():
            self.stdout.write(line)
