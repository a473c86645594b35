from tests.permission_rows import READ_ALL, Row

ROWS = [
    Row("purchases:index", ok=READ_ALL),
]
