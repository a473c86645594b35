"""Render a year's summary to a PDF file from the shell, through the same code as the portal (no Celery)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.reports import services


class Command(BaseCommand):
    help = "Render the annual report of a year to a PDF file: render_annual_report --year 2020 --output report.pdf"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--output", required=True, help="where to write the PDF")

    def handle(self, *args, year: int, output: str, **options):
        if not 2000 <= year <= 2100:
            raise CommandError("--year must be between 2000 and 2100")
        content = services.report_render_now(year=year)
        Path(output).write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({len(content):,} bytes)"))
