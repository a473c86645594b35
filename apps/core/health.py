"""Checks behind /healthz: the database, Redis and the Celery workers, each with a short timeout."""

import redis
from django.conf import settings
from django.db import connection

from union_portal.celery import app as celery_app


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # noqa: BLE001 - any failure is reported, never raised
        return f"error: {exc.__class__.__name__}"


def check_redis() -> str:
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc.__class__.__name__}"


def count_workers() -> int:
    try:
        replies = celery_app.control.inspect(timeout=1.0).ping() or {}
    except Exception:  # noqa: BLE001
        return 0
    return len(replies)


def health_report() -> tuple[dict, bool]:
    report = {"database": check_database(), "redis": check_redis()}
    report["workers"] = count_workers() if report["redis"] == "ok" else 0
    healthy = report["database"] == "ok" and report["redis"] == "ok" and report["workers"] > 0
    report["status"] = "ok" if healthy else "degraded"
    return report, healthy
