import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core import permissions
from apps.core.forms import DateInput
from apps.core.submissions import OnceFormMixin
from apps.core.validators import not_in_future, sane_date
from apps.people import selectors as people_selectors
from apps.people.models import BranchUnion, Member
from apps.welfare import selectors as welfare_selectors
from apps.welfare.filters import MONTHS
from apps.welfare.models import NOTE_MAX, REASON_MAX, Distribution, VisitType

MEMBER_TEXT_MAX = 120  # a picker label: name, 工号 and unit
LABEL_NO = re.compile(r"[（(]\s*([^，,）)\s]+)")


def _money_field(label, *, required: bool = True, initial=None) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=required,
        initial=initial,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


class MemberChoiceField(forms.CharField):
    """A member typed as a 工号, a name, or a picker label such as “张三（T00001，人力资源处）”.

    The list behind it comes from people:member_search (a <datalist>); only members the user may reach count.
    """

    def __init__(self, *, user=None, **kwargs):
        self.user = user
        kwargs.setdefault("label", _("会员"))
        kwargs.setdefault("help_text", _("输入姓名或工号，从列表中选择。"))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"list": "member-options", "autocomplete": "off", "data-member-picker": "1"})
        attrs["maxlength"] = str(MEMBER_TEXT_MAX)
        return attrs

    def to_python(self, value):
        text = super().to_python(value).strip()
        if not text:
            return None
        if len(text) > MEMBER_TEXT_MAX:
            raise ValidationError(_("请填写姓名或工号。"))
        members = people_selectors.member_list(user=self.user).select_related(None)
        match = LABEL_NO.search(text)
        if match:
            found = members.filter(employee_no=match.group(1)).first()
            if found:
                return found
        found = members.filter(employee_no=text).first()
        if found:
            return found
        named = list(members.filter(name=text)[:2])
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            raise ValidationError(_("有多名会员叫“%(name)s”，请填写工号。"), params={"name": text})
        raise ValidationError(_("找不到会员“%(text)s”，请检查姓名或工号。"), params={"text": text})


# The longest list of 工号 a chosen-list distribution takes in one form (about 20,000 numbers).
CHOSEN_MAX = 200_000


