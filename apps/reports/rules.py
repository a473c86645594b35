"""Who may do what with the annual reports. A union's report is one per year, the same for every reader:
the role decides, there is no per-record scope (branch reports would add one here)."""

import rules

from apps.core import access
from apps.reports.models import ReportVersion


@rules.predicate
def is_finished(user, version: ReportVersion | None) -> bool:
    return version is None or (version.status == ReportVersion.Status.DONE and bool(version.file))


access.add_perm("reports.view_report", role="reports.view")
access.add_perm("reports.edit_report", role="reports.edit")
access.add_perm("reports.generate_version", role="reports.generate")
# A version still being made, or one that failed, has nothing to download: as if it were not there.
access.add_perm("reports.download_version", role="reports.download", rule=is_finished, hides=True)
access.add_perm("reports.view_dashboard", role="dashboard.view")
