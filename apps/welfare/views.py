from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.core import access, permissions
from apps.core.audit import history_entries
from apps.core.exports import Column
from apps.core.flows import flash_errors, submit
from apps.core.listing import FilteredListView
from apps.core.params import int_param, year_param
from apps.core.uploads import attachment_response
from apps.people.models import Member
from apps.welfare import selectors, services
from apps.welfare.filters import ClaimFilter, DistributionFilter, EnrolmentFilter, RecipientFilter, VisitFilter
from apps.welfare.forms import (
    BirthdayForm,
    BudgetForm,
    ClaimApproveForm,
    ClaimForm,
    ClaimPayForm,
    DistributionForm,
    EnrolForm,
    ReasonForm,
    VisitForm,
    VisitStandardForm,
)
from apps.welfare.models import Distribution, MutualAidClaim, Visit


def _year(request) -> int:
    """``?year=`` between 1900 and 2100, else the latest year with records (never a 500 for ``?year=-1``)."""
    year = int_param(request, "year", minimum=1900, maximum=2100)
    return year if year is not None else selectors.latest_year()


def _may_audit(user) -> bool:
    return permissions.can(user, "audit.view")


# ---------------------------------------------------------------- dashboard


@access.perm_required("welfare.view_overview")
def index(request):
    """Everyone lands here: officers and leadership see the year's figures, others their own welfare."""
    year = _year(request)
    context = {"year": year, "years": range(timezone.localdate().year, 2018, -1)}
    if request.user.has_perm("welfare.view_figures"):
        context.update(
            **selectors.dashboard_figures(year=year),
            by_branch=selectors.visits_by_branch(year=year),
            by_month=selectors.visits_by_month(year=year),
            budgets=selectors.budget_overview(year=year),
            pending=selectors.visit_pending(user=request.user).count(),
        )
    else:
        if request.user.member_id:
            context["mine"] = selectors.member_history(user=request.user, member=request.user.member)["totals"]
        if request.user.has_perm("welfare.view_visits"):  # a branch chair: the latest visits of the branch
            context["recent"] = selectors.visit_list(user=request.user)[:10]
    return render(request, "welfare/index.html", context)


# ---------------------------------------------------------------- visits


class VisitListView(FilteredListView):
    action = "welfare.view"
    export_action = "welfare.export"
    filterset_class = VisitFilter
    template_name = "welfare/visit_list.html"
    export_filename = "welfare-visits"
    export_columns = [
        Column(gettext_lazy("慰问日期"), "visited_on"),
        Column(gettext_lazy("工号"), "member.employee_no"),
        Column(gettext_lazy("姓名"), "member.name"),
        Column(gettext_lazy("单位"), "member.unit.name"),
        Column(gettext_lazy("分工会"), "member.branch.name"),
        Column(gettext_lazy("慰问类型"), "visit_type.name"),
        Column(gettext_lazy("慰问金（元）"), "cash_amount"),
        Column(gettext_lazy("慰问品"), "gift_description"),
        Column(gettext_lazy("慰问品价值（元）"), "gift_value"),
        Column(gettext_lazy("慰问人员"), "visitors"),
        Column(gettext_lazy("状态"), lambda v: v.get_status_display()),
        Column(gettext_lazy("非在职会员"), "member_inactive"),
        Column(gettext_lazy("备注"), "note"),
    ]

    def base_queryset(self):
        return selectors.visit_list(user=self.request.user)


def _visit_recorded(visit: Visit) -> str:
    if visit.status == Visit.Status.PENDING:
        return _("慰问已录入。金额超过该类型的慰问标准，需由其他工会干部审批。")
    return _("慰问已录入。")


@access.perm_required("welfare.add_visit")
def visit_create(request):
    form = VisitForm(request.POST or None, request.FILES or None, user=request.user)
    save = lambda data: services.visit_record(**data, by=request.user)  # noqa: E731
    done = submit(request, form, save, success=_visit_recorded, redirect_to=_visit_url)
    return done or render(request, "welfare/visit_form.html", {"form": form})


def _visit_url(visit: Visit) -> str:
    return reverse("welfare:visit_detail", kwargs={"visit_uuid": visit.uuid})


def _visit_for(user, visit_uuid, perm: str = "welfare.view_visit") -> Visit:
    return access.get_object_or_deny(user, perm, selectors.visit_list(user=user), uuid=visit_uuid)


