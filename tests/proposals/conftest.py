import pytest

from apps.accounts.models import Role
from tests.factories import UserFactory
from tests.proposals.factories import CongressFactory, DelegateFactory


@pytest.fixture
def congress(db):
    return CongressFactory(name="第五届职代会第一次会议", required_cosigners=2)


@pytest.fixture
def delegate(world, congress):
    """The world's staff user, a delegate of the congress."""
    return DelegateFactory(congress=congress, member=world.member_a)


@pytest.fixture
def other_delegates(world, congress):
    """Two other delegates with their own accounts: (user, delegate) pairs."""
    pairs = []
    for n in range(2):
        user = UserFactory(username=f"delegate{n}", role=Role.STAFF, member__unit=world.unit_b)
        pairs.append((user, DelegateFactory(congress=congress, member=user.member)))
    return pairs
