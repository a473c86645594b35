"""Shared fixtures: a small union with two branch unions, and one named user per role plus an outsider."""

import uuid
from dataclasses import dataclass

import pytest

from apps.accounts.models import Role, User
from apps.people.models import BranchUnion, Member, Unit
from tests.factories import BranchUnionFactory, MemberFactory, UnitFactory, UserFactory

ROLES = ["anonymous", *[role.value for role in Role]]

# Tests that commit for real (browser journeys, the Celery worker, seed_demo) end by emptying every
# table, including the rows data migrations create (activity categories, visit types). Serialized
# rollback puts those rows back at the start of each such test.
COMMITTING_FIXTURES = {"transactional_db", "live_server", "celery_worker"}


@pytest.fixture(autouse=True)
def _cache_of_its_own():
    """Each test reads and writes the real Redis cache under a key prefix of its own: no figure cached by one
    test (whose records were rolled back, never committed) is found by the next."""
    from django.core.cache import cache

    cache.key_prefix = f"test-{uuid.uuid4().hex}"
    yield
    cache.key_prefix = ""


def pytest_collection_modifyitems(items):
    for item in items:
        marker = item.get_closest_marker("django_db")
        commits = bool(marker and marker.kwargs.get("transaction"))
        if commits or COMMITTING_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.fixturenames.append("django_db_serialized_rollback")


@dataclass
class World:
    """The union every test can lean on. Branch A is the chair's; branch B is someone else's."""

    branch_a: BranchUnion
    branch_b: BranchUnion
    unit_a: Unit  # a college in branch A
    unit_b: Unit  # a college in branch B
    handler_unit: Unit  # the department handler's unit (后勤管理处)
    member_a: Member  # the staff user's own member record, in branch A
    member_b: Member  # a member of branch B
    users: dict[str, User]

    def user(self, role: str) -> User | None:
        return self.users.get(role)


@pytest.fixture
def world(db) -> World:
    branch_a = BranchUnionFactory(name="电子与电气工程学院分工会")
    branch_b = BranchUnionFactory(name="机关分工会")
    unit_a = UnitFactory(name="电子与电气工程学院", branch=branch_a)
    unit_b = UnitFactory(name="人力资源处", branch=branch_b, kind=Unit.Kind.OFFICE)
    handler_unit = UnitFactory(name="后勤管理处", branch=branch_b, kind=Unit.Kind.OFFICE)
    member_a = MemberFactory(unit=unit_a, name="张三")
    member_b = MemberFactory(unit=unit_b, name="李四")
    users = {
        Role.STAFF: UserFactory(username="staff", role=Role.STAFF, member=member_a),
        Role.BRANCH_CHAIR: UserFactory(username="chair", role=Role.BRANCH_CHAIR, branch=branch_a, member__unit=unit_a),
        Role.OFFICER: UserFactory(username="officer", role=Role.OFFICER, member__unit=unit_b),
        Role.COMMITTEE: UserFactory(username="committee", role=Role.COMMITTEE, member__unit=unit_b),
        Role.HANDLER: UserFactory(username="handler", role=Role.HANDLER, unit=handler_unit, member__unit=handler_unit),
        Role.LEADERSHIP: UserFactory(username="leader", role=Role.LEADERSHIP, member__unit=unit_b),
        Role.ADMIN: UserFactory(
            username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True, member__unit=unit_b
        ),
    }
    return World(branch_a, branch_b, unit_a, unit_b, handler_unit, member_a, member_b, users)


@pytest.fixture
def outsider(world) -> User:
    """A branch chair of the other branch: logged in, but outside branch A's records."""
    return UserFactory(username="outsider", role=Role.BRANCH_CHAIR, branch=world.branch_b, member__unit=world.unit_b)


@pytest.fixture
def officer(world) -> User:
    return world.users[Role.OFFICER]


@pytest.fixture
def staff(world) -> User:
    return world.users[Role.STAFF]


@pytest.fixture
def leader(world) -> User:
    return world.users[Role.LEADERSHIP]


@pytest.fixture
def chair(world) -> User:
    return world.users[Role.BRANCH_CHAIR]


@pytest.fixture
def handler_user(world) -> User:
    return world.users[Role.HANDLER]


@pytest.fixture
def committee(world) -> User:
    return world.users[Role.COMMITTEE]


@pytest.fixture
def client_for(client):
    """client_for(user) → a test client logged in as that user (or anonymous for None)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (in a thread of this process) on the real Redis broker."""
    from celery.contrib.testing.worker import start_worker
    from django.conf import settings

    from union_portal.celery import app

    app.control.purge()
    queues = list(settings.CELERY_QUEUE_NAMES)  # every queue, as Procfile.dev's worker
    with start_worker(
        app, perform_ping_check=False, pool="solo", concurrency=1, shutdown_timeout=30, queues=queues
    ) as worker:
        yield worker
