"""Welfare pages, the report figures and a distribution to every active member, on the demo university."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.test import Client

from apps.accounts.models import User
from apps.welfare import selectors, services
from apps.welfare.models import Distribution


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def dashboard_2020():
    assert _client("leader").get("/welfare/?year=2020").status_code == 200


def visit_list_page():
    assert _client("officer").get("/welfare/visits/?page=2").status_code == 200


def visit_export_xlsx():
    assert _client("officer").get("/welfare/visits/?export=xlsx").status_code == 200


def report_figures_2020():
    selectors.report_figures(year=2020)


class _Rollback(Exception):
    pass


def distribution_to_every_active_member():
    """Prepare and hand out one record per active member (~1,000) in the web process, then roll back."""
    officer = User.objects.get(username="officer")
    try:
        with transaction.atomic():
            distribution = services.distribution_create(
                title="bench",
                kind=Distribution.Kind.OTHER,
                item="bench",
                unit_value=Decimal("1"),
                distributed_on=date(2021, 10, 1),
                audience=Distribution.Audience.ALL_ACTIVE,
                by=officer,
            )
            Distribution.objects.filter(pk=distribution.pk).update(status=Distribution.Status.RUNNING)
            services.distribution_run(distribution=distribution, by=officer)
            raise _Rollback
    except _Rollback:
        pass


BENCHMARKS = [
    ("welfare dashboard (leadership, 2020)", dashboard_2020, 0.5),
    ("visit list page (officer, page 2)", visit_list_page, 0.25),
    ("visit export to .xlsx (all visits)", visit_export_xlsx, 1.0),
    ("report_figures(year=2020)", report_figures_2020, 0.2),
    ("distribution to every active member (~1,000 records)", distribution_to_every_active_member, 3.0),
]
