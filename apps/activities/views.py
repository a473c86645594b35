from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from apps.activities import selectors, services
from apps.activities.filters import ActivityFilter
from apps.activities.forms import ActivityForm, CategoryForm, FileForm, PlanItemForm, StatusForm
from apps.activities.models import Activity, PlanItem, SignUp
from apps.core import access, flows, permissions
from apps.core.audit import history_entries
from apps.core.exports import Column, export_response, requested_format
from apps.core.listing import FilteredListView
from apps.core.params import int_param, overview_year, uuid_param, year_param
from apps.core.uploads import attachment_response

# Sign-up, attendance and plan pages show this many rows a page (300 sign-ups stay well under 100 KB).
ROWS_PER_PAGE = 50


def _this_year() -> int:
    return timezone.localdate().year


def _page(request, queryset):
    return Paginator(queryset, ROWS_PER_PAGE).get_page(int_param(request, "page", default=1, minimum=1))


def _activity(request, perm: str, activity_uuid) -> Activity:
    """The activity for this page: 403 when the role is too low, 404 when outside the user's reach."""
    return access.get_object_or_deny(request.user, perm, selectors.activity_list(user=request.user), uuid=activity_uuid)


# ---- staff: what is open, and my sign-ups ------------------------------------------------------


@access.perm_required("activities.view_activity")
def index(request):
    context = {
        "open_activities": selectors.with_signup_counts(selectors.open_activities(user=request.user)[:20]),
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
        if requested_format(self.request):
            return selectors.activity_list_annotated(user=self.request.user)
        return selectors.activity_list(user=self.request.user).order_by("-start", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page's rows only: their counts in one grouped query, filled into the instances the template shows.
        selectors.with_signup_counts(context["object_list"])
        return context


@access.perm_required("activities.view_activity")
def activity_calendar(request):
    today = timezone.localdate()
    year = year_param(request, default=today.year)
    month = int_param(request, "month", default=today.month, minimum=1, maximum=12)
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


@access.perm_required("activities.view_activity")
def activity_detail(request, activity_uuid):
    activity = _activity(request, "activities.view_activity", activity_uuid)
    my_signup = selectors.member_signup(activity=activity, user=request.user)
    context = {
        "activity": activity,
        "my_signup": my_signup,
        "position": services.waiting_position(my_signup) if my_signup else None,
        "closed_reason": services.signup_closed_reason(activity),
        "counts": selectors.signup_counts(activity=activity),
        "files": selectors.activity_files(user=request.user, activity=activity),
        "file_form": FileForm(),
        "history": history_entries(activity) if permissions.can(request.user, "audit.view") else None,
    }
    return render(request, "activities/activity_detail.html", context)


@access.perm_required("activities.manage_activity")
def activity_create(request):
    initial = {}
    plan_uuid = uuid_param(request, "plan")
    item = selectors.plan_item_list(user=request.user).filter(uuid=plan_uuid).first() if plan_uuid else None
    if item:
        initial = {"plan_item": item, "title": item.title, "category": item.category, "budget": item.budget}
        initial |= {"host_units": list(item.host_units.all()), "organising_branch": item.organising_branch}
    return _activity_form(request, Activity(), _("活动已添加。"), initial=initial)


@access.perm_required("activities.manage_activity")
def activity_edit(request, activity_uuid):
    activity = _activity(request, "activities.manage_activity", activity_uuid)
    return _activity_form(request, activity, _("活动已保存。"))


def _activity_form(request, activity: Activity, success: str, initial=None):
    form = ActivityForm(request.POST or None, instance=activity, user=request.user, initial=initial)

    def save(data):
        return services.activity_save(
            activity=form.instance,
            host_units=data["host_units"],
            submission_token=data.get("submission_token"),
            by=request.user,
        )

    done = flows.submit(request, form, save, success=success, redirect_to=lambda saved: saved)
    return done or render(request, "activities/activity_form.html", {"form": form, "activity": activity})


@access.perm_required("activities.manage_activity")
def activity_status(request, activity_uuid):
    activity = _activity(request, "activities.manage_activity", activity_uuid)
    form = StatusForm(request.POST or None, activity=activity)

    def save(data):
        return services.activity_change_status(
            activity=activity, status=data["status"], reason=data["reason"], by=request.user
        )

    done = flows.submit(request, form, save, success=_("活动状态已更新。"), redirect_to=lambda saved: saved)
    context = {"form": form, "activity": activity, "final": not services.TRANSITIONS[activity.status]}
    return done or render(request, "activities/activity_status.html", context)


# ---- files --------------------------------------------------------------------------------------


@require_POST
@access.perm_required("activities.manage_activity")
def file_upload(request, activity_uuid):
    activity = _activity(request, "activities.manage_activity", activity_uuid)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(activity)
    try:
        services.activity_file_add(activity=activity, uploaded=form.cleaned_data["file"], by=request.user)
    except ValidationError as error:
        flows.flash_errors(request, error)
    else:
        messages.success(request, _("文件已上传。"))
    return redirect(activity)


@access.perm_required("activities.view_file")
def file_download(request, file_uuid):
    attachment = access.get_object_or_deny(
        request.user, "activities.view_file", selectors.file_list(user=request.user), uuid=file_uuid
    )
    inline = attachment.kind == attachment.Kind.PHOTO or attachment.content_type == "application/pdf"
    return attachment_response(attachment.stored, inline=inline)


@require_POST
@access.perm_required("activities.delete_file")
def file_delete(request, file_uuid):
    attachment = access.get_object_or_deny(
        request.user, "activities.delete_file", selectors.file_list(user=request.user), uuid=file_uuid
    )
    services.activity_file_delete(attachment=attachment, by=request.user)
    messages.success(request, _("文件已删除。"))
    return redirect(attachment.activity)


# ---- sign-ups -----------------------------------------------------------------------------------


@require_POST
@access.perm_required("activities.sign_up")
def activity_signup(request, activity_uuid):
    activity = _activity(request, "activities.sign_up", activity_uuid)
    try:
        signup = services.signup_create(activity=activity, member=request.user.member, by=request.user)
    except ValidationError as error:
        flows.flash_errors(request, error)
    else:
        if signup.status == SignUp.Status.WAITLISTED:
            position = services.waiting_position(signup)
            messages.warning(request, _("名额已满，您已进入候补名单第 %(position)s 位。") % {"position": position})
        else:
            messages.success(request, _("报名成功。"))
    return redirect(activity)


@require_POST
@access.perm_required("activities.cancel_signup")
def signup_cancel(request, signup_uuid):
    signup = access.get_object_or_deny(
        request.user, "activities.cancel_signup", selectors.reachable_signups(user=request.user), uuid=signup_uuid
    )
    try:
        promoted = services.signup_cancel(signup=signup, by=request.user)
    except ValidationError as error:
        flows.flash_errors(request, error)
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


@access.perm_required("activities.keep_signups")
def activity_signups(request, activity_uuid):
    activity = _activity(request, "activities.keep_signups", activity_uuid)
    signups = selectors.signup_list(user=request.user, activity=activity)
    fmt = requested_format(request)
    if fmt:
        return export_response(signups, SIGNUP_COLUMNS, filename="signups", fmt=fmt)
    context = {"activity": activity, "counts": selectors.signup_counts(activity=activity)}
    if request.GET.get("print"):
        # The sign-in sheet is printed whole: the confirmed people only, in a plain table.
        context["signups"] = signups.filter(status=SignUp.Status.CONFIRMED)
        return render(request, "activities/signup_print.html", context)
    context["page_obj"] = _page(request, signups)
    return render(request, "activities/signup_list.html", context)


@access.perm_required("activities.keep_signups")
def activity_attendance(request, activity_uuid):
    activity = _activity(request, "activities.keep_signups", activity_uuid)
    signups = selectors.signup_list(user=request.user, activity=activity).filter(status=SignUp.Status.CONFIRMED)
    if request.method == "POST":
        # One page at a time: the page says whom it showed, and only they are marked.
        shown = _ids(request.POST.getlist("shown")) if "shown" in request.POST else None
        chosen = _ids(request.POST.getlist("attended"))
        try:
            activity = services.attendance_record(
                activity=activity, attended_ids=chosen, shown_ids=shown, by=request.user
            )
        except ValidationError as error:
            flows.flash_errors(request, error)
        else:
            messages.success(request, _("考勤已保存：出席 %(count)s 人。") % {"count": activity.actual_participants})
            return redirect(activity)
    context = {"activity": activity, "page_obj": _page(request, signups)}
    return render(request, "activities/attendance.html", context)


def _ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit() and len(value) < 12]


# ---- the plan and categories -------------------------------------------------------------------


@access.perm_required("activities.view_plan")
def plan(request):
    recorded = selectors.years_with_records()
    year = overview_year(request, years_with_records=recorded)
    context = {
        "year": year,
        "years": selectors.plan_years(recorded),
        "page_obj": _page(request, selectors.plan_items(user=request.user, year=year)),
        "comparison": selectors.plan_versus_actual(year=year),
        "figures": selectors.report_figures(year=year),
    }
    return render(request, "activities/plan.html", context)


def _plan_url(year: int) -> str:
    return f"{reverse('activities:plan')}?year={year}"


@access.perm_required("activities.manage_plan")
def plan_item_create(request):
    item = PlanItem(year=year_param(request, default=_this_year()))
    return _plan_item_form(request, item, _("计划项已添加。"))


@access.perm_required("activities.manage_plan")
def plan_item_edit(request, item_uuid):
    item = access.get_object_or_deny(
        request.user, "activities.manage_plan", selectors.plan_item_list(user=request.user), uuid=item_uuid
    )
    return _plan_item_form(request, item, _("计划项已保存。"))


def _plan_item_form(request, item: PlanItem, success: str):
    form = PlanItemForm(request.POST or None, instance=item, initial={"year": item.year})

    def save(data):
        return services.plan_item_save(item=form.instance, host_units=data["host_units"], by=request.user)

    done = flows.submit(request, form, save, success=success, redirect_to=lambda saved: _plan_url(saved.year))
    return done or render(request, "activities/plan_item_form.html", {"form": form, "item": item})


@require_POST
@access.perm_required("activities.manage_plan")
def plan_item_delete(request, item_uuid):
    item = access.get_object_or_deny(
        request.user, "activities.manage_plan", selectors.plan_item_list(user=request.user), uuid=item_uuid
    )
    try:
        services.plan_item_delete(item=item, by=request.user)
    except ValidationError as error:
        flows.flash_errors(request, error)
    else:
        messages.success(request, _("计划项已删除。"))
    return redirect(_plan_url(item.year))


@access.perm_required("activities.manage_plan")
def category_list(request):
    form = CategoryForm(request.POST or None)

    def save(data):
        return services.category_save(category=form.instance, by=request.user)

    done = flows.submit(request, form, save, success=_("类别已添加。"), redirect_to=lambda _saved: request.path)
    categories = selectors.category_list(user=request.user)
    return done or render(request, "activities/category_list.html", {"form": form, "categories": categories})


@access.perm_required("activities.manage_plan")
def category_edit(request, category_id):
    category = access.get_object_or_deny(
        request.user, "activities.manage_plan", selectors.category_list(user=request.user), pk=category_id
    )
    form = CategoryForm(request.POST or None, instance=category)

    def save(data):
        return services.category_save(category=form.instance, by=request.user)

    done = flows.submit(
        request, form, save, success=_("类别已保存。"), redirect_to=lambda _saved: "activities:category_list"
    )
    return done or render(request, "activities/category_form.html", {"form": form, "category": category})
