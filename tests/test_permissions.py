"""Every URL of the project, for anonymous and every role: the status each one must get.

The table is kept complete: a URL without a row fails ``test_every_url_has_a_row``.
Rows live beside each app's tests in tests/<app>/permission_table.py.
"""

import importlib
import pkgutil

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.conftest import ROLES
from tests.permission_rows import Row

# Django's own admin has its own staff check; it is covered by one row for its index.
EXCLUDED_NAMESPACES = {"admin"}


def _table() -> list[Row]:
    rows = []
    for module in pkgutil.iter_modules(tests.__path__):
        if module.ispkg:
            try:
                table = importlib.import_module(f"tests.{module.name}.permission_table")
            except ModuleNotFoundError:
                continue
            rows.extend(table.ROWS)
    return rows


ROWS = _table()


def _url_names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in EXCLUDED_NAMESPACES:
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _url_names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_every_url_has_a_row():
    missing = _url_names(get_resolver()) - {row.url for row in ROWS}
    assert not missing, f"URLs with no row in the permission table: {sorted(missing)}"


def _value(spec, world):
    return spec(world) if callable(spec) else spec


def test_every_post_row_says_what_it_writes():
    silent = [row.id or row.url for row in ROWS if row.method == "post" and not (row.writes or row.writes_nothing)]
    assert not silent, f"POST rows without writes=(...): {silent}"


def _snapshot(labels: tuple[str, ...]) -> dict[str, int]:
    """A count and a hash of every field of every row of each model: any change shows."""
    state = {}
    for label in labels:
        model = apps.get_model(label)
        rows = list(model._default_manager.order_by("pk").values_list())
        state[label] = hash(repr(rows))
    return state


@pytest.mark.parametrize("row", ROWS, ids=[row.id or row.url for row in ROWS])
def test_url_answers_each_role_as_the_table_says(row: Row, world, client):
    wrong = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        url = reverse(row.url, kwargs=_value(row.args, world)) + row.query
        if row.method == "post":
            data = _value(row.data, world)
            before = _snapshot(row.writes)
            response = client.post(url, data)
            changed = _snapshot(row.writes) != before
            allowed = role in row.ok and response.status_code == row.ok_status
            if not allowed and changed:
                wrong.append(f"{role}: refused ({response.status_code}) but changed {', '.join(row.writes)}")
            if allowed and row.writes and not changed:
                wrong.append(f"{role}: allowed but changed nothing in {', '.join(row.writes)}")
        else:
            response = client.get(url)
        if response.status_code != row.expected(role):
            wrong.append(f"{role}: got {response.status_code}, expected {row.expected(role)}")
    assert not wrong, f"{row.url}: " + "; ".join(wrong)
