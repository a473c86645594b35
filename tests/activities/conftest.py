import pytest

from tests.activities.factories import seed_categories


@pytest.fixture(autouse=True)
def activity_categories(db):
    """The four categories of seed 000, as the data migration creates them."""
    return seed_categories()
