from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DateInput
from apps.core.submissions import OnceFormMixin
from apps.core.validators import sane_date
from apps.people.models import Member, Unit
from apps.proposals.models import SUBJECT_LIMIT, TEXT_LIMIT, Category, Congress, Proposal


class ProposalForm(OnceFormMixin, forms.ModelForm):
    attachment = forms.FileField(
        label=_("附件"), required=False, help_text=_("可选：图片、PDF 或 Office 文档，最大 10 MB。")
    )

    class Meta:
        model = Proposal
        fields = ["congress", "category", "title", "subject", "reasons", "measures"]
        widgets = {
            "subject": forms.Textarea(attrs={"rows": 2}),
            "reasons": forms.Textarea(attrs={"rows": 6}),
            "measures": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "subject": _("一句话说明要解决什么问题（最多 %(limit)s 字）。") % {"limit": SUBJECT_LIMIT},
            "reasons": _("最多 %(limit)s 字。") % {"limit": TEXT_LIMIT},
            "measures": _("具体、可操作的措施（最多 %(limit)s 字）。") % {"limit": TEXT_LIMIT},
        }

    def __init__(self, *args, congresses=None, similar_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["congress"].queryset = congresses if congresses is not None else Congress.objects.all()
        self.fields["congress"].empty_label = None
        for name in ("subject", "reasons", "measures"):
            self.fields[name].error_messages["required"] = _("请填写%(label)s。") % {"label": self.fields[name].label}
        # While the delegate types, htmx asks for earlier proposals that look like this one.
        for name in ("title", "subject"):
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": similar_url,
                    "hx-trigger": "input changed delay:600ms",
                    "hx-target": "#similar-proposals",
                    "hx-include": "[name=title],[name=subject]",
                }
            )


class ReviewForm(forms.Form):
    DECISIONS = [
        ("accept", _("立案")),
        ("reject", _("不予立案")),
        ("suggestion", _("转为意见建议")),
        ("merge", _("并入其他提案")),
    ]
    decision = forms.ChoiceField(label=_("审查结论"), choices=DECISIONS, widget=forms.RadioSelect)
    lead_unit = forms.ModelChoiceField(label=_("主办部门"), queryset=Unit.objects.all(), required=False)
    helper_units = forms.ModelMultipleChoiceField(
        label=_("协办部门"),
        queryset=Unit.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("按住 Ctrl 可多选。"),
    )
    due_on = forms.DateField(
        label=_("办理期限"),
        required=False,
        widget=DateInput(),
        validators=[sane_date],
        help_text=_("为空时按大会默认期限。"),
    )
    merge_into = forms.ModelChoiceField(label=_("并入提案"), queryset=Proposal.objects.none(), required=False)
    reason = forms.CharField(
        label=_("审查意见"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("不予立案时必填。"),
    )

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merge_into"].queryset = (
            Proposal.objects.filter(
                congress=proposal.congress,
                status__in=(Proposal.Status.SUBMITTED, *Proposal.REGISTER_STATUSES),
            )
            .exclude(pk=proposal.pk)
            .order_by("number_seq", "title")
        )


class AnswerForm(forms.Form):
    result = forms.ChoiceField(label=_("办理结果"), choices=Proposal.Result.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("答复内容"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 6}))
    reason = forms.CharField(
        label=_("不能解决的原因"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("选择“暂不能解决”时必填。"),
    )
    file = forms.FileField(label=_("附件"), required=False)


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("您对答复的评价"), choices=Proposal.Satisfaction.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("意见"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("不满意时必填：提案将退回承办部门重新办理。"),
    )


class CongressForm(forms.ModelForm):
    class Meta:
        model = Congress
        fields = [
            "name",
            "term",
            "session",
            "starts_on",
            "ends_on",
            "submission_opens",
            "submission_closes",
            "required_cosigners",
            "answer_days",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "submission_opens": DateInput(),
            "submission_closes": DateInput(),
        }


class DelegateForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("会员"),
        queryset=Member.objects.filter(status=Member.Status.ACTIVE),
        widget=forms.TextInput(attrs={"placeholder": _("工号")}),
        to_field_name="employee_no",
        error_messages={"invalid_choice": _("没有这个工号的在职会员。")},
        help_text=_("填写工号。"),
    )
    delegation = forms.CharField(label=_("代表团"), max_length=100, required=False)


class BackEntryForm(OnceFormMixin, forms.Form):
    """补录: one proposal of a past congress with the real date of each step. The service checks the rules."""

    DECISIONS = [("accept", _("立案")), ("reject", _("不予立案")), ("suggestion", _("转为意见建议"))]

    proposer = forms.ModelChoiceField(
        label=_("提案人工号"),
        queryset=Member.objects.all(),
        widget=forms.TextInput(attrs={"placeholder": _("工号")}),
        to_field_name="employee_no",
        error_messages={"invalid_choice": _("没有这个工号的会员。")},
        help_text=_("不是本次大会代表的，保存时一并登记为代表。"),
    )
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    title = forms.CharField(label=_("标题"), max_length=100)
    subject = forms.CharField(label=_("案由"), max_length=SUBJECT_LIMIT, widget=forms.Textarea(attrs={"rows": 2}))
    reasons = forms.CharField(label=_("理由"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 4}))
    measures = forms.CharField(label=_("建议"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 4}))
    submitted_on = forms.DateField(label=_("提交日期"), widget=DateInput(), validators=[sane_date])
    decision = forms.ChoiceField(label=_("审查结论"), choices=DECISIONS, widget=forms.RadioSelect)
    decided_on = forms.DateField(label=_("审查日期"), widget=DateInput(), validators=[sane_date])
    decision_reason = forms.CharField(
        label=_("审查意见"), required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 2})
    )
    lead_unit = forms.ModelChoiceField(label=_("主办部门"), queryset=Unit.objects.all(), required=False)
    helper_units = forms.ModelMultipleChoiceField(
        label=_("协办部门"), queryset=Unit.objects.all(), required=False, widget=forms.SelectMultiple(attrs={"size": 4})
    )
    due_on = forms.DateField(label=_("办理期限"), required=False, widget=DateInput(), validators=[sane_date])
    answer_result = forms.ChoiceField(
        label=_("办理结果"), choices=[("", _("尚未答复")), *Proposal.Result.choices], required=False
    )
    answer_text = forms.CharField(
        label=_("答复内容"), required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )
    answer_reason = forms.CharField(
        label=_("不能解决的原因"), required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 2})
    )
    answered_on = forms.DateField(label=_("答复日期"), required=False, widget=DateInput(), validators=[sane_date])
    rating = forms.ChoiceField(
        label=_("提案人评价"), choices=[("", _("尚未评价")), *Proposal.Satisfaction.choices], required=False
    )
    rating_comment = forms.CharField(
        label=_("评价意见"), required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 2})
    )
    rated_on = forms.DateField(label=_("评价日期"), required=False, widget=DateInput(), validators=[sane_date])
