import itertools

from tests.permission_rows import ADMIN, OFFICER, READ_ALL, Row
from tests.reports.factories import AnnualReportFactory, ReportVersionFactory, done_version

YEAR = {"year": 2020}
# A year of its own for each role's request: one role's queued version must not refuse the next role's.
_fresh_years = itertools.count(2001)


def _fresh_year(world) -> dict:
    return {"year": next(_fresh_years)}


def _failed_version(world) -> dict:
    return {"version_uuid": ReportVersionFactory(report=AnnualReportFactory(year=next(_fresh_years))).uuid}


ROWS = [
    Row("reports:index", ok=READ_ALL),
    Row("reports:dashboard", ok=READ_ALL),
    Row("reports:dashboard", ok=READ_ALL, query="?year=2019", id="dashboard of another year"),
    Row("reports:report_detail", ok=READ_ALL, args=YEAR),
    Row("reports:report_edit", ok={OFFICER, ADMIN}, args=YEAR),
    Row("reports:report_preview", ok=READ_ALL, args=YEAR),
    Row("reports:version_table", ok=READ_ALL, args=YEAR),
    Row("reports:version_compare", ok=READ_ALL, args=YEAR),
    Row(
        "reports:version_generate",
        ok=READ_ALL,
        args=_fresh_year,
        method="post",
        ok_status=302,
        writes=("reports.AnnualReport", "reports.ReportVersion"),
    ),
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
        args=_failed_version,
        method="post",
        ok_status=302,
        writes=("reports.ReportVersion",),
    ),
]
