"""Fit and store the matching index now, unless the stored one is already current."""

from django.core.management.base import BaseCommand

from matching.index import code_version, rebuild_index
from matching.models import StoredIndex


class Command(BaseCommand):
    help = "Fit and store the matching index unless the stored one is current (after seeding)."

    def handle(self, *args, **options):
        fitted = rebuild_index()
        newest = StoredIndex.objects.filter(code_version=code_version()).first()
        count = newest.mentor_count if newest else 0
        mentors = f"{count} mentor" if count == 1 else f"{count} mentors"
        if fitted:
            self.stdout.write(f"Stored a new matching index covering {mentors}.")
        else:
            self.stdout.write(f"The stored matching index is current: it covers {mentors}.")
