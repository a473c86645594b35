"""Fill the portal with a realistic demo university (idempotent: a second run changes nothing)."""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# Each module has seed(out); the order matters (people before what refers to them).
DEMO_MODULES = [
    "apps.people.demo",
    "apps.accounts.demo",
    "apps.activities.demo",
    "apps.welfare.demo",
    "apps.proposals.demo",
    "apps.purchases.demo",
    "apps.reports.demo",
]


class Command(BaseCommand):
    help = "Fill the portal with a demo university modelled on the two 2020 year-end summaries."

    def handle(self, *args, **options):
        for name in DEMO_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            with transaction.atomic():
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
