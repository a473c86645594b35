from tests.permission_rows import EVERY_ROLE, Row

ROWS = [
    Row("proposals:index", ok=EVERY_ROLE),
]
