from django.core.management.base import BaseCommand

from apps.core.management.commands.import_file import run_import


class Command(BaseCommand):
    help = "Import the HR roster (.xlsx or .csv): all-or-nothing, updates members by 工号, never deletes."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--user", help="the account recorded as the importer (default: first superuser)")

    def handle(self, *args, path, user=None, **options):
        run_import(self, kind="roster", path=path, username=user)
