"""Form pieces shared by every app: the upload form of imports, date inputs, money fields."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.core.params import DATE_MAX, DATE_MIN


class DateInput(forms.DateInput):
    """The browser's date picker, limited to the years a date field accepts."""

    input_type = "date"

    def __init__(self, attrs=None, **kwargs):
        attrs = {"min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat(), **(attrs or {})}
        super().__init__(attrs=attrs, format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, **kwargs):
        attrs = {"min": f"{DATE_MIN.isoformat()}T00:00", "max": f"{DATE_MAX.isoformat()}T23:59", **(attrs or {})}
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M", **kwargs)


class MoneyField(forms.DecimalField):
    """An amount in yuan: two decimals, never negative, at most 9,999,999,999.99."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("step", "0.01")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("表格文件"),
        help_text=_("支持 .xlsx 和 .csv，第一行为表头。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > settings.MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("文件太大，上限为 %(limit)s MB。") % {"limit": settings.MAX_UPLOAD_SIZE // 1024 // 1024}
            )
        return uploaded


class UnionProfileForm(forms.Form):
    name = forms.CharField(label=_("工会名称"), max_length=100, help_text=_("例如：某某大学工会委员会"))
    short_name = forms.CharField(label=_("简称"), max_length=30, required=False)
    signature_name = forms.CharField(
        label=_("落款单位"), max_length=100, required=False, help_text=_("年度报告的落款；不填则用工会名称")
    )
