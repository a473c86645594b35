"""Reports, dashboards and exports read from a real PostgreSQL streaming replica, safely.

The test makes the replica itself: ``pg_basebackup -R`` of the local server into a temporary folder, started
on a free port as a hot standby. Writes stay on the primary; a user who just wrote reads from the primary;
a replica that lags or is down is passed over, with no error.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from apps.core import replica
from apps.core.models import UnionProfile
from apps.core.union import union_profile_save

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("replica"),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres(*command: str) -> list[str]:
    # PostgreSQL refuses to run as root; as root the test runs its servers as the postgres user.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


def _primary() -> dict:
    return connections["default"].settings_dict


@pytest.fixture(scope="module")
def replica_server(django_db_setup, django_db_blocker):
    if not (PG_BIN / "pg_basebackup").exists():
        pytest.fail("PostgreSQL 15's server binaries are needed (Debian package postgresql-15)")
    folder = Path(tempfile.mkdtemp(prefix="union-portal-replica-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = _free_port()
    subprocess.run(
        _as_postgres(str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(_primary()["PORT"] or 5432),
                     "-U", "postgres", "-D", str(data), "-R", "-X", "stream", "-c", "fast"),
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    # Debian keeps the primary's configuration in /etc, so the copy has none: PostgreSQL's defaults, and only
    # the test's own connections over the socket and 127.0.0.1.
    (data / "postgresql.conf").write_text("")
    (data / "pg_ident.conf").write_text("")
    (data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
    if os.geteuid() == 0:
        for name in ("postgresql.conf", "pg_ident.conf", "pg_hba.conf"):
            shutil.chown(data / name, "postgres", "postgres")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c hot_standby=on"
    start = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]
    subprocess.run(_as_postgres(*start), check=True, capture_output=True, timeout=120)
    # The replica as the ``replica`` alias of the test database: a mirror, so tests never flush it.
    alias = {**_primary(), "HOST": "127.0.0.1", "PORT": port, "USER": "postgres"}
    alias["OPTIONS"] = {**alias.get("OPTIONS", {}), "connect_timeout": 3}
    alias["TEST"] = {"MIRROR": "default", "NAME": None, "CHARSET": None, "COLLATION": None, "MIGRATE": True}
    settings.DATABASES["replica"] = connections.settings["replica"] = alias
    yield {"port": port, "data": data, "folder": folder}
    connections["replica"].close()
    settings.DATABASES.pop("replica", None)
    connections.settings.pop("replica", None)
    with contextlib.suppress(AttributeError):
        del connections["replica"]
    subprocess.run(_as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"), timeout=60)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def with_replica(replica_server):
    replica._replica_down_until = 0.0
    yield replica_server
    connections["replica"].close()


def _wait_until(condition, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("the replica did not catch up in time")


def _on_replica(query: str):
    with connections["replica"].cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchone()[0]


def _replica_has(name: str) -> bool:
    with replica.reading_from_replica():
        return UnionProfile.objects.filter(name=name).exists()


def test_reads_in_a_replica_block_come_from_the_standby_and_writes_go_to_the_primary(with_replica):
    assert _on_replica("SELECT pg_is_in_recovery()") is True
    union_profile_save(by=None, name="复制测试大学工会")
    _wait_until(lambda: replica.read_alias() == "replica" and _replica_has("复制测试大学工会"))
    with CaptureQueriesContext(connections["replica"]) as on_standby, replica.reading_from_replica():
        assert UnionProfile.objects.get().name == "复制测试大学工会"
        union_profile_save(by=None, name="改名后的工会")  # a write inside the block still reaches the primary
    assert any("core_unionprofile" in query["sql"] for query in on_standby.captured_queries)
    assert UnionProfile.objects.using("default").get().name == "改名后的工会"


def test_a_browser_that_just_wrote_reads_from_the_primary(with_replica):
    factory, seen = RequestFactory(), {}

    def view(request):
        seen[request.method] = replica.read_alias()
        from django.http import HttpResponse

        return HttpResponse("ok")

    middleware = replica.ReplicaPinMiddleware(view)
    response = middleware(factory.post("/settings/union/"))
    cookie = response.cookies[replica.PIN_COOKIE]
    assert int(cookie.value) > time.time()
    pinned = factory.get("/")
    pinned.COOKIES[replica.PIN_COOKIE] = cookie.value
    middleware(pinned)
    assert seen["GET"] == "default"
    _wait_until(lambda: (middleware(factory.get("/")), seen["GET"])[1] == "replica")


def test_a_lagging_replica_is_passed_over_until_it_catches_up(with_replica, settings):
    settings.REPLICA_MAX_LAG_SECONDS = 0.5
    _wait_until(lambda: replica.read_alias() == "replica")
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        union_profile_save(by=None, name="滞后时写入的名称")
        time.sleep(1)
        assert _on_replica("SELECT count(*) FROM core_unionprofile WHERE name = '滞后时写入的名称'") == 0
        assert replica.read_alias() == "default"  # behind: the primary answers, with the new name
        assert _replica_has("滞后时写入的名称")
    finally:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    _wait_until(lambda: replica.read_alias() == "replica" and _replica_has("滞后时写入的名称"))


def test_a_replica_that_is_down_leaves_reads_and_exports_on_the_primary(with_replica):
    from apps.core.exports import Column, export_response

    union_profile_save(by=None, name="宕机前的名称")
    data = with_replica["data"]
    subprocess.run(_as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"), timeout=60)
    connections["replica"].close()
    assert replica.read_alias() == "default"  # no error: the replica is left alone for a while
    with replica.reading_from_replica():
        assert UnionProfile.objects.get().name == "宕机前的名称"
    response = export_response(
        UnionProfile.objects.all(), [Column("名称", lambda union: union.name)], filename="工会", fmt="csv"
    )
    assert "宕机前的名称" in b"".join(response.streaming_content).decode("utf-8-sig")
