"""The activities' figures and pages on the demo database."""

from django.test import Client

from apps.accounts.models import User
from apps.activities import selectors


def _officer() -> Client:
    client = Client()
    client.force_login(User.objects.get(username="officer"))
    return client


def _get(path: str):
    def request():
        assert _officer().get(path).status_code == 200

    return request


BENCHMARKS = [
    ("report_figures(2020)", lambda: selectors.report_figures(year=2020), 0.2),
    ("plan_versus_actual(2020)", lambda: selectors.plan_versus_actual(year=2020), 0.1),
    ("activity list page", _get("/activities/list/"), 0.25),
    ("plan and statistics page (2020)", _get("/activities/plan/?year=2020"), 0.3),
    ("activity export to .xlsx", _get("/activities/list/?export=xlsx"), 1.0),
]