def _text_area(label, max_length: int, *, required: bool = False, rows: int = 3) -> forms.CharField:
    """A textarea with its limit; portal.js shows the live count under it."""
    return forms.CharField(
        label=label, max_length=max_length, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


def _date_field(label, *, past: bool = False, **kwargs) -> forms.DateField:
    """A date between 1900 and 2100 (``past``: and not after today), with the browser's picker held to the same."""
    return forms.DateField(label=label, widget=DateInput(), validators=[not_in_future if past else sane_date], **kwargs)


class VisitForm(OnceFormMixin, forms.Form):
    member = MemberChoiceField()
    visit_type = forms.ModelChoiceField(label=_("慰问类型"), queryset=VisitType.objects.none())
    visited_on = _date_field(_("慰问日期"), past=True)
    cash_amount = _money_field(_("慰问金（元）"), required=False, initial=0)
    gift_description = forms.CharField(label=_("慰问品"), max_length=200, required=False)
    gift_value = _money_field(_("慰问品价值（元）"), required=False, initial=0)
    visitors = forms.CharField(
        label=_("慰问人员"), max_length=200, required=False, help_text=_("参加慰问的工会干部，多人用顿号分隔。")
    )
    note = _text_area(_("备注"), NOTE_MAX)
    attachment = forms.FileField(label=_("附件"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].user = user
        types = welfare_selectors.visit_types()  # annotated with this year's standard
        if not permissions.can(user, "welfare.view_private"):
            types = types.filter(private=False)
        self.fields["visit_type"].queryset = types
        self.fields["visit_type"].label_from_instance = lambda t: (
            _("%(name)s（标准 %(amount)s 元）")
            % {
                "name": t.name,
                "amount": t.standard,
            }
        )
        self.fields["visited_on"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        cash, gift = cleaned.get("cash_amount") or 0, cleaned.get("gift_value") or 0
        if "cash_amount" not in self.errors and "gift_value" not in self.errors and cash + gift <= 0:
            self.add_error("cash_amount", _("慰问金和慰问品价值至少填写一项，且须大于零。"))
        return cleaned


class ReasonForm(forms.Form):
    reason = _text_area(_("驳回理由"), REASON_MAX, required=True, rows=2)


class DistributionForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=200, help_text=_("如：2021年夏送清凉"))
    kind = forms.ChoiceField(label=_("类别"), choices=Distribution.Kind.choices, initial=Distribution.Kind.FESTIVAL)
    visit_type = forms.ModelChoiceField(
        label=_("计入慰问类型"), queryset=VisitType.objects.filter(is_active=True), required=False
    )
    item = forms.CharField(label=_("物品"), max_length=200)
    unit_value = _money_field(_("每份价值（元）"))
    distributed_on = _date_field(_("发放日期"))
    audience = forms.ChoiceField(label=_("发放范围"), choices=Distribution.Audience.choices)
    birthday_month = forms.TypedChoiceField(
        label=_("生日月份"),
        choices=[("", "---------"), *MONTHS],
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("发放范围为“当月生日”时选择。"),
    )
    branch = forms.ModelChoiceField(
        label=_("分工会"),
        queryset=BranchUnion.objects.all(),
        required=False,
        help_text=_("发放范围为“某分工会”时选择。"),
    )
    chosen = forms.CharField(
        label=_("指定名单（工号）"),
        required=False,
        max_length=CHOSEN_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("发放范围为“指定名单”时填写，每行或用逗号分隔一个工号。"),
    )
    note = _text_area(_("备注"), NOTE_MAX, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["distributed_on"].initial = timezone.localdate()

    def clean_unit_value(self):
        value = self.cleaned_data["unit_value"]
        if value is not None and value <= 0:
            raise ValidationError(_("金额必须大于零。"))
        return value

    def clean_chosen(self):
        numbers = [n for n in re.split(r"[\s,，、;；]+", self.cleaned_data["chosen"]) if n]
        if len(numbers) != len(set(numbers)):
            duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
            raise ValidationError(_("工号重复：%(numbers)s"), params={"numbers": "、".join(duplicates)})
        members = list(Member.objects.filter(employee_no__in=numbers))
        unknown = sorted(set(numbers) - {m.employee_no for m in members})
        if unknown:
            raise ValidationError(_("找不到这些工号：%(numbers)s"), params={"numbers": "、".join(unknown)})
        return members


class BirthdayForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(label=_("月份"), choices=MONTHS, coerce=int)
    unit_value = _money_field(_("每份价值（元）"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["month"].initial = today.month


class EnrolForm(forms.Form):
    member = MemberChoiceField()
    joined_on = _date_field(_("加入互助会日期"), past=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].user = user
        self.fields["joined_on"].initial = timezone.localdate()


class ClaimForm(OnceFormMixin, forms.Form):
    member = MemberChoiceField()
    submitted_on = _date_field(_("申领日期"), past=True)
    amount_requested = _money_field(_("申领金额（元）"))
    reason = _text_area(_("申领事由"), NOTE_MAX, required=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].user = user
        self.fields["submitted_on"].initial = timezone.localdate()


class ClaimApproveForm(forms.Form):
    approved_amount = _money_field(_("核定金额（元）"), required=False)


class ClaimPayForm(forms.Form):
    paid_on = _date_field(_("发放日期"), past=True)
    paid_amount = _money_field(_("发放金额（元）"), required=False)


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    visit_type = forms.ModelChoiceField(label=_("慰问类型"), queryset=VisitType.objects.filter(is_active=True))
    amount = _money_field(_("预算（元）"))


class VisitStandardForm(forms.Form):
    visit_type = forms.ModelChoiceField(label=_("慰问类型"), queryset=VisitType.objects.filter(is_active=True))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    amount = _money_field(_("慰问标准（元）"))
