from tests.permission_rows import EVERY_ROLE, Row

ROWS = [
    Row("activities:index", ok=EVERY_ROLE),
]
