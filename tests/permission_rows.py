"""The shape of a row in the permission table (tests/test_permissions.py).

Each app lists its URLs in tests/<app>/permission_table.py as ``ROWS``. A row names a URL,
how to build its arguments from the test ``World`` (and any objects it makes), and which roles
get which status. Roles not named get 403; anonymous users are sent to the login page (302)
unless the row says otherwise. ``args`` and ``data`` are built afresh for every role, so each
role's request meets the record in the same state.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ANONYMOUS = "anonymous"
STAFF, CHAIR, OFFICER, COMMITTEE, HANDLER, LEADER, ADMIN = (
    "staff",
    "branch_chair",
    "officer",
    "committee",
    "handler",
    "leadership",
    "admin",
)
EVERY_ROLE = frozenset({STAFF, CHAIR, OFFICER, COMMITTEE, HANDLER, LEADER, ADMIN})
READ_ALL = frozenset({OFFICER, LEADER, ADMIN})


@dataclass(frozen=True)
class Row:
    url: str  # the URL name, e.g. "people:member_detail"
    ok: frozenset[str] | set[str]  # roles that get ``ok_status``
    args: Callable[[Any], dict] | dict = field(default_factory=dict)  # kwargs for reverse(), from the World
    not_found: frozenset[str] | set[str] = frozenset()  # roles for whom the record is outside their scope
    ok_status: int = 200
    method: str = "get"
    data: Callable[[Any], dict] | dict = field(default_factory=dict)  # POST data
    anonymous_status: int = 302
    query: str = ""  # appended to the URL, e.g. "?export=xlsx"
    id: str = ""  # distinguishes two rows for the same URL
    # POST rows: the models ("app_label.Model") the view writes. A refused request must leave them exactly
    # as they were; an allowed one must change them (unless ``writes_nothing``: e.g. a language cookie).
    writes: tuple[str, ...] = ()
    writes_nothing: bool = False

    def expected(self, role: str) -> int:
        if role == ANONYMOUS:
            return self.ok_status if ANONYMOUS in self.ok else self.anonymous_status
        if role in self.ok:
            return self.ok_status
        if role in self.not_found:
            return 404
        return 403
