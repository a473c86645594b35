"""Runs the real CAS server (tests/signin/cas_server, django-mama-cas) in a second process on a free port."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from tests.signin.directory import free_port

REPO = Path(__file__).resolve().parents[2]


class CASServer:
    def __init__(self, people):
        self.folder = Path(tempfile.mkdtemp(prefix="union-portal-cas-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/cas/"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.signin.cas_server.settings",
            "CAS_SERVER_DB": str(self.folder / "cas.sqlite3"),
            "PYTHONPATH": str(REPO),
        }
        self._manage("migrate", "--noinput", "-v", "0")
        script = "from django.contrib.auth.models import User\n" + "".join(
            f"User.objects.create_user({p.employee_no!r}, password={p.password!r}, first_name={p.name!r}, "
            f"last_name={p.department!r})\n"
            for p in people
            if not p.disabled
        )
        self._manage("shell", "-c", script)
        with open(self.folder / "server.log", "wb") as log:  # the child keeps its own copy of the file
            self.process = subprocess.Popen(
                [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
                env=self.env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        self._wait()

    def _manage(self, *args: str) -> None:
        subprocess.run([sys.executable, "-m", "django", *args], env=self.env, cwd=REPO, check=True, capture_output=True)

    def _wait(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the CAS server ended: " + (self.folder / "server.log").read_text())
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the CAS server did not start in 30 s")

    def ticket_for(self, service: str, username: str, password: str) -> str:
        """Log in on the CAS server's own form (as a browser would) and return the service ticket."""
        session = requests.Session()
        login_url = f"{self.url}login"
        page = session.get(login_url, params={"service": service}, timeout=10)
        token = session.cookies["csrftoken"]
        data = {"username": username, "password": password, "csrfmiddlewaretoken": token}
        response = session.post(page.url, data=data, allow_redirects=False, timeout=10, headers={"Referer": page.url})
        location = response.headers.get("Location", "")
        assert "ticket=" in location, f"the CAS server gave no ticket ({response.status_code})"
        return location.split("ticket=", 1)[1].split("&", 1)[0]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)
