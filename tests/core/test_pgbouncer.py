"""The portal through PgBouncer in transaction mode (issue 13, "beyond one machine").

A real PgBouncer (Debian package) on a free port in front of the local PostgreSQL, started by the test with a
generated configuration. The ORM, a streamed export and the similar-proposal search (which sets a trigram
threshold for its transaction) work through it, and a real gunicorn with ``DATABASE_TRANSACTION_POOLING=True``
serves signed-in pages through it.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connections

from apps.core.exports import Column, export_response
from apps.core.models import UnionProfile
from tests.jobs.conftest import ROOT, free_port, wait_for

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("pgbouncer"),
    pytest.mark.django_db(transaction=True, databases=["default", "bouncer"]),
]
PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def _as_postgres(*command: str) -> list[str]:
    # PgBouncer refuses to run as root; as root the test runs it as the postgres user.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


@pytest.fixture(scope="module")
def pgbouncer(django_db_setup, django_db_blocker):
    if not Path(PGBOUNCER).exists():
        pytest.fail("PgBouncer is needed (Debian package pgbouncer: scripts/system-deps.sh test)")
    primary = connections["default"].settings_dict
    folder = Path(tempfile.mkdtemp(prefix="union-portal-pgbouncer-"))
    port = free_port()
    user = primary["USER"] or os.environ.get("USER") or "root"
    (folder / "users.txt").write_text(f'"{user}" ""\n"postgres" ""\n')
    (folder / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"* = host=127.0.0.1 port={primary['PORT'] or 5432}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir = {folder}\n"
        f"auth_type = trust\nauth_file = {folder}/users.txt\n"
        "pool_mode = transaction\ndefault_pool_size = 4\nmax_client_conn = 200\n"
        "ignore_startup_parameters = extra_float_digits,options\n"
        f"logfile = {folder}/pgbouncer.log\npidfile = {folder}/pgbouncer.pid\n"
    )
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        for path in folder.iterdir():
            shutil.chown(path, "postgres", "postgres")
    process = subprocess.Popen(_as_postgres(PGBOUNCER, str(folder / "pgbouncer.ini")), stdout=subprocess.DEVNULL)
    alias = {**primary, "HOST": "127.0.0.1", "PORT": port, "USER": user, "DISABLE_SERVER_SIDE_CURSORS": True}
    alias["TEST"] = {"MIRROR": "default", "NAME": None, "CHARSET": None, "COLLATION": None, "MIGRATE": True}
    settings.DATABASES["bouncer"] = connections.settings["bouncer"] = alias
    try:
        wait_for(lambda: _answers(folder, port), timeout=30, interval=0.2, what="PgBouncer to start")
        yield {"port": port, "user": user, "database": primary["NAME"]}
    finally:
        connections["bouncer"].close()
        settings.DATABASES.pop("bouncer", None)
        connections.settings.pop("bouncer", None)
        process.terminate()
        process.wait(timeout=15)
        shutil.rmtree(folder, ignore_errors=True)


def _answers(folder: Path, port: int) -> bool:
    done = subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", str(port)], capture_output=True)
    return done.returncode == 0


def test_the_orm_an_export_and_a_transaction_local_setting_work_through_transaction_pooling(pgbouncer):
    with connections["bouncer"].cursor() as cursor:
        cursor.execute("SHOW port")  # answered by a PostgreSQL server behind the pooler
        assert cursor.fetchone()[0] == str(connections["default"].settings_dict["PORT"] or 5432)
    UnionProfile.objects.using("bouncer").create(pk=1, name="连接池测试工会")
    assert UnionProfile.objects.using("default").get().name == "连接池测试工会"
    response = export_response(
        UnionProfile.objects.using("bouncer").all(), [Column("名称", "name")], filename="工会", fmt="csv"
    )
    assert "连接池测试工会" in b"".join(response.streaming_content).decode("utf-8-sig")
    from django.db import transaction

    with transaction.atomic(using="bouncer"), connections["bouncer"].cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', '0.35', true)")
        cursor.execute("SHOW pg_trgm.word_similarity_threshold")
        assert cursor.fetchone()[0] == "0.35"


@pytest.fixture
def gunicorn_through_pgbouncer(pgbouncer, tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "union_portal.settings.test",
        "DATABASE_URL": f"postgres://{pgbouncer['user']}@127.0.0.1:{pgbouncer['port']}/{pgbouncer['database']}",
        "DATABASE_TRANSACTION_POOLING": "True",
        "CONN_MAX_AGE": "60",
        "TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    log = (tmp_path / "gunicorn.log").open("ab")
    process = subprocess.Popen(
        [GUNICORN, "union_portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _page(base, "/accounts/login/") == 200, timeout=30, interval=0.3, what="gunicorn")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


def _page(base: str, path: str, session=None) -> int:
    try:
        return (session or requests).get(base + path, timeout=10).status_code
    except (requests.ConnectionError, requests.Timeout):
        return 0


def test_signed_in_pages_are_served_through_the_pooler(gunicorn_through_pgbouncer, client, django_user_model):
    officer = django_user_model.objects.create_user("officer-pool", role="officer")
    client.force_login(officer)  # a session row in the committed database
    session = requests.Session()
    session.cookies.set(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    pages = ["/", "/members/", "/activities/", "/welfare/", "/proposals/", "/purchases/", "/reports/"]
    statuses = {path: _page(gunicorn_through_pgbouncer, path, session) for path in pages * 3}
    assert statuses == dict.fromkeys(pages, 200)
