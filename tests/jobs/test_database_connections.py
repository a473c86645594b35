"""Issue 11 §7: after PostgreSQL ends every connection (restart, failover, pg_terminate_backend), the next
requests succeed: CONN_HEALTH_CHECKS replaces a dead persistent connection before the request uses it.

A real gunicorn (one worker, so one persistent connection, CONN_MAX_AGE=60) on the committed test database;
the in-process test client would not do, as it bypasses the connection handling between requests.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection

from tests.jobs.conftest import ROOT, free_port, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


@pytest.fixture
def gunicorn(tmp_path):
    port = free_port()
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "union_portal.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER'] or ''}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
            f"/{database['NAME']}"
        ),
        "CONN_MAX_AGE": "60",
        "TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    log = (tmp_path / "gunicorn.log").open("ab")
    process = subprocess.Popen(
        [GUNICORN, "union_portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(base), timeout=30, interval=0.3, what="gunicorn to start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


def _answers(base: str) -> bool:
    try:
        return requests.get(f"{base}/accounts/login/", timeout=10).status_code == 200
    except (requests.ConnectionError, requests.Timeout):
        return False


def _end_every_other_connection() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_requests_after_the_server_ended_the_connections_succeed(gunicorn, client, officer):
    client.force_login(officer)  # a session row in the committed database
    session = requests.Session()
    session.cookies.set(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    assert session.get(f"{gunicorn}/", timeout=10).status_code == 200  # the worker now holds a connection
    assert _end_every_other_connection() >= 1
    statuses = [session.get(f"{gunicorn}/", timeout=10).status_code for _ in range(10)]
    assert statuses == [200] * 10
