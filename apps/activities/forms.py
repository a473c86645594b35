from django import forms
from django.utils.translation import gettext_lazy as _

from apps.activities.models import Activity, Category, PlanItem
from apps.activities.services import TRANSITIONS
from apps.core import permissions
from apps.core.forms import DateTimeInput, MoneyField
from apps.core.submissions import OnceFormMixin
from apps.people.models import BranchUnion, Unit


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "sort_order", "is_active"]


class PlanItemForm(forms.ModelForm):
    host_units = forms.ModelMultipleChoiceField(
        label=_("承办单位"),
        queryset=Unit.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("可多选（按住 Ctrl 或 Command 键）。"),
    )

    class Meta:
        model = PlanItem
        fields = ["year", "month", "title", "category", "host_units", "organising_branch", "budget", "note"]
        field_classes = {"budget": MoneyField}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True) | Category.objects.filter(
            pk=self.instance.category_id or 0
        )
        self.fields["month"].widget = forms.Select(choices=[("", "—")] + [(m, f"{m} 月") for m in range(1, 13)])
        _explain_negative(self.fields["budget"], _("预算不能为负数。"))
        if self.instance.pk:
            self.fields["host_units"].initial = list(self.instance.host_units.values_list("pk", flat=True))


class ActivityForm(OnceFormMixin, forms.ModelForm):
    host_units = forms.ModelMultipleChoiceField(
        label=_("承办单位"),
        queryset=Unit.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("可多选（按住 Ctrl 或 Command 键）。"),
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "category",
            "plan_item",
            "start",
            "end",
            "place",
            "mode",
            "host_units",
            "organising_branch",
            "is_published",
            "is_notable",
            "expected_participants",
            "capacity",
            "signup_deadline",
            "waitlist_enabled",
            "budget",
            "cost",
            "actual_participants",
            "description",
        ]
        field_classes = {"budget": MoneyField, "cost": MoneyField}
        widgets = {
            "start": DateTimeInput(),
            "end": DateTimeInput(),
            "signup_deadline": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True) | Category.objects.filter(
            pk=self.instance.category_id or 0
        )
        free_plan = PlanItem.objects.filter(activity__isnull=True) | PlanItem.objects.filter(
            pk=self.instance.plan_item_id or 0
        )
        self.fields["plan_item"].queryset = free_plan.select_related("category").order_by("-year", "month", "pk")
        _explain_negative(self.fields["budget"], _("预算不能为负数。"))
        _explain_negative(self.fields["cost"], _("实际花费不能为负数。"))
        if self.instance.pk:
            self.fields["host_units"].initial = list(self.instance.host_units.values_list("pk", flat=True))
        if user is not None and not permissions.can(user, "activities.manage_all"):
            # Who manages only their own branch's activities organises only for that branch.
            self.fields["organising_branch"].queryset = BranchUnion.objects.filter(pk=user.branch_id)
            self.fields["organising_branch"].required = True
            self.fields["organising_branch"].initial = user.branch_id
        if self.instance.attendance_recorded:
            self.fields["actual_participants"].disabled = True
            self.fields["actual_participants"].help_text = _("已按考勤自动计算。")


def _explain_negative(field: MoneyField, message: str) -> None:
    field.widget.attrs["min"] = "0"
    field.error_messages["min_value"] = message


class StatusForm(forms.Form):
    """Offers only the statuses the activity may move to (see services.TRANSITIONS)."""

    status = forms.ChoiceField(label=_("新状态"), choices=Activity.Status.choices)
    reason = forms.CharField(
        label=_("原因"),
        required=False,
        max_length=Activity.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("延期或取消时必填，例如：因疫情防控要求延期。"),
    )

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS[activity.status]
        field = self.fields["status"]
        field.choices = [(value, label) for value, label in Activity.Status.choices if value in allowed]
        field.error_messages["invalid_choice"] = _("不能把“%(old)s”的活动改为这个状态。") % {
            "old": activity.get_status_display()
        }


class FileForm(forms.Form):
    file = forms.FileField(label=_("照片或文件"), help_text=_("图片、PDF 或 Office 文档。"))
