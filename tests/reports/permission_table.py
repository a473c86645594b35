from tests.permission_rows import READ_ALL, Row

ROWS = [
    Row("reports:index", ok=READ_ALL),
]
