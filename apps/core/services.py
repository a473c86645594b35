"""Writes shared by every app: confirming imports."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.access import require
from apps.core.figures_cache import figures_changed
from apps.core.imports import IMPORTERS, Importer, ImportPreview
from apps.core.models import ImportBatch


class ImportInvalid(Exception):
    """The file has row errors; nothing was saved."""

    def __init__(self, preview: ImportPreview):
        super().__init__(_("文件中有 %(count)s 处错误，未导入任何数据。") % {"count": len(preview.errors)})
        self.preview = preview


def importer_for(kind: str) -> Importer:
    return IMPORTERS[kind]()


def import_batch_create(*, kind: str, uploaded, by) -> ImportBatch:
    batch = ImportBatch(kind=kind, original_name=uploaded.name[:255], created_by=by)
    uploaded.seek(0)
    batch.file.save(uploaded.name, uploaded, save=False)
    batch.full_clean()
    batch.save()
    return batch


def import_batch_preview(batch: ImportBatch) -> ImportPreview:
    with batch.file.open("rb") as handle:
        data = handle.read()
    # The importer tells .xlsx from .csv by the name the user's file had.
    return importer_for(batch.kind).preview(ContentFile(data, name=batch.original_name))


@transaction.atomic
def import_batch_apply(*, batch: ImportBatch, by) -> str:
    """Validate the whole file again and save every row, or nothing."""
    require(by, "core.use_import_batch", batch)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == ImportBatch.Status.APPLIED:
        raise ValidationError(_("该文件已经导入过了。"))
    summary = import_rows(kind=batch.kind, preview=import_batch_preview(batch), by=by)
    batch.status = ImportBatch.Status.APPLIED
    batch.summary = summary
    batch.applied_at = timezone.now()
    batch.save(update_fields=["status", "summary", "applied_at"])
    return summary


@transaction.atomic
def import_rows(*, kind: str, preview: ImportPreview, by) -> str:
    if not preview.is_valid:
        raise ImportInvalid(preview)
    figures_changed()  # importers write in bulk, past the ORM's signals
    return importer_for(kind).apply(preview, by=by)
