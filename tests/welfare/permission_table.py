from tests.permission_rows import EVERY_ROLE, Row

ROWS = [
    Row("welfare:index", ok=EVERY_ROLE),
]
