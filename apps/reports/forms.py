import re

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.reports.models import NARRATIVE_FIELDS, AnnualReport

NARRATIVE_HELP = _(
    "每行一段，直接输入即可。需要列表或加粗时可使用 HTML 的段落、列表和加粗标签；其他标签、图片和链接会被自动去除。"
)
ONLY_PARAGRAPHS = re.compile(r"(?:<p>(?:(?!</?p>).)*</p>)+", re.S)


def narrative_for_editing(html: str) -> str:
    """Stored paragraphs shown as plain lines in the textarea (lists and bold stay as HTML)."""
    if html and ONLY_PARAGRAPHS.fullmatch(html):
        return "\n\n".join(re.findall(r"<p>(.*?)</p>", html, re.S))
    return html or ""


class ReportForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["title", "include_plan", "signing_unit", "signing_date", *NARRATIVE_FIELDS]
        widgets = {
            "signing_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **{name: forms.Textarea(attrs={"rows": 5, "class": "narrative-input"}) for name in NARRATIVE_FIELDS},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            for name in NARRATIVE_FIELDS:
                self.initial[name] = narrative_for_editing(self.initial.get(name, ""))


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
