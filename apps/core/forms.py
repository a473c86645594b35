from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


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
