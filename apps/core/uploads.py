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