@access.perm_required("welfare.view_visit")
def visit_detail(request, visit_uuid):
    visit = _visit_for(request.user, visit_uuid)
    context = {
        "visit": visit,
        "reject_form": ReasonForm(),
        "history": history_entries(visit) if _may_audit(request.user) else None,
    }
    return render(request, "welfare/visit_detail.html", context)


@access.perm_required("welfare.view_visit")
def visit_attachment(request, visit_uuid):
    """Attachments of visits are personal: served only to those who may see the visit, never from /media/."""
    visit = _visit_for(request.user, visit_uuid)
    return attachment_response(visit.attachment)


@require_POST
@access.perm_required("welfare.approve_visit")
def visit_decide(request, visit_uuid, decision):
    if decision not in ("approve", "reject"):
        raise Http404
    visit = _visit_for(request.user, visit_uuid, "welfare.approve_visit")
    try:
        if decision == "approve":
            services.visit_approve(visit=visit, by=request.user)
            messages.success(request, _("已批准该超标准慰问。"))
        else:
            services.visit_reject(visit=visit, reason=request.POST.get("reason", ""), by=request.user)
            messages.success(request, _("已驳回该慰问。"))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("welfare:visit_detail", visit_uuid=visit.uuid)


# ---------------------------------------------------------------- a member's history


def _history_page(request, member: Member):
    context = {"member": member, **selectors.member_history(user=request.user, member=member)}
    return render(request, "welfare/member_history.html", context)


@access.perm_required("welfare.view_history")
def my_history(request):
    if request.user.member_id is None:
        messages.info(request, _("您的账号没有对应的会员档案，暂无慰问记录。"))
        return redirect("welfare:index")
    return _history_page(request, request.user.member)


@access.perm_required("welfare.view_history")
def member_history(request, member_uuid):
    members = selectors.history_members(user=request.user)
    member = access.get_object_or_deny(request.user, "welfare.view_history", members, uuid=member_uuid)
    return _history_page(request, member)


# ---------------------------------------------------------------- bulk distributions


class DistributionListView(FilteredListView):
    action = "welfare.view"
    export_action = "welfare.export"
    filterset_class = DistributionFilter
    template_name = "welfare/distribution_list.html"
    export_filename = "welfare-distributions"
    export_columns = [
        Column(gettext_lazy("名称"), "title"),
        Column(gettext_lazy("类别"), lambda d: d.get_kind_display()),
        Column(gettext_lazy("物品"), "item"),
        Column(gettext_lazy("每份价值（元）"), "unit_value"),
        Column(gettext_lazy("发放日期"), "distributed_on"),
        Column(gettext_lazy("发放范围"), lambda d: d.get_audience_display()),
        Column(gettext_lazy("人数"), "recipient_count"),
        Column(gettext_lazy("金额（元）"), "amount"),
        Column(gettext_lazy("状态"), lambda d: d.get_status_display()),
    ]

    def base_queryset(self):
        return selectors.distribution_list(user=self.request.user)


def _distribution_url(distribution: Distribution) -> str:
    return reverse("welfare:distribution_detail", kwargs={"distribution_uuid": distribution.uuid})


def _create_distribution(data: dict, by) -> Distribution:
    data = dict(data)
    data["chosen_members"] = data.pop("chosen")
    return services.distribution_create(**data, by=by)


@access.perm_required("welfare.manage_distribution")
def distribution_create(request):
    form = DistributionForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: _create_distribution(data, request.user),
        success=_("请核对发放名单和合计金额，然后确认发放。"),
        redirect_to=_distribution_url,
        rename={"chosen_members": "chosen"},
    )
    return done or render(request, "welfare/distribution_form.html", {"form": form})


@access.perm_required("welfare.manage_distribution")
def distribution_birthday(request):
    form = BirthdayForm(request.POST or None)
    save = lambda data: services.birthday_distribution_prepare(**data, by=request.user)  # noqa: E731
    done = submit(request, form, save, success=None, redirect_to=_distribution_url)
    return done or render(request, "welfare/distribution_birthday.html", {"form": form})


def _distribution_for(user, distribution_uuid, perm: str = "welfare.view_distribution") -> Distribution:
    return access.get_object_or_deny(user, perm, selectors.distribution_list(user=user), uuid=distribution_uuid)


