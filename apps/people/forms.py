from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DateInput
from apps.people.models import BranchUnion, Member, Unit


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "employee_no",
            "name",
            "gender",
            "birth_date",
            "unit",
            "branch",
            "union_group",
            "phone",
            "status",
            "joined_on",
            "left_on",
            "mutual_aid_joined_on",
        ]
        widgets = {
            "birth_date": DateInput(),
            "joined_on": DateInput(),
            "left_on": DateInput(),
            "mutual_aid_joined_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Deactivated units and branch unions are not offered, except the ones this member is already in.
        self.fields["unit"].queryset = Unit.objects.filter(Q(is_active=True) | Q(pk=self.instance.unit_id))
        self.fields["branch"].queryset = BranchUnion.objects.filter(Q(is_active=True) | Q(pk=self.instance.branch_id))


class InterestGroupMemberForm(forms.Form):
    employee_no = forms.CharField(label=_("工号"), max_length=20)

    def clean_employee_no(self):
        employee_no = self.cleaned_data["employee_no"].strip()
        member = Member.objects.filter(employee_no=employee_no).first()
        if member is None:
            raise forms.ValidationError(_("没有工号为 %(value)s 的会员。") % {"value": employee_no})
        self.cleaned_data["member"] = member
        return employee_no


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "kind", "branch", "sort_order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.branch_id
        self.fields["branch"].queryset = BranchUnion.objects.filter(Q(is_active=True) | Q(pk=current))


class BranchUnionForm(forms.ModelForm):
    class Meta:
        model = BranchUnion
        fields = ["name", "sort_order"]
