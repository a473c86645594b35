from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from apps.core import permissions, services
from apps.core.forms import ImportUploadForm
from apps.core.health import health_report
from apps.core.imports import IMPORTERS
from apps.core.models import ImportBatch
from apps.core.spreadsheets import SpreadsheetError
from apps.people.selectors import membership_statistics

# Shortcuts on the home page: (title, description, url name, url args, action, icon).
# Each role sees only what it may use.
HOME_SHORTCUTS = [
    (_("数据看板"), _("全校工会工作的关键数字和图表"), "reports:dashboard", [], "dashboard.view", "bar-chart-line"),
    (_("我的慰问记录"), _("本人历年慰问、生日和节日福利"), "welfare:index", [], "welfare.view_own", "gift"),
    (_("文体活动报名"), _("查看活动、报名和取消报名"), "activities:index", [], "activities.view", "calendar-event"),
    (_("提案公开"), _("教代会提案及办理结果"), "proposals:index", [], "proposals.view_register", "megaphone"),
    (_("会员名册"), _("查询、维护和导出会员"), "people:member_list", [], "members.view", "people"),
    (_("导入花名册"), _("从人事处导出的表格更新会员"), "core:import_upload", ["roster"], "members.import", "upload"),
    (_("消费扶贫"), _("年度采购任务完成进度"), "purchases:index", [], "purchases.view", "basket"),
    (_("年度工作总结"), _("编写、生成和下载年度报告"), "reports:index", [], "reports.view", "file-earmark-text"),
]


@permissions.action_required("portal.view")
def home(request):
    user = request.user
    shortcuts = [
        {"title": title, "description": description, "url": reverse(url_name, args=args), "icon": icon}
        for title, description, url_name, args, action, icon in HOME_SHORTCUTS
        if permissions.can(user, action)
    ]
    context = {"shortcuts": shortcuts, "role": permissions.role_of(user)}
    if permissions.can(user, "members.view_all"):
        context["membership"] = membership_statistics(year=timezone.localdate().year)
    return render(request, "core/home.html", context)


@never_cache
def healthz(request):
    report, healthy = health_report()
    return JsonResponse(report, status=200 if healthy else 503)


def _importer_or_404(kind: str):
    if kind not in IMPORTERS:
        raise Http404
    return IMPORTERS[kind]()


@permissions.action_required("portal.view")
def import_upload(request, kind: str):
    importer = _importer_or_404(kind)
    permissions.check(request.user, importer.action)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            importer.preview(uploaded)  # whole-file problems are told here, before storing
        except SpreadsheetError as exc:
            form.add_error("file", str(exc))
        else:
            batch = services.import_batch_create(kind=kind, uploaded=uploaded, by=request.user)
            return redirect("core:import_preview", batch_uuid=batch.uuid)
    return render(request, "core/import_upload.html", {"form": form, "importer": importer})


@permissions.action_required("portal.view")
def import_preview(request, batch_uuid):
    batch = get_object_or_404(ImportBatch, uuid=batch_uuid, created_by=request.user)
    importer = _importer_or_404(batch.kind)
    permissions.check(request.user, importer.action)
    if batch.status == ImportBatch.Status.APPLIED:
        return render(request, "core/import_done.html", {"batch": batch, "importer": importer})
    preview = services.import_batch_preview(batch)
    if request.method == "POST":
        try:
            summary = services.import_batch_apply(batch=batch, by=request.user)
        except services.ImportInvalid as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, summary)
            return redirect(reverse(importer.success_url) if importer.success_url else request.path)
    return render(
        request,
        "core/import_preview.html",
        {"batch": batch, "importer": importer, "preview": preview, "sample": preview.rows[:50]},
    )