class DistributionDetailView(FilteredListView):
    """A distribution and its recipients (for a draft: the preview of who would receive it)."""

    action = "welfare.view"
    export_action = "welfare.export"
    filterset_class = RecipientFilter
    template_name = "welfare/distribution_detail.html"
    export_filename = "welfare-distribution"
    paginate_by = 50
    export_columns = [
        Column(gettext_lazy("工号"), "employee_no"),
        Column(gettext_lazy("姓名"), "name"),
        Column(gettext_lazy("单位"), "unit.name"),
        Column(gettext_lazy("分工会"), "branch.name"),
    ]

    def base_queryset(self):
        self.distribution = _distribution_for(self.request.user, self.kwargs["distribution_uuid"])
        return selectors.distribution_members(user=self.request.user, distribution=self.distribution)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        d = self.distribution
        total = context["paginator"].count
        context.update(distribution=d, preview_total=total, preview_amount=d.unit_value * total)
        context["history"] = history_entries(d) if _may_audit(self.request.user) else None
        return context


@access.perm_required("welfare.view_distribution")
def distribution_progress(request, distribution_uuid):
    """The progress bar, polled by htmx while the job runs."""
    distribution = _distribution_for(request.user, distribution_uuid)
    return render(request, "welfare/_distribution_progress.html", {"distribution": distribution})


