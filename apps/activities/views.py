from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from apps.activities import selectors, services
from apps.activities.filters import ActivityFilter
from apps.activities.forms import ActivityForm, CategoryForm, FileForm, PlanItemForm, StatusForm
from apps.activities.models import Activity, Category, PlanItem, SignUp
from apps.core import permissions
from apps.core.audit import history_entries
from apps.core.exports import Column, export_response, requested_format
from apps.core.listing import FilteredListView
from apps.core.uploads import attachment_response


def _show_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(form, error: ValidationError) -> None:
    """Put a service's refusal next to the field it is about, or at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _year(request) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year


# ---- staff: what is open, and my sign-ups ------------------------------------------------------


@permissions.action_required("activities.view")
def index(request):
    context = {
        "open_activities": selectors.open_activities(user=request.user)[:20],
        "signups": selectors.my_signups(user=request.user)[:50],
        "has_member": bool(request.user.member_id),
    }
    return render(request, "activities/index.html", context)


class ActivityListView(FilteredListView):
    action = "activities.view"
    export_action = "activities.export"
    filterset_class = ActivityFilter
    template_name = "activities/activity_list.html"
    export_filename = "activities"
    export_columns = [
        Column(gettext_lazy("年度"), "year"),
        Column(gettext_lazy("活动名称"), "title"),
        Column(pgettext_lazy("activity", "类别"), "category.name"),
        Column(gettext_lazy("开始时间"), "start"),
        Column(gettext_lazy("结束时间"), "end"),
        Column(gettext_lazy("地点"), "place"),
        Column(gettext_lazy("形式"), lambda a: a.get_mode_display()),
        Column(gettext_lazy("承办单位"), "host_unit_names"),
        Column(gettext_lazy("组织分工会"), "organising_branch.name"),
        Column(gettext_lazy("状态"), lambda a: a.get_status_display()),
        Column(gettext_lazy("延期或取消原因"), "status_reason"),
        Column(gettext_lazy("重点活动"), "is_notable"),
        Column(gettext_lazy("报名人数"), "confirmed_count"),
        Column(gettext_lazy("实际参加人数"), "actual_participants"),
        Column(gettext_lazy("预算（元）"), "budget"),
        Column(gettext_lazy("实际花费（元）"), "cost"),
    ]

    def base_queryset(self):
        return selectors.activity_list_annotated(user=self.request.user)


@permissions.action_required("activities.view")
def activity_calendar(request):
    today = timezone.localdate()
    year, month = _year(request), today.month
    if request.GET.get("month", "").isdigit() and 1 <= int(request.GET["month"]) <= 12:
        month = int(request.GET["month"])
    year = year if 2000 <= year <= 2100 else today.year
    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    context = {
        "weeks": selectors.month_calendar(user=request.user, year=year, month=month),
        "year": year,
        "month": month,
        "previous": previous,
        "following": following,
        "today": today,
        "weekdays": [_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日")],
    }
    return render(request, "activities/calendar.html", context)


def _activity_for(user, activity_uuid, action="activities.view") -> Activity:
    if action == "activities.view":
        queryset = selectors.activity_list(user=user)
    else:
        queryset = selectors.manageable_activities(user=user)
    return permissions.get_object_for(user, action, queryset, uuid=activity_uuid)


@permissions.action_required("activities.view")
def activity_detail(request, activity_uuid):
    activity = _activity_for(request.user, activity_uuid)
    may_manage = permissions.can(request.user, "activities.manage") and (
        selectors.manageable_activities(user=request.user).filter(pk=activity.pk).exists()
    )
    context = {
        "activity": activity,
        "may_manage": may_manage,
        "my_signup": selectors.member_signup(activity=activity, user=request.user),
        "closed_reason": services.signup_closed_reason(activity),
        "counts": selectors.signup_counts(activity=activity),
        "files": selectors.activity_files(activity=activity),
        "file_form": FileForm() if may_manage else None,
        "history": history_entries(activity) if permissions.can(request.user, "audit.view") else None,
    }
    if context["my_signup"]:
        context["position"] = services.waiting_position(context["my_signup"])
    return render(request, "activities/activity_detail.html", context)


@permissions.action_required("activities.manage")
def activity_create(request):
    initial = {}
    plan_uuid = request.GET.get("plan")
    if plan_uuid:
        item = PlanItem.objects.filter(uuid=plan_uuid).first() if len(plan_uuid) == 36 else None
        if item:
            initial = {"plan_item": item, "title": item.title, "category": item.category, "budget": item.budget}
            initial |= {"host_units": list(item.host_units.all()), "organising_branch": item.organising_branch}
    return _activity_form(request, Activity(), _("活动已添加。"), initial=initial)


@permissions.action_required("activities.manage")
def activity_edit(request, activity_uuid):
    activity = _activity_for(request.user, activity_uuid, "activities.manage")
    return _activity_form(request, activity, _("活动已保存。"))


def _activity_form(request, activity: Activity, success: str, initial=None):
    form = ActivityForm(request.POST or None, instance=activity, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_save(
                activity=form.save(commit=False), host_units=form.cleaned_data["host_units"], by=request.user
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("activities:activity_detail", activity_uuid=activity.uuid)
    return render(request, "activities/activity_form.html", {"form": form, "activity": activity})


@permissions.action_required("activities.manage")
def activity_status(request, activity_uuid):
    activity = _activity_for(request.user, activity_uuid, "activities.manage")
    form = StatusForm(request.POST or None, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_change_status(
                activity=activity,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("活动状态已更新。"))
            return redirect("activities:activity_detail", activity_uuid=activity.uuid)
    context = {"form": form, "activity": activity, "final": not services.TRANSITIONS[activity.status]}
    return render(request, "activities/activity_status.html", context)


# ---- files --------------------------------------------------------------------------------------


@require_POST
@permissions.action_required("activities.manage")
def file_upload(request, activity_uuid):
    activity = _activity_for(request.user, activity_uuid, "activities.manage")
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        try:
            services.activity_file_add(activity=activity, uploaded=form.cleaned_data["file"], by=request.user)
        except ValidationError as error:
            _show_errors(request, error)
        else:
            messages.success(request, _("文件已上传。"))
    return redirect("activities:activity_detail", activity_uuid=activity.uuid)


@permissions.action_required("activities.view")
def file_download(request, file_uuid):
    attachment = selectors.file_for(user=request.user, file_uuid=file_uuid)
    if attachment is None:
        raise Http404
    inline = attachment.kind == attachment.Kind.PHOTO or attachment.content_type == "application/pdf"
    return attachment_response(attachment.stored, inline=inline)


@require_POST
@permissions.action_required("activities.manage")
def file_delete(request, file_uuid):
    attachment = selectors.file_for(user=request.user, file_uuid=file_uuid)
    if attachment is None:
        raise Http404
    activity = _activity_for(request.user, attachment.activity.uuid, "activities.manage")
    services.activity_file_delete(attachment=attachment, by=request.user)
    messages.success(request, _("文件已删除。"))
    return redirect("activities:activity_detail", activity_uuid=activity.uuid)


# ---- sign-ups -----------------------------------------------------------------------------------


@require_POST
@permissions.action_required("activities.signup")
def activity_signup(request, activity_uuid):
    activity = _activity_for(request.user, activity_uuid)
    try:
        signup = services.signup_create(activity=activity, member=request.user.member, by=request.user)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        if signup.status == SignUp.Status.WAITLISTED:
            position = services.waiting_position(signup)
            messages.warning(request, _("名额已满，您已进入候补名单第 %(position)s 位。") % {"position": position})
        else:
            messages.success(request, _("报名成功。"))
    return redirect("activities:activity_detail", activity_uuid=activity.uuid)


@require_POST
@permissions.action_required("activities.signup")
def signup_cancel(request, signup_uuid):
    signup = get_object_or_404(SignUp.objects.select_related("activity"), uuid=signup_uuid)
    own = request.user.member_id and signup.member_id == request.user.member_id
    managed = selectors.manageable_activities(user=request.user).filter(pk=signup.activity_id).exists()
    if not own and not (managed and permissions.can(request.user, "activities.attendance")):
        raise Http404
    try:
        promoted = services.signup_cancel(signup=signup, by=request.user)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("已取消报名。"))
        for other in promoted:
            messages.info(request, _("%(name)s 已从候补转为报名成功。") % {"name": other.member.name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = signup.activity.get_absolute_url()
    return redirect(target)


SIGNUP_COLUMNS = [
    Column(gettext_lazy("工号"), "member.employee_no"),
    Column(gettext_lazy("姓名"), "member.name"),
    Column(gettext_lazy("单位"), "member.unit.name"),
    Column(gettext_lazy("电话"), "member.phone"),
    Column(gettext_lazy("状态"), lambda s: s.get_status_display()),
    Column(gettext_lazy("报名时间"), "created_at"),
    Column(gettext_lazy("出席"), "attended"),
]


@permissions.action_required("activities.attendance")
def activity_signups(request, activity_uuid):
    activity = _activity_for(request.user, activity_uuid, "activities.attendance")
    signups = selectors.signup_list(activity=activity)
    fmt = requested_format(request)
    if fmt:
        return export_response(signups, SIGNUP_COLUMNS, filename="signups", fmt=fmt)
    template = "activities/signup_print.html" if request.GET.get("print") else "activities/signup_list.html"
    context = {"activity": activity, "signups": signups, "counts": selectors.signup_counts(activity=activity)}
    return render(request, template, context)


@permissions.action_required("activities.attendance")
def activity_attendance(request, activity_uuid):
    activity = _activity_for(request.user, activity_uuid, "activities.attendance")
    signups = selectors.signup_list(activity=activity).filter(status=SignUp.Status.CONFIRMED)
    if request.method == "POST":
        chosen = [int(pk) for pk in request.POST.getlist("attended") if pk.isdigit()]
        try:
            services.attendance_record(activity=activity, attended_ids=chosen, by=request.user)
        except ValidationError as error:
            _show_errors(request, error)
        else:
            messages.success(request, _("考勤已保存：出席 %(count)s 人。") % {"count": len(chosen)})
            return redirect("activities:activity_detail", activity_uuid=activity.uuid)
    return render(request, "activities/attendance.html", {"activity": activity, "signups": signups})


# ---- the plan and categories -------------------------------------------------------------------


@permissions.action_required("activities.view_all")
def plan(request):
    year = _year(request)
    context = {
        "year": year,
        "years": selectors.plan_years(),
        "items": selectors.plan_items(year=year),
        "comparison": selectors.plan_versus_actual(year=year),
        "figures": selectors.report_figures(year=year),
    }
    return render(request, "activities/plan.html", context)


@permissions.action_required("activities.plan")
def plan_item_create(request):
    item = PlanItem(year=_year(request))
    return _plan_item_form(request, item, _("计划项已添加。"))


@permissions.action_required("activities.plan")
def plan_item_edit(request, item_uuid):
    item = get_object_or_404(PlanItem, uuid=item_uuid)
    return _plan_item_form(request, item, _("计划项已保存。"))


def _plan_item_form(request, item: PlanItem, success: str):
    form = PlanItemForm(request.POST or None, instance=item, initial={"year": item.year})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.plan_item_save(
                item=form.save(commit=False), host_units=form.cleaned_data["host_units"], by=request.user
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(f"{_plan_url()}?year={item.year}")
    return render(request, "activities/plan_item_form.html", {"form": form, "item": item})


@require_POST
@permissions.action_required("activities.plan")
def plan_item_delete(request, item_uuid):
    item = get_object_or_404(PlanItem, uuid=item_uuid)
    try:
        services.plan_item_delete(item=item, by=request.user)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("计划项已删除。"))
    return redirect(f"{_plan_url()}?year={item.year}")


def _plan_url() -> str:
    return reverse("activities:plan")


@permissions.action_required("activities.plan")
def category_list(request):
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_save(category=form.save(commit=False), by=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("类别已添加。"))
            return redirect("activities:category_list")
    categories = Category.objects.order_by("sort_order", "name")
    return render(request, "activities/category_list.html", {"form": form, "categories": categories})


@permissions.action_required("activities.plan")
def category_edit(request, category_id):
    category = get_object_or_404(Category, pk=category_id)
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_save(category=form.save(commit=False), by=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("类别已保存。"))
            return redirect("activities:category_list")
    return render(request, "activities/category_form.html", {"form": form, "category": category})
