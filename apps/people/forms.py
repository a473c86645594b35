from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DateInput
from apps.people.models import Member


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


class InterestGroupMemberForm(forms.Form):
    employee_no = forms.CharField(label=_("工号"), max_length=20)

    def clean_employee_no(self):
        employee_no = self.cleaned_data["employee_no"].strip()
        member = Member.objects.filter(employee_no=employee_no).first()
        if member is None:
            raise forms.ValidationError(_("没有工号为 %(value)s 的会员。") % {"value": employee_no})
        self.cleaned_data["member"] = member
        return employee_no
