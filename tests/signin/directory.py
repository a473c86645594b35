"""A real OpenLDAP server (Debian slapd) for the tests: started on a free local port with a generated
configuration, a self-signed certificate for StartTLS and a few people; no system service, no root paths."""

import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BASE_DN = "dc=campus,dc=test"
PEOPLE_DN = f"ou=people,{BASE_DN}"
ADMIN_DN = f"cn=admin,{BASE_DN}"
ADMIN_PASSWORD = "directory-admin"
SERVICE_DN = f"cn=portal,{BASE_DN}"  # the bind account the campus IT office gives the portal
SERVICE_PASSWORD = "portal-bind-secret"
SEARCH_FILTER = "(&(objectClass=inetOrgPerson)(employeeNumber=%(user)s)(!(employeeType=disabled)))"
SLAPD = "/usr/sbin/slapd"


@dataclass(frozen=True)
class Person:
    employee_no: str
    name: str
    password: str
    department: str = "电子与电气工程学院"
    disabled: bool = False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _config(folder: Path, port: int) -> str:
    schema = Path("/etc/ldap/schema")
    includes = "\n".join(f"include {schema / name}.schema" for name in ("core", "cosine", "inetorgperson", "nis"))
    return f"""{includes}
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {folder}/slapd.pid
TLSCertificateFile {folder}/server.crt
TLSCertificateKeyFile {folder}/server.key
database mdb
maxsize 10485760
suffix "{BASE_DN}"
rootdn "{ADMIN_DN}"
rootpw {ADMIN_PASSWORD}
directory {folder}/data
access to attrs=userPassword by self read by anonymous auth by * none
access to * by dn.exact="{SERVICE_DN}" read by self read by * none
"""


def _entries(people: list[Person]) -> str:
    blocks = [
        f"dn: {BASE_DN}\nobjectClass: dcObject\nobjectClass: organization\no: Campus\ndc: campus",
        f"dn: {PEOPLE_DN}\nobjectClass: organizationalUnit\nou: people",
        f"dn: {SERVICE_DN}\nobjectClass: person\nobjectClass: simpleSecurityObject\ncn: portal\nsn: portal\n"
        f"userPassword: {SERVICE_PASSWORD}",
    ]
    for person in people:
        block = (
            f"dn: uid={person.employee_no},{PEOPLE_DN}\nobjectClass: inetOrgPerson\nuid: {person.employee_no}\n"
            f"employeeNumber: {person.employee_no}\ncn: {person.name}\nsn: {person.name[:1]}\n"
            f"ou: {person.department}\nuserPassword: {person.password}"
        )
        if person.disabled:
            block += "\nemployeeType: disabled"
        blocks.append(block)
    return "\n\n".join(blocks) + "\n"


class Directory:
    def __init__(self, people: list[Person]):
        self.folder = Path(tempfile.mkdtemp(prefix="union-portal-slapd-"))
        self.port = free_port()
        self.uri = f"ldap://127.0.0.1:{self.port}"
        self.ca_file = str(self.folder / "server.crt")
        (self.folder / "data").mkdir()
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
             "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(self.folder / "server.key"),
             "-out", self.ca_file],
            check=True, capture_output=True,
        )  # fmt: skip
        (self.folder / "slapd.conf").write_text(_config(self.folder, self.port))
        (self.folder / "entries.ldif").write_text(_entries(people))
        # slapadd loads the entries offline, before the server starts (no bind, no race).
        subprocess.run(
            ["/usr/sbin/slapadd", "-f", str(self.folder / "slapd.conf"), "-l",
             str(self.folder / "entries.ldif")],
            check=True, capture_output=True,
        )  # fmt: skip
        self.process = None
        self.start()

    def start(self) -> None:
        # -d 0 keeps slapd in the foreground, so it is our child and ends with the test session.
        self.process = subprocess.Popen(
            [SLAPD, "-f", str(self.folder / "slapd.conf"), "-h", self.uri, "-d", "0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"slapd ended: {self.process.stderr.read().decode(errors='replace')}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("slapd did not start listening in 15 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
