from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from apps.core import access, audit, flows, permissions, registry, services
from apps.core.forms import ImportUploadForm, UnionProfileForm
from apps.core.health import health_report
from apps.core.imports import IMPORTERS
from apps.core.models import ImportBatch
from apps.core.spreadsheets import SpreadsheetError
from apps.core.union import current_union, union_profile_save


@permissions.action_required("portal.view")
def home(request):
    """The shortcuts and figure panels the apps declare, as far as the user's role may use them."""
    user = request.user
    shortcuts = [
        {
            "title": item.title,
            "description": item.description,
            "url": reverse(item.url_name, args=item.args),
            "icon": item.icon,
        }
        for item in registry.home_shortcuts()
        if permissions.can(user, item.action)
    ]
    panels = [
        {"template": panel.template, "context": panel.context(user)}
        for panel in registry.home_panels()
        if permissions.can(user, panel.action)
    ]
    context = {"shortcuts": shortcuts, "panels": panels, "role": permissions.role_of(user)}
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


def bad_request(request, exception=None):
    """400 in the portal's layout (Django's own handler renders it without the request: no menu, no user)."""
    return render(request, "400.html", status=400)


@access.perm_required("core.change_union")
def union_settings(request):
    """The union's own name and 落款, kept by officers (no code, no environment variable)."""
    union = current_union()
    initial = {"name": union.name, "short_name": union.short_name, "signature_name": union.signature_name}
    form = UnionProfileForm(request.POST or None, initial=initial)
    done = flows.submit(
        request,
        form,
        lambda data: union_profile_save(by=request.user, **data),
        success=_("工会设置已保存。"),
        redirect_to=lambda _profile: "core:union_settings",
    )
    if done:
        return done
    history = audit.history_entries(union) if union._state.adding is False else []
    return render(request, "core/union_settings.html", {"form": form, "history": history})
