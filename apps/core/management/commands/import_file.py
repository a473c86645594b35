from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from apps.core import services
from apps.core.imports import IMPORTERS
from apps.core.spreadsheets import SpreadsheetError


class Command(BaseCommand):
    help = "Import a spreadsheet with any registered importer (all-or-nothing), e.g. import_file roster FILE"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(IMPORTERS))
        parser.add_argument("path")
        parser.add_argument("--user", help="the account recorded as the importer (default: first superuser)")

    def handle(self, *args, kind, path, user=None, **options):
        run_import(self, kind=kind, path=path, username=user)


def run_import(command: BaseCommand, *, kind: str, path: str, username: str | None) -> None:
    """Shared by import_file and the per-app commands such as import_roster."""
    users = get_user_model().objects
    by = users.filter(username=username).first() if username else users.filter(is_superuser=True).first()
    if username and by is None:
        raise CommandError(f"No such user: {username}")
    importer = services.importer_for(kind)
    try:
        with open(path, "rb") as handle:
            preview = importer.preview(handle)
    except FileNotFoundError:
        raise CommandError(f"No such file: {path}") from None
    except SpreadsheetError as exc:
        raise CommandError(str(exc)) from None
    if not preview.is_valid:
        for error in preview.errors:
            command.stderr.write(f"第 {error.row} 行 [{error.column}] {error.message}")
        raise CommandError(f"{len(preview.errors)} 处错误，未导入任何数据。")
    command.stdout.write(services.import_rows(kind=kind, preview=preview, by=by))
