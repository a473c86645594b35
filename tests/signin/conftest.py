import pytest

from apps.core.roles import Role
from tests.signin.cas import CASServer
from tests.signin.directory import BASE_DN, SEARCH_FILTER, SERVICE_DN, SERVICE_PASSWORD, Directory, Person

PASSWORD = "campus-pass-1"
# One campus identity per role, given to the world's users' members by ``campus_world``.
ROLE_IDENTITIES = {role.value: f"2000{index:04d}" for index, role in enumerate(Role)}
PEOPLE = [
    Person("20190001", "王老师", PASSWORD),
    Person("20190002", "停用者", PASSWORD, disabled=True),
    Person("20190003", "名册外", PASSWORD, department="新进教师"),
    Person("20190004", "退休者", PASSWORD),
    *(Person(number, f"角色{role}", PASSWORD) for role, number in ROLE_IDENTITIES.items()),
]


@pytest.fixture(scope="session")
def directory():
    server = Directory(PEOPLE)
    yield server
    server.remove()


@pytest.fixture
def ldap_signin(settings, directory):
    """The portal configured as a campus would: LDAP only, a service bind account, a search base and filter."""
    settings.AUTH_METHODS = ["ldap"]
    settings.AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "apps.accounts.ldap.CampusLDAPBackend"]
    settings.AUTH_LDAP_SERVER_URI = directory.uri
    settings.AUTH_LDAP_BIND_DN = SERVICE_DN
    settings.AUTH_LDAP_BIND_PASSWORD = SERVICE_PASSWORD
    settings.AUTH_LDAP_START_TLS = False
    settings.LDAP_SEARCH_BASE = BASE_DN
    settings.LDAP_SEARCH_FILTER = SEARCH_FILTER
    settings.LDAP_TIMEOUT = 2
    settings.LDAP_CA_CERT_FILE = ""
    return directory


@pytest.fixture
def campus_world(world):
    """The world, its users' members carrying the 工号 the campus servers know."""
    for role, number in ROLE_IDENTITIES.items():
        member = world.users[role].member
        member.employee_no = number
        member.save(update_fields=["employee_no"])
    return world


@pytest.fixture(scope="session")
def cas_server():
    server = CASServer(PEOPLE)
    yield server
    server.stop()


@pytest.fixture
def cas_signin(settings, cas_server):
    """The portal configured with CAS as its only method, against the real CAS server."""
    settings.AUTH_METHODS = ["cas"]
    settings.AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "apps.accounts.cas.CampusCASBackend"]
    settings.CAS_SERVER_URL = cas_server.url
    settings.CAS_EMPLOYEE_NO_ATTRIBUTE = ""
    return cas_server
