"""One check for every attachment users upload (activity photos, visit and proposal files, invoices).

Size within MAX_UPLOAD_SIZE, an allowed extension, and content that starts the way such a file
must start, so that a renamed program is refused. Files are then stored through the storage API
and served only by views that check who may see them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "gif", "webp"})
DOCUMENT_EXTENSIONS = frozenset({"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx"})
# The first bytes each kind of file must start with.
MAGIC = {
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
    "pdf": (b"%PDF",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "xls": (b"\xd0\xcf\x11\xe0",),
    "ppt": (b"\xd0\xcf\x11\xe0",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
}


def check_attachment(uploaded, *, field: str = "file") -> bool:
    """Raise ValidationError({field: message}) for a file we do not keep; return whether it is an image."""
    name = uploaded.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if uploaded.size > settings.MAX_UPLOAD_SIZE:
        limit, size = settings.MAX_UPLOAD_SIZE // 1024 // 1024, round(uploaded.size / 1024 / 1024, 1)
        raise ValidationError(
            {field: _("文件太大（%(size)s MB），上限为 %(limit)s MB。") % {"size": size, "limit": limit}}
        )
    if extension not in MAGIC:
        raise ValidationError({field: _("只能上传图片（JPG、PNG、GIF、WebP）、PDF 或 Office 文档。")})
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if not any(head.startswith(magic) for magic in MAGIC[extension]):
        raise ValidationError({field: _("文件内容与扩展名 .%(ext)s 不符，请检查文件。") % {"ext": extension}})
    return extension in IMAGE_EXTENSIONS


def stored_file_response(field_file, *, filename: str, inline: bool = False) -> FileResponse:
    """Stream a stored file through the storage API (never a public /media/ URL); a lost file is a 404."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=not inline, filename=filename)


CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def attachment_store(*, uploaded, by, field: str = "file"):
    """Check an upload (size, type, content) and keep it under a random key; returns the Attachment.

    Called inside the owning record's service transaction, which then points the record at it.
    """
    from apps.core.models import Attachment

    is_image = check_attachment(uploaded, field=field)
    name = (uploaded.name or "file").rsplit("/", 1)[-1][:200]
    attachment = Attachment(
        original_name=name,
        content_type=CONTENT_TYPES.get(_extension(name), "application/octet-stream"),
        size=uploaded.size,
        is_image=is_image,
        uploaded_by=by,
    )
    uploaded.seek(0)
    attachment.file.save(name, uploaded, save=False)
    attachment.full_clean()
    attachment.save()
    return attachment


def attachment_delete(attachment) -> None:
    """Remove the row and, once the transaction commits, the stored file."""
    from django.db import transaction

    name, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def attachment_response(attachment, *, inline: bool = False) -> FileResponse:
    """Serve an attachment under its original name. The caller has checked the owning record's permission."""
    if attachment is None:
        raise Http404
    response = stored_file_response(attachment.file, filename=attachment.original_name, inline=inline)
    response["Content-Type"] = attachment.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


def migrate_files_to_attachments(apps, *, model: str, file_field: str, target: str, name_field: str | None = None):
    """For a data migration: every stored file of ``model.file_field`` becomes a core Attachment under a random
    key (the file is copied to the new key, the old one deleted) and ``model.target`` points at it.

    ``name_field`` names a column holding the original name; otherwise the stored name's last part is used.
    """
    from apps.core.models import attachment_key

    Attachment = apps.get_model("core", "Attachment")
    Model = apps.get_model(*model.split("."))
    uploader = "uploaded_by_id" if any(f.name == "uploaded_by" for f in Model._meta.get_fields()) else None
    for row in Model._default_manager.exclude(**{file_field: ""}).exclude(**{f"{file_field}__isnull": True}):
        stored = getattr(row, file_field)
        original = (getattr(row, name_field) if name_field else "") or stored.name.rsplit("/", 1)[-1]
        try:
            with stored.storage.open(stored.name, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            continue  # a file already lost stays lost; the record keeps no dangling link
        key = stored.storage.save(attachment_key(None, original), _bytes_file(data))
        attachment = Attachment.objects.create(
            file=key,
            original_name=original[:200],
            content_type=CONTENT_TYPES.get(_extension(original), "application/octet-stream"),
            size=len(data),
            is_image=_extension(original) in IMAGE_EXTENSIONS,
            uploaded_by_id=getattr(row, uploader) if uploader else None,
        )
        Model._default_manager.filter(pk=row.pk).update(**{target: attachment})
        stored.storage.delete(stored.name)


def _bytes_file(data: bytes):
    from django.core.files.base import ContentFile

    return ContentFile(data)
