from tests.permission_rows import ADMIN, OFFICER, READ_ALL, Row
from tests.reports.factories import AnnualReportFactory, ReportVersionFactory, done_version

YEAR = {"year": 2020}

ROWS = [
    Row("reports:index", ok=READ_ALL),
    Row("reports:dashboard", ok=READ_ALL),
    Row("reports:dashboard", ok=READ_ALL, query="?year=2019", id="dashboard of another year"),
    Row("reports:report_detail", ok=READ_ALL, args=YEAR),
    Row("reports:report_edit", ok={OFFICER, ADMIN}, args=YEAR),
    Row("reports:report_preview", ok=READ_ALL, args=YEAR),
    Row("reports:version_table", ok=READ_ALL, args=YEAR),
    Row("reports:version_compare", ok=READ_ALL, args=YEAR),
    Row("reports:version_generate", ok=READ_ALL, args=YEAR, method="post", ok_status=302),
    Row(
        "reports:version_download",
        ok=READ_ALL,
        args=lambda w: {"version_uuid": done_version(AnnualReportFactory()).uuid},
    ),
    Row(
        "reports:version_docx",
        ok=READ_ALL,
        args=lambda w: {"version_uuid": done_version(AnnualReportFactory()).uuid},
    ),
    Row(
        "reports:version_retry",
        ok=READ_ALL,
        args=lambda w: {"version_uuid": ReportVersionFactory(report=AnnualReportFactory(year=2019)).uuid},
        method="post",
        ok_status=302,
    ),
]
