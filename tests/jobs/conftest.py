"""Real parts for the fault suite: a Redis of the test's own, real Celery workers and beat as processes.

Each worker is a `celery worker` process (prefork pool, one child) on the test's own Redis and the test
database, with leases of a few seconds (JOB_* environment variables), so that killing it with SIGKILL and
waiting for the recovery fits in a test's bound.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from union_portal.celery import app

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))
# Short leases for the tests: a dead worker's job is taken up again within seconds.
JOB_ENV = {"JOB_LEASE_SECONDS": "3", "JOB_HEARTBEAT_SECONDS": "0.5", "JOB_SWEEP_SECONDS": "1"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, *, timeout: float, interval: float = 0.1, what: str = "condition"):
    """Poll ``condition()`` until it returns something true; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class RedisServer:
    """A redis-server of this test's own on a free port, which the test may stop and start again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        wait_for(lambda: _pings(client), timeout=10, what="redis-server to start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def queue_length(self, queue: str) -> int:
        return redis.Redis.from_url(self.url).llen(queue)


def _pings(client) -> bool:
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


def point_app_at(url: str) -> None:
    """Make this process's Celery app publish to ``url`` (dropping the pooled connections to the old one)."""
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def own_redis():
    """A Redis of the test's own; this process's Celery app publishes to it for the test's duration."""
    server = RedisServer()
    server.start()
    old = app.conf.broker_url
    point_app_at(server.url)
    try:
        yield server
    finally:
        point_app_at(old)
        server.stop()


class CeleryProcess:
    """A `celery worker` or `celery beat` process on the test database, the test's Redis and its media folder."""

    def __init__(self, args: list[str], broker_url: str, log: Path) -> None:
        database = connection.settings_dict
        env = {
            **os.environ,
            **JOB_ENV,
            "DJANGO_SETTINGS_MODULE": "union_portal.settings.test",
            "DATABASE_URL": (
                f"postgres://{database['USER'] or ''}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
                f"/{database['NAME']}"
            ),
            "TEST_REDIS_URL": broker_url,
            "TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("PYTEST_XDIST_WORKER", None)  # the process uses the broker URL as given
        self.log = log
        self.process = subprocess.Popen(
            [CELERY, "-A", "union_portal", *args],
            cwd=ROOT,
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: SIGKILL reaches the pool children too
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def kill_pool_process(self) -> int:
        """SIGKILL the pool process running the task (as the kernel's OOM killer does); the worker lives on."""
        (child,) = self.children()  # concurrency 1: one pool process
        os.kill(child, signal.SIGKILL)
        return child

    def kill(self) -> None:
        """SIGKILL the whole worker: main process and pool children at once."""
        if self.process.poll() is None:
            os.killpg(self.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def celery_processes(transactional_db, own_redis, tmp_path):
    """``start_worker(name)`` / ``start_beat()``: real Celery processes, all stopped when the test ends."""
    started: list[CeleryProcess] = []

    def start_worker(name: str = "fault", *, wait: bool = True) -> CeleryProcess:
        """``wait=False`` for a test whose job is already queued: it watches the job itself (a short job may be
        done before a ping through the broker is answered on a busy machine)."""
        queues = ",".join(settings.CELERY_QUEUE_NAMES)
        args = ["worker", "-Q", queues, "--pool=prefork", "--concurrency=1", "-n", f"{name}@%h", "--loglevel=INFO"]
        args += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        worker = CeleryProcess(args, own_redis.url, tmp_path / f"{name}.log")
        started.append(worker)
        # Ready when it consumes: a ping through the broker answers.
        if wait:
            wait_for(lambda: _worker_answers(name, worker), timeout=90, interval=0.5, what=f"worker {name} to start")
        return worker

    def start_beat() -> CeleryProcess:
        schedule = tmp_path / "beat-schedule"
        args = ["beat", "-S", "celery.beat:PersistentScheduler", "-s", str(schedule), "--max-interval", "1"]
        beat = CeleryProcess(args, own_redis.url, tmp_path / "beat.log")
        started.append(beat)
        return beat

    try:
        yield start_worker, start_beat
    finally:
        for process in reversed(started):
            process.stop()


def _worker_answers(name: str, worker: CeleryProcess) -> bool:
    if worker.process.poll() is not None:
        raise AssertionError(f"worker {name} exited:\n{worker.output()[-3000:]}")
    replies = app.control.inspect(timeout=1.5).ping() or {}
    return any(key.startswith(f"{name}@") for key in replies)