@require_POST
@access.perm_required("welfare.manage_distribution")
def distribution_confirm(request, distribution_uuid):
    distribution = _distribution_for(request.user, distribution_uuid, "welfare.manage_distribution")
    try:
        distribution = services.distribution_confirm(distribution=distribution, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        if distribution.status == Distribution.Status.DONE:
            messages.success(request, _("已发放给 %(count)d 名会员。") % {"count": distribution.progress_done})
        else:
            messages.info(request, _("人数较多，正在后台发放，本页会显示进度。"))
    return redirect("welfare:distribution_detail", distribution_uuid=distribution.uuid)


@require_POST
@access.perm_required("welfare.manage_distribution")
def distribution_delete(request, distribution_uuid):
    distribution = _distribution_for(request.user, distribution_uuid, "welfare.manage_distribution")
    try:
        services.distribution_delete_draft(distribution=distribution, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("welfare:distribution_detail", distribution_uuid=distribution.uuid)
    messages.success(request, _("已删除待确认的批量发放。"))
    return redirect("welfare:distribution_list")


# ---------------------------------------------------------------- mutual-aid fund


class EnrolmentListView(FilteredListView):
    action = "welfare.view_all"
    export_action = "welfare.export"
    filterset_class = EnrolmentFilter
    template_name = "welfare/enrolment_list.html"
    export_filename = "mutual-aid-members"
    export_columns = [
        Column(gettext_lazy("工号"), "employee_no"),
        Column(gettext_lazy("姓名"), "name"),
        Column(gettext_lazy("单位"), "unit.name"),
        Column(gettext_lazy("分工会"), "branch.name"),
        Column(gettext_lazy("加入互助会日期"), "mutual_aid_joined_on"),
    ]

    def base_queryset(self):
        return selectors.enrolment_list(user=self.request.user).order_by("-mutual_aid_joined_on", "employee_no")


@access.perm_required("welfare.enrol_member")
def enrol(request):
    form = EnrolForm(request.POST or None, user=request.user)
    done = submit(
        request,
        form,
        lambda data: services.mutual_aid_enrol(**data, by=request.user),
        success=lambda member: _("%(name)s 已加入互助会。") % {"name": member.name},
        redirect_to=lambda member: "welfare:enrolment_list",
    )
    return done or render(request, "welfare/simple_form.html", {"form": form, "title": _("加入互助会")})


class ClaimListView(FilteredListView):
    action = "welfare.view_private"
    export_action = "welfare.export"
    filterset_class = ClaimFilter
    template_name = "welfare/claim_list.html"
    export_filename = "mutual-aid-claims"
    export_columns = [
        Column(gettext_lazy("申领日期"), "submitted_on"),
        Column(gettext_lazy("工号"), "member.employee_no"),
        Column(gettext_lazy("姓名"), "member.name"),
        Column(gettext_lazy("单位"), "member.unit.name"),
        Column(gettext_lazy("申领事由"), "reason"),
        Column(gettext_lazy("申领金额（元）"), "amount_requested"),
        Column(gettext_lazy("状态"), lambda c: c.get_status_display()),
        Column(gettext_lazy("核定金额（元）"), "approved_amount"),
        Column(gettext_lazy("发放日期"), "paid_on"),
        Column(gettext_lazy("发放金额（元）"), "paid_amount"),
        Column(gettext_lazy("驳回理由"), "rejection_reason"),
    ]

    def base_queryset(self):
        return selectors.claim_list(user=self.request.user)


@access.perm_required("welfare.add_claim")
def claim_create(request):
    form = ClaimForm(request.POST or None, user=request.user)
    done = submit(
        request,
        form,
        lambda data: services.claim_submit(**data, by=request.user),
        success=_("互助金申领已登记。"),
        redirect_to=lambda claim: reverse("welfare:claim_detail", kwargs={"claim_uuid": claim.uuid}),
    )
    return done or render(request, "welfare/simple_form.html", {"form": form, "title": _("登记互助金申领")})


def _claim_for(user, claim_uuid, perm: str = "welfare.view_claim") -> MutualAidClaim:
    return access.get_object_or_deny(user, perm, selectors.claim_list(user=user), uuid=claim_uuid)


@access.perm_required("welfare.view_claim")
def claim_detail(request, claim_uuid):
    claim = _claim_for(request.user, claim_uuid)
    context = {
        "claim": claim,
        "approve_form": ClaimApproveForm(initial={"approved_amount": claim.amount_requested}),
        "reject_form": ReasonForm(),
        "pay_form": ClaimPayForm(initial={"paid_on": timezone.localdate(), "paid_amount": claim.approved_amount}),
        "history": history_entries(claim) if _may_audit(request.user) else None,
    }
    return render(request, "welfare/claim_detail.html", context)


CLAIM_STEPS = {
    "review": (None, lambda claim, data, by: services.claim_review(claim=claim, by=by), gettext_lazy("已开始审核。")),
    "approve": (
        ClaimApproveForm,
        lambda claim, data, by: services.claim_approve(claim=claim, approved_amount=data["approved_amount"], by=by),
        gettext_lazy("已批准。"),
    ),
    "reject": (
        ReasonForm,
        lambda claim, data, by: services.claim_reject(claim=claim, reason=data["reason"], by=by),
        gettext_lazy("已驳回。"),
    ),
    "pay": (
        ClaimPayForm,
        lambda claim, data, by: services.claim_pay(
            claim=claim, paid_on=data["paid_on"], paid_amount=data["paid_amount"], by=by
        ),
        gettext_lazy("已登记发放。"),
    ),
}


@require_POST
@access.perm_required("welfare.decide_claim")
def claim_step(request, claim_uuid, step):
    if step not in CLAIM_STEPS:
        raise Http404
    claim = _claim_for(request.user, claim_uuid, "welfare.decide_claim")
    form_class, run, done = CLAIM_STEPS[step]
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}：{error}" if field in form.fields else error)
        return redirect("welfare:claim_detail", claim_uuid=claim.uuid)
    try:
        run(claim, form.cleaned_data if form else {}, request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, done)
    return redirect("welfare:claim_detail", claim_uuid=claim.uuid)


# ---------------------------------------------------------------- budgets


@access.perm_required("welfare.view_budget")
def budget_list(request):
    year = _year(request)
    form = BudgetForm(initial={"year": year}) if request.user.has_perm("welfare.set_budget") else None
    context = {"year": year, "rows": selectors.budget_overview(year=year), "form": form}
    return render(request, "welfare/budget_list.html", context)


@require_POST
@access.perm_required("welfare.set_budget")
def budget_set(request):
    form = BudgetForm(request.POST)
    done = submit(
        request,
        form,
        lambda data: services.budget_set(**data, by=request.user),
        success=_("预算已保存。"),
        redirect_to=lambda budget: f"{reverse('welfare:budget_list')}?year={budget.year}",
    )
    if done:
        return done
    year = form.cleaned_data.get("year") or timezone.localdate().year
    context = {"year": year, "rows": selectors.budget_overview(year=year), "form": form}
    return render(request, "welfare/budget_list.html", context)


def _standard_set(standard) -> str:
    return _("%(year)s年“%(type)s”的慰问标准已设为 %(amount)s 元。") % {
        "year": standard.year,
        "type": standard.visit_type,
        "amount": standard.amount,
    }


@access.perm_required("welfare.view_standards")
def type_list(request):
    year = year_param(request, default=timezone.localdate().year)
    form = VisitStandardForm(request.POST or None, initial={"year": year})
    if request.method == "POST":
        access.require(request.user, "welfare.set_standard")
    done = submit(
        request,
        form,
        lambda data: services.visit_standard_set(**data, by=request.user),
        success=_standard_set,
        redirect_to=lambda standard: reverse("welfare:type_list") + f"?year={standard.year}",
    )
    context = {"types": selectors.visit_types(year=year), "year": year, "form": form}
    return done or render(request, "welfare/type_list.html", context)
