"""Nobody sees in a list, a search or an export a record whose page they may not open.

For every role, every list page of the permission table is opened, and every link on it to a record's
page (a URL with arguments) is followed as the same user: each must open (200), never 403 or 404. Each app
gives the walk varied records through ``tests/<app>/visibility.py`` ``populate(world)``: records in both
branch unions, private and public kinds, other people's drafts — whatever its scopes tell apart.
"""

import importlib
import pkgutil
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

import tests
from tests.conftest import ROLES
from tests.test_permissions import ROWS

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

LINKS_PER_PAGE = 40


def _populators():
    found = []
    for module in pkgutil.iter_modules(tests.__path__):
        if module.ispkg:
            try:
                found.append(importlib.import_module(f"tests.{module.name}.visibility").populate)
            except ModuleNotFoundError:
                continue
    return found


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith("/"):
            self.hrefs.append(href)


def _record_links(html: str) -> list[str]:
    """Links to a record's own page: a GET page whose URL has arguments (a uuid, a year …)."""
    parser = _Links()
    parser.feed(html)
    found = []
    for href in dict.fromkeys(parser.hrefs):
        path = urlsplit(href).path
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.kwargs and not path.startswith(("/admin/", "/accounts/", "/i18n/")):
            found.append(href)
    return found[:LINKS_PER_PAGE]


LIST_ROWS = [row for row in ROWS if row.method == "get" and not row.args and "export=" not in row.query]


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_every_listed_record_opens_for_the_user_who_saw_it(role, world, client):
    for populate in _populators():
        populate(world)
    client.force_login(world.users[role])
    broken = []
    for row in LIST_ROWS:
        if role not in row.ok:
            continue
        page = client.get(reverse(row.url) + row.query)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        for href in _record_links(page.content.decode()):
            status = client.get(href).status_code
            if status in (403, 404):
                broken.append(f"{row.id or row.url} lists {href}, which answers {status}")
    assert not broken, f"{role} sees records they may not open:\n" + "\n".join(broken)
