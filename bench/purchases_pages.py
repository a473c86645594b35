"""The purchases progress page for leadership and the purchase list, on the demo database."""

from django.test import Client

from apps.accounts.models import User
from apps.purchases import selectors


def _get(path: str):
    def request():
        client = Client()
        client.force_login(User.objects.get(username="leader"))
        assert client.get(path).status_code == 200

    return request


BENCHMARKS = [
    ("report_figures(2020)", lambda: selectors.report_figures(year=2020), 0.2),
    ("progress page (2020)", _get("/purchases/?year=2020"), 0.4),
    ("purchase list page", _get("/purchases/list/"), 0.25),
]
