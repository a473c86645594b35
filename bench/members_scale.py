"""The member list and exports on a big roster (run bench/roster_scale.py --keep first, or any database).

`DATABASE_URL=… python bench/members_scale.py`: median server time of the member list (first page, last page,
a name search) and of the .csv and .xlsx exports, as an officer, with the number of queries of each.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "union_portal.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.core.roles import Role  # noqa: E402
from apps.people.models import Member  # noqa: E402

settings.ALLOWED_HOSTS.append("testserver")
PAGES = [
    ("member list, first page", "/members/", 5),
    ("member list, ?page=last", "/members/?page=last", 5),
    ("member list, name search ?q=会员4999", "/members/?q=%E4%BC%9A%E5%91%984999", 5),
    ("member export .csv (all)", "/members/?export=csv", 1),
    ("member export .xlsx (all)", "/members/?export=xlsx", 1),
]


def main() -> None:
    client = Client()
    client.force_login(User.objects.filter(role=Role.OFFICER).first())
    print(f"{Member.objects.count()} members")
    for label, path, runs in PAGES:
        times, cpu = [], []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                start, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(path)
                size = sum(len(chunk) for chunk in response) if response.streaming else len(response.content)
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - started_cpu)
            assert response.status_code == 200, response.status_code
        wall, cpu = statistics.median(times) * 1000, statistics.median(cpu) * 1000
        print(f"{label:40} {wall:7.0f} ms wall {cpu:7.0f} ms CPU {len(queries):3} queries {size / 1024:6.0f} KB")


if __name__ == "__main__":
    main()
