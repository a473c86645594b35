"""The annual report: figures from every app, the preview page and the PDF (about 0.35 s a page)."""

from django.test import Client

from apps.accounts.models import User
from apps.reports import selectors
from apps.reports.services import report_render_now


def _leader() -> Client:
    client = Client()
    client.force_login(User.objects.get(username="leader"))
    return client


def preview_page():
    assert _leader().get("/reports/2020/preview/").status_code == 200


def dashboard_page():
    assert _leader().get("/reports/dashboard/?year=2020").status_code == 200


BENCHMARKS = [
    ("report_data(2020): every app's figures, two years", lambda: selectors.report_data(year=2020), 0.5),
    ("preview page (2020)", preview_page, 0.8),
    ("dashboard page (2020)", dashboard_page, 0.8),
    ("render the 2020 PDF (8 pages)", lambda: report_render_now(year=2020), 5.0),
]
