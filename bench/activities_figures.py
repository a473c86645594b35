"""Time and count the queries of the activities' figures and pages on the current (demo) database.


.venv/bin/python manage.py shell < bench/activities_figures.py
"""

import time

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import User
from apps.activities import selectors

client = Client(SERVER_NAME="localhost")
client.force_login(User.objects.get(username="officer"))
cases = [
    ("report_figures(2020)", lambda: selectors.report_figures(year=2020)),
    ("plan_versus_actual(2020)", lambda: selectors.plan_versus_actual(year=2020)),
    ("GET /activities/list/", lambda: client.get("/activities/list/")),
    ("GET /activities/plan/?year=2020", lambda: client.get("/activities/plan/?year=2020")),
    ("GET /activities/list/?export=xlsx", lambda: client.get("/activities/list/?export=xlsx")),
]
for label, call in cases:
    reset_queries()  # each request empties the query log, so start from an empty one
    with CaptureQueriesContext(connection) as queries:
        result = call()
    started = time.perf_counter()
    for _ in range(10):
        call()
    elapsed = (time.perf_counter() - started) / 10 * 1000
    status = getattr(result, "status_code", "")
    print(f"{label}: {len(queries)} queries, {elapsed:.1f} ms {status}")
