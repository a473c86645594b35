"""Every GET page, as each demo role reaches it by its links: queries, server time and HTML size.

    python bench/pages.py [--runs 5] [--out docs/benchmarks-pages.md]

Starting at the home page, each role's pages are crawled by following same-site links (no exports, downloads,
logout or the admin), keeping at most two addresses per URL name (say, the first list page and a filtered one)
plus the last page of each paginated list. Each page is requested once to warm up, then ``--runs`` times;
the table gives the queries of one request, p50 and p95 server time and the page's size. The same is measured
for the Django admin changelist of the main lists, as the plain alternative.

Goals (issue 13): every page ≤ 15 queries and the same count at 1× and at scale; p95 ≤ 100 ms; list pages at
most half the admin changelist's time. Speed goals live here, never in timed tests.
"""

import argparse
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "union_portal.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402

settings.ALLOWED_HOSTS.append("testserver")
ROLES = ["staff", "chair", "officer", "committee", "handler", "leader", "admin"]
SKIP = re.compile(
    r"export=|/download|/file/|/pdf/|/attachment|/logout|/i18n/|/admin/|/static/|/media/|\.(pdf|xlsx|csv|docx)$"
)
LINK = re.compile(r'href="([^"#]+)"')
PER_NAME = 2
ADMIN_PAIRS = [
    ("/members/", "/admin/people/member/"),
    ("/activities/list/", "/admin/activities/activity/"),
    ("/welfare/visits/", "/admin/welfare/visit/"),
    ("/welfare/distributions/", "/admin/welfare/distribution/"),
    ("/proposals/review/", "/admin/proposals/proposal/"),
    ("/purchases/list/", "/admin/purchases/purchase/"),
]


def measure(client: Client, path: str, runs: int) -> dict | None:
    response = client.get(path)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return None
    times = []
    reset_queries()  # each request starts by clearing the log: begin counting from an empty one
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    query_count = len(queries.captured_queries)  # read now: the next request clears the log
    for _ in range(runs):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "path": path,
        "queries": query_count,
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "kb": len(response.content) / 1024,
        "html": response.content.decode(errors="replace"),
    }


def url_name(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def crawl(client: Client, runs: int, limit: int) -> list[dict]:
    queue, seen, per_name, rows = ["/"], set(), defaultdict(int), []
    while queue and len(rows) < limit:
        path = queue.pop(0)
        name = url_name(path)
        if path in seen or name is None or per_name[name] >= PER_NAME:
            continue
        seen.add(path)
        row = measure(client, path, runs)
        if row is None:
            continue
        per_name[name] += 1
        row["name"] = name
        rows.append(row)
        for href in LINK.findall(row.pop("html")):
            href = urljoin(path, href.replace("&amp;", "&"))
            if href.startswith("/") and not SKIP.search(href) and href not in seen:
                queue.append(href)
    return rows


def last_pages(client: Client, rows: list[dict], runs: int) -> list[dict]:
    """``?page=last`` of every list the crawl met: the deep page must be as fast as the first."""
    extra = []
    for name in sorted({row["name"] for row in rows if row["name"].endswith("_list")}):
        path = next(row["path"] for row in rows if row["name"] == name).split("?")[0] + "?page=last"
        row = measure(client, path, runs)
        if row:
            row.pop("html")
            row["name"] = name + " (last page)"
            extra.append(row)
    return extra


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--limit", type=int, default=150, help="pages per role at most")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    users = {user.username: user for user in get_user_model().objects.filter(username__in=ROLES)}
    lines = ["| role | page | queries | p50 ms | p95 ms | KB |", "|---|---|---:|---:|---:|---:|"]
    over_queries = over_time = total = 0
    for role in ROLES:
        client = Client()
        client.force_login(users[role])
        rows = crawl(client, args.runs, args.limit)
        rows += last_pages(client, rows, args.runs)
        for row in rows:
            total += 1
            over_queries += row["queries"] > 15
            over_time += row["p95"] > 100
            figures = f"{row['queries']} | {row['p50']:.0f} | {row['p95']:.0f} | {row['kb']:.0f}"
            lines.append(f"| {role} | `{row['path']}` | {figures} |")
        print(f"{role}: {len(rows)} pages", flush=True)
    admin = Client()
    admin.force_login(users["admin"])
    comparison = ["| list | portal p50 ms | admin changelist p50 ms | ratio |", "|---|---:|---:|---:|"]
    for portal_path, admin_path in ADMIN_PAIRS:
        portal, plain = measure(admin, portal_path, args.runs), measure(admin, admin_path, args.runs)
        if portal and plain:
            ratio = portal["p50"] / plain["p50"]
            comparison.append(f"| `{portal_path}` | {portal['p50']:.0f} | {plain['p50']:.0f} | {ratio:.2f} |")
    summary = (
        f"{total} page × role rows; {over_queries} over 15 queries; {over_time} with p95 over 100 ms "
        f"(members in the database: {_members()})."
    )
    report = "\n".join([summary, "", *lines, "", *comparison, ""])
    print(report)
    if args.out:
        Path(args.out).write_text(report, encoding="utf-8")
    return 0


def _members() -> int:
    from apps.people.models import Member

    return Member.objects.count()


if __name__ == "__main__":
    sys.exit(main())
