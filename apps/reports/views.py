from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.core import access, params
from apps.core.replica import reads_from_replica
from apps.core.union import union_signature
from apps.core.uploads import stored_file_response
from apps.reports import compare, selectors, services, word
from apps.reports.document import document_context, snapshot
from apps.reports.forms import NARRATIVE_HELP, ReportForm, YearForm
from apps.reports.models import AnnualReport, ReportVersion

APP_LINKS = [
    (gettext_lazy("文体活动"), "activities:index", "calendar-event"),
    (gettext_lazy("慰问福利"), "welfare:index", "gift"),
    (gettext_lazy("提案"), "proposals:index", "megaphone"),
    (gettext_lazy("消费扶贫"), "purchases:index", "basket"),
    (gettext_lazy("会员"), "people:member_list", "people"),
]


def _check_year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404
    return year


def _report_or_draft(year: int) -> AnnualReport:
    """The saved report of the year, or an unsaved one with the default title (GET never writes)."""
    return selectors.report_for_year(year=_check_year(year)) or AnnualReport(
        year=year, title=services.default_title(year), signing_unit=union_signature()
    )


@access.perm_required("reports.view_report")
def index(request):
    form = YearForm(request.GET or None)
    if form.is_valid():
        return redirect("reports:report_detail", year=form.cleaned_data["year"])
    this_year = timezone.localdate().year
    context = {"form": form, "reports": selectors.report_list(user=request.user), "years": [this_year - 1, this_year]}
    return render(request, "reports/index.html", context)


def _versions_context(report: AnnualReport) -> dict:
    versions = list(selectors.version_list(report=report)) if report.pk else []
    newest_done = next((v for v in versions if v.status == ReportVersion.Status.DONE), None)
    return {
        "report": report,
        "versions": versions,
        "newest_done": newest_done,
        "polling": any(v.is_active for v in versions),
    }


@access.perm_required("reports.view_report")
def report_detail(request, year):
    report = _report_or_draft(year)
    return render(request, "reports/report_detail.html", _versions_context(report))


@access.perm_required("reports.view_report")
def version_table(request, year):
    """The versions table alone, polled by htmx while a version is queued or running."""
    report = _report_or_draft(year)
    return render(request, "reports/_versions.html", _versions_context(report))


@access.perm_required("reports.edit_report")
def report_edit(request, year):
    report = _report_or_draft(year)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            saved = services.report_get_or_create(year=year, by=request.user)
            services.report_update(report=saved, by=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("报告内容已保存。"))
            return redirect("reports:report_detail", year=year)
    context = {"form": form, "report": report, "narrative_help": NARRATIVE_HELP}
    return render(request, "reports/report_form.html", context)


@access.perm_required("reports.view_report")
@reads_from_replica
def report_preview(request, year):
    report = _report_or_draft(year)
    frozen = snapshot(report=report, data=selectors.report_data(year=year))
    return render(request, "reports/preview.html", {**document_context(frozen, linked=True), "report": report})


@require_POST
@access.perm_required("reports.generate_version")
def version_generate(request, year):
    report = services.report_get_or_create(year=_check_year(year), by=request.user)
    try:
        version = services.version_request(report=report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:report_detail", year=year)
    version.refresh_from_db()
    if version.status == ReportVersion.Status.FAILED:
        messages.error(request, version.error.splitlines()[0])
    else:
        messages.success(request, _("已开始生成第 %(n)s 版，完成后可在下方下载。") % {"n": version.number})
    return redirect("reports:report_detail", year=year)


def _version_for(user, perm: str, version_uuid) -> ReportVersion:
    return access.get_object_or_deny(user, perm, selectors.versions_for_user(user=user), uuid=version_uuid)


@access.perm_required("reports.download_version")
def version_download(request, version_uuid):
    version = _version_for(request.user, "reports.download_version", version_uuid)
    if version.status != ReportVersion.Status.DONE or not version.file:
        raise Http404
    return stored_file_response(version.file, filename=version.filename)


@access.perm_required("reports.download_version")
def version_docx(request, version_uuid):
    """The same frozen version as Word, built on request from its snapshot (nothing is stored)."""
    version = _version_for(request.user, "reports.download_version", version_uuid)
    if version.status != ReportVersion.Status.DONE:
        raise Http404
    response = HttpResponse(word.docx_bytes(version.frozen), content_type=word.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{version.docx_filename}"'
    return response


@access.perm_required("reports.view_report")
def version_compare(request, year):
    """Two versions of a year side by side: which figures changed and how the texts changed."""
    report = selectors.report_for_year(year=_check_year(year))
    versions = list(selectors.version_list(report=report)) if report else []
    by_number = {version.number: version for version in versions}
    newest = versions[0].number if versions else None
    new_number = params.int_param(request, "new", default=newest)
    new = by_number.get(new_number) or (versions[0] if versions else None)
    older = [v for v in versions if new and v.number < new.number]
    old = by_number.get(params.int_param(request, "old", default=0)) or (older[0] if older else None)
    context = {"report": report, "year": year, "versions": versions, "old": old, "new": new}
    if old and new and old.pk != new.pk:
        context.update(compare.compare(old, new))
    return render(request, "reports/compare.html", context)


@require_POST
@access.perm_required("reports.generate_version")
def version_retry(request, version_uuid):
    version = _version_for(request.user, "reports.generate_version", version_uuid)
    try:
        services.version_retry(version=version, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已重新开始生成第 %(n)s 版。") % {"n": version.number})
    return redirect("reports:report_detail", year=version.report.year)


def _app_links() -> list[dict]:
    links = []
    for label, name, icon in APP_LINKS:
        try:
            links.append({"label": label, "url": reverse(name), "icon": icon})
        except NoReverseMatch:
            continue
    return links


@access.perm_required("reports.view_dashboard")
@reads_from_replica
def dashboard(request):
    form = YearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else selectors.default_year()
    report = _report_or_draft(year)
    frozen = snapshot(report=report, data=selectors.report_data(year=year))
    context = {**document_context(frozen, linked=True), "report": report, "app_links": _app_links()}
    context.update(_versions_context(report), chart_data=frozen["figures"], form=form)
    return render(request, "reports/dashboard.html", context)
