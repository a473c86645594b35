import subprocess
import time

import pytest
from django.test import override_settings


def test_healthz_reports_a_running_worker(client, celery_worker):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["database"] == "ok"
    assert body["redis"] == "ok"
    assert body["workers"] >= 1


@pytest.mark.django_db
def test_healthz_without_workers_is_degraded_not_an_error(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["workers"] == 0
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_healthz_tells_when_redis_stops(client):
    """A Redis server of the test's own, started and then stopped, so the shared one keeps running."""
    port = "6391"
    subprocess.run(
        ["redis-server", "--port", port, "--daemonize", "yes", "--save", "", "--appendonly", "no"], check=True
    )
    try:
        _wait_for_ping(port)
        with override_settings(REDIS_URL=f"redis://127.0.0.1:{port}/0"):
            assert client.get("/healthz").json()["redis"] == "ok"
            subprocess.run(["redis-cli", "-p", port, "shutdown", "nosave"], check=False)
            response = client.get("/healthz")
    finally:
        subprocess.run(["redis-cli", "-p", port, "shutdown", "nosave"], capture_output=True, check=False)
    assert response.status_code == 503
    assert response.json()["redis"].startswith("error")


def _wait_for_ping(port: str) -> None:
    for _ in range(50):
        if subprocess.run(["redis-cli", "-p", port, "ping"], capture_output=True, text=True).stdout.strip() == "PONG":
            return
        time.sleep(0.1)
    raise AssertionError("the test's Redis did not start")


def test_redis_server_is_running_for_these_tests():
    assert subprocess.run(["redis-cli", "ping"], capture_output=True, text=True).stdout.strip() == "PONG"
