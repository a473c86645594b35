import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ImportBatch(models.Model):
    """An uploaded spreadsheet waiting for its preview to be confirmed, then the record of its import."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        APPLIED = "applied", _("已导入")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("导入类型"), max_length=50)
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=255)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    summary = models.TextField(_("结果"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    applied_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.original_name}"


class Submission(models.Model):
    """A creating form's one-time token, used once: a double click or a resent POST makes nothing twice.

    The service inserts the token in the same transaction as the record it creates; a second request
    with the same token waits for the first to commit, then finds the token taken and is sent to ``url``.
    """

    token = models.UUIDField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    url = models.CharField(_("结果地址"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("表单提交")
        verbose_name_plural = _("表单提交")
        indexes = [models.Index(fields=["created_at"], name="submission_created_idx")]

    def __str__(self) -> str:
        return str(self.token)


def attachment_key(instance, filename: str) -> str:
    """A random storage key: the original name (often personal: "张三-诊断证明.pdf") stays in its own column,
    out of bucket listings, backups and URLs."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    if not extension.isalnum() or len(extension) > 8:
        extension = "bin"
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class Attachment(models.Model):
    """A file someone uploaded to a record (activity photo, visit evidence, proposal or answer file, invoice).

    The owning record points here; a download is served by the owning app's view after that record's own
    ``view`` permission (never from a public /media/ URL).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(_("文件"), upload_to=attachment_key, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件格式"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    is_image = models.BooleanField(_("图片"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        constraints = [models.CheckConstraint(condition=models.Q(size__gte=0), name="attachment_size_not_negative")]

    def __str__(self) -> str:
        return self.original_name


class UnionProfile(models.Model):
    """The installation's own union: its name on pages and reports, set by officers (``manage.py setup_union``
    or the settings page), not by the code. One row; until it exists the ``UNION_NAME`` setting stands in."""

    name = models.CharField(_("工会名称"), max_length=100, help_text=_("例如：某某大学工会委员会"))
    short_name = models.CharField(_("简称"), max_length=30, blank=True, help_text=_("页面标题处使用，例如：某大工会"))
    signature_name = models.CharField(
        _("落款单位"), max_length=100, blank=True, help_text=_("年度报告的落款；不填则用工会名称")
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("工会设置")
        verbose_name_plural = _("工会设置")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="union_profile_single_row")]

    def __str__(self) -> str:
        return self.name

    @property
    def signature(self) -> str:
        return self.signature_name or self.name
