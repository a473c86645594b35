"""Fill the portal with a realistic demo university (idempotent: a second run changes nothing)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from apps.core import registry


class Command(BaseCommand):
    help = "Fill the portal with a demo university modelled on the two 2020 year-end summaries."

    def handle(self, *args, **options):
        # Each app declares its seed and its place in the order (people before what refers to them).
        for demo in registry.demo_seeds():
            with transaction.atomic():
                demo.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
