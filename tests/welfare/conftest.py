import pytest

from tests.welfare.factories import ensure_visit_types


@pytest.fixture(autouse=True)
def visit_types(request):
    """Every welfare test starts with the union's visit types (as after the data migration)."""
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or "world" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    ensure_visit_types()
