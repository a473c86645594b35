from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from apps.core import permissions
from apps.core.audit import history_entries
from apps.core.exports import Column
from apps.core.listing import FilteredListView
from apps.people import selectors, services
from apps.people.filters import MemberFilter
from apps.people.forms import InterestGroupMemberForm, MemberForm
from apps.people.models import InterestGroup, Member


class MemberListView(FilteredListView):
    action = "members.view"
    export_action = "members.export"
    filterset_class = MemberFilter
    template_name = "people/member_list.html"
    export_filename = "members"
    # The roster's own column names (a file format, not translated), so an export can be re-imported.
    export_columns = [
        Column("工号", "employee_no"),
        Column("姓名", "name"),
        Column("性别", lambda m: m.get_gender_display()),
        Column("出生日期", "birth_date"),
        Column("单位", "unit.name"),
        Column("分工会", "branch.name"),
        Column("工会小组", "union_group.name"),
        Column("电话", "phone"),
        Column("状态", lambda m: m.get_status_display()),
        Column("入会日期", "joined_on"),
        Column("离岗日期", "left_on"),
        Column("加入互助会日期", "mutual_aid_joined_on"),
    ]

    def base_queryset(self):
        return selectors.member_list(user=self.request.user)


def _member_for(user, member_uuid) -> Member:
    return permissions.get_object_for(user, "members.view_self", selectors.member_list(user=user), uuid=member_uuid)


@permissions.action_required("members.view_self")
def member_detail(request, member_uuid):
    member = _member_for(request.user, member_uuid)
    may_audit = permissions.can(request.user, "audit.view")
    context = {"member": member, "history": history_entries(member) if may_audit else None}
    return render(request, "people/member_detail.html", context)


@permissions.action_required("members.manage")
def member_create(request):
    return _member_form(request, Member(), _("会员已添加。"))


@permissions.action_required("members.manage")
def member_edit(request, member_uuid):
    return _member_form(request, _member_for(request.user, member_uuid), _("会员信息已保存。"))


def _member_form(request, member: Member, success: str):
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        member = services.member_save(member=form.save(commit=False), by=request.user)
        messages.success(request, success)
        return redirect("people:member_detail", member_uuid=member.uuid)
    return render(request, "people/member_form.html", {"form": form, "member": member})


@permissions.action_required("members.view")
def member_search(request):
    """JSON for member pickers in every app: {"results": [{"id", "uuid", "label"}]}."""
    found = selectors.member_search(user=request.user, text=request.GET.get("q", ""))
    results = [{"id": m.pk, "uuid": str(m.uuid), "label": f"{m.name}（{m.employee_no}，{m.unit.name}）"} for m in found]
    return JsonResponse({"results": results})


@permissions.action_required("portal.view")
def interest_group_list(request):
    return render(request, "people/interest_group_list.html", {"groups": selectors.interest_group_list()})


@permissions.action_required("members.view")
def interest_group_detail(request, pk: int):
    group = get_object_or_404(InterestGroup.objects.select_related("leader"), pk=pk)
    form = InterestGroupMemberForm(request.POST or None)
    if request.method == "POST":
        permissions.check(request.user, "members.manage")
        if form.is_valid():
            try:
                services.interest_group_member_add(group=group, member=form.cleaned_data["member"])
            except ValidationError as exc:
                form.add_error("employee_no", exc)
            else:
                messages.success(request, _("已加入兴趣小组。"))
                return redirect("people:interest_group_detail", pk=group.pk)
    memberships = selectors.interest_group_memberships(group=group)
    return render(
        request, "people/interest_group_detail.html", {"group": group, "memberships": memberships, "form": form}
    )


@permissions.action_required("members.manage")
def interest_group_member_remove(request, pk: int, member_uuid):
    group = get_object_or_404(InterestGroup, pk=pk)
    if request.method == "POST":
        services.interest_group_member_remove(group=group, member=get_object_or_404(Member, uuid=member_uuid))
        messages.success(request, _("已移出兴趣小组。"))
    return redirect("people:interest_group_detail", pk=group.pk)
