"""The member roster's pages. Access: apps/people/rules.py; what each role reads: docs/data-access.md."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from apps.core.access import get_object_or_deny, perm_required
from apps.core.audit import history_entries
from apps.core.exports import Column
from apps.core.flows import flash_errors, submit
from apps.core.listing import FilteredListView
from apps.core.params import text_param
from apps.people import selectors, services
from apps.people.filters import MemberFilter
from apps.people.forms import BranchUnionForm, InterestGroupMemberForm, MemberForm, UnitForm
from apps.people.models import BranchUnion, InterestGroup, Member, Unit
from apps.people.rules import CONTACT_FIELDS

# The roster's own column names (a file format, not translated), so an export can be re-imported.
# Contact and personal columns are left out for a user without people.view_member_contact.
EXPORT_COLUMNS = [
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
CONTACT_COLUMNS = {"出生日期", "电话"}


class LastPageFromTheEnd(Paginator):
    """The last page read from the other end of the order (LIMIT, no OFFSET over every member before it)."""

    def page(self, number):
        number = self.validate_number(number)
        if number == 1 or number != self.num_pages or not isinstance(self.object_list, QuerySet):
            return super().page(number)
        bottom = (number - 1) * self.per_page
        on_last_page = self.count - bottom
        rows = list(self.object_list.reverse()[:on_last_page])[::-1]
        return self._get_page(rows, number, self)


class MemberListView(FilteredListView):
    action = "members.view"  # the role action of people.list_members
    export_action = "members.export"  # of people.export_members
    filterset_class = MemberFilter
    template_name = "people/member_list.html"
    export_filename = "members"
    paginator_class = LastPageFromTheEnd

    @property
    def export_columns(self) -> list[Column]:
        if self.request.user.has_perm("people.view_member_contact"):
            return EXPORT_COLUMNS
        return [column for column in EXPORT_COLUMNS if column.header not in CONTACT_COLUMNS]

    def base_queryset(self):
        members = selectors.member_list(user=self.request.user)
        if not self.request.user.has_perm("people.view_member_contact"):
            members = members.defer(*CONTACT_FIELDS)
        return members


@perm_required("people.view_member")
def member_detail(request, member_uuid):
    member = get_object_or_deny(
        request.user, "people.view_member", selectors.member_page(user=request.user), uuid=member_uuid
    )
    history = None
    if request.user.has_perm("people.view_history", member):
        hidden = () if request.user.has_perm("people.view_member_contact", member) else CONTACT_FIELDS
        history = history_entries(member, exclude=hidden)
    return render(request, "people/member_detail.html", {"member": member, "history": history})


@perm_required("people.add_member")
def member_create(request):
    return _member_form(request, Member(), _("会员已添加。"))


@perm_required("people.change_member")
def member_edit(request, member_uuid):
    member = get_object_or_deny(
        request.user, "people.change_member", selectors.member_list(user=request.user), uuid=member_uuid
    )
    return _member_form(request, member, _("会员信息已保存。"))


def _member_form(request, member: Member, success: str):
    form = MemberForm(request.POST or None, instance=member)
    done = submit(
        request,
        form,
        lambda data: services.member_save(member=form.save(commit=False), by=request.user),
        success=success,
        redirect_to=lambda saved: reverse("people:member_detail", args=[saved.uuid]),
    )
    return done or render(request, "people/member_form.html", {"form": form, "member": member})


@perm_required("people.search_members")
def member_search(request):
    """JSON for member pickers in every app: {"results": [{"id", "uuid", "label"}]}."""
    found = selectors.member_search(user=request.user, text=text_param(request, "q"))
    results = [{"id": m.pk, "uuid": str(m.uuid), "label": f"{m.name}（{m.employee_no}，{m.unit.name}）"} for m in found]
    return JsonResponse({"results": results})


@perm_required("people.list_interest_groups")
def interest_group_list(request):
    return render(
        request, "people/interest_group_list.html", {"groups": selectors.interest_group_list(user=request.user)}
    )


@perm_required("people.view_interest_group")
def interest_group_detail(request, pk: int):
    group = get_object_or_404(InterestGroup.objects.select_related("leader"), pk=pk)
    form = InterestGroupMemberForm(request.POST or None)
    if request.method == "POST":
        get_object_or_deny(request.user, "people.change_interest_group", InterestGroup.objects.all(), pk=pk)
    done = submit(
        request,
        form,
        lambda data: services.interest_group_member_add(group=group, member=data["member"], by=request.user),
        success=_("已加入兴趣小组。"),
        redirect_to=lambda _result: reverse("people:interest_group_detail", args=[group.pk]),
        rename={"member": "employee_no"},
    )
    if done:
        return done
    memberships = selectors.interest_group_memberships(user=request.user, group=group)
    context = {"group": group, "memberships": memberships, "form": form}
    return render(request, "people/interest_group_detail.html", context)


@require_POST
@perm_required("people.change_interest_group")
def interest_group_member_remove(request, pk: int, member_uuid):
    group = get_object_or_deny(request.user, "people.change_interest_group", InterestGroup.objects.all(), pk=pk)
    member = get_object_or_404(selectors.member_list(user=request.user), uuid=member_uuid)
    services.interest_group_member_remove(group=group, member=member, by=request.user)
    messages.success(request, _("已移出兴趣小组。"))
    return redirect("people:interest_group_detail", pk=group.pk)


# Units and branch unions: the same five pages for each kind (list, add, page with history, edit, deactivate).
ORGANISATION = {
    "unit": {"model": Unit, "form": UnitForm, "list": selectors.unit_list, "title": _lazy("单位")},
    "branch": {"model": BranchUnion, "form": BranchUnionForm, "list": selectors.branch_list, "title": _lazy("分工会")},
}


@perm_required("people.view_organisation")
def organisation_list(request, kind: str):
    spec = ORGANISATION[kind]
    context = {"kind": kind, "title": spec["title"], "records": spec["list"](user=request.user)}
    return render(request, "people/organisation_list.html", context)


@perm_required("people.view_organisation")
def organisation_detail(request, kind: str, pk: int):
    spec = ORGANISATION[kind]
    record = get_object_or_deny(request.user, "people.view_organisation", spec["list"](user=request.user), pk=pk)
    history = history_entries(record) if request.user.has_perm("people.view_history", record) else None
    context = {"kind": kind, "title": spec["title"], "record": record, "history": history}
    return render(request, "people/organisation_detail.html", context)


@perm_required("people.change_organisation")
def organisation_create(request, kind: str):
    return _organisation_form(request, kind, ORGANISATION[kind]["model"](), _("已添加。"))


@perm_required("people.change_organisation")
def organisation_edit(request, kind: str, pk: int):
    spec = ORGANISATION[kind]
    record = get_object_or_deny(request.user, "people.change_organisation", spec["model"].objects.all(), pk=pk)
    return _organisation_form(request, kind, record, _("已保存。"))


def _organisation_form(request, kind: str, record, success: str):
    form = ORGANISATION[kind]["form"](request.POST or None, instance=record)
    done = submit(
        request,
        form,
        lambda data: services.organisation_save(record=form.save(commit=False), by=request.user),
        success=success,
        redirect_to=lambda saved: reverse(f"people:{kind}_detail", args=[saved.pk]),
    )
    context = {"kind": kind, "title": ORGANISATION[kind]["title"], "form": form, "record": record}
    return done or render(request, "people/organisation_form.html", context)


@require_POST
@perm_required("people.change_organisation")
def organisation_set_active(request, kind: str, pk: int):
    spec = ORGANISATION[kind]
    record = get_object_or_deny(request.user, "people.change_organisation", spec["model"].objects.all(), pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.organisation_set_active(record=record, active=active, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("已启用。") if active else _("已停用。"))
    return redirect(f"people:{kind}_detail", pk=record.pk)
