from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.core import permissions
from apps.core.audit import history_entries
from apps.core.exports import Column
from apps.core.listing import FilteredListView
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


def _show_errors(form, error: ValidationError, rename: dict | None = None) -> None:
    """Put a service's refusal next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = (rename or {}).get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _flash(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or selectors.latest_year())
    except ValueError:
        return selectors.latest_year()


# ---------------------------------------------------------------- dashboard


@permissions.action_required("welfare.view_own")
def index(request):
    """Everyone lands here: officers and leadership see the year's figures, others their own welfare."""
    year = _year(request)
    context = {"year": year, "years": range(timezone.localdate().year, 2018, -1)}
    if permissions.can(request.user, "welfare.view_all"):
        context.update(
            figures=selectors.report_figures(year=year),
            last=selectors.report_figures(year=year - 1),
            by_branch=selectors.visits_by_branch(year=year),
            by_month=selectors.visits_by_month(year=year),
            claims=selectors.claims_by_status(year=year),
            budgets=selectors.budget_overview(year=year),
            pending=selectors.visit_pending(user=request.user).count(),
        )
    else:
        if request.user.member_id:
            context["mine"] = selectors.member_history(user=request.user, member=request.user.member)["totals"]
        if permissions.can(request.user, "welfare.view"):
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


@permissions.action_required("welfare.visit")
def visit_create(request):
    form = VisitForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_record(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            if visit.status == Visit.Status.PENDING:
                messages.warning(request, _("慰问已录入。金额超过该类型的慰问标准，需由其他工会干部审批。"))
            else:
                messages.success(request, _("慰问已录入。"))
            return redirect("welfare:visit_detail", visit_uuid=visit.uuid)
    return render(request, "welfare/visit_form.html", {"form": form})


def _visit_for(user, visit_uuid) -> Visit:
    return permissions.get_object_for(user, "welfare.view_own", selectors.visit_list(user=user), uuid=visit_uuid)


@permissions.action_required("welfare.view_own")
def visit_detail(request, visit_uuid):
    visit = _visit_for(request.user, visit_uuid)
    may_audit = permissions.can(request.user, "audit.view")
    context = {
        "visit": visit,
        "reject_form": ReasonForm(),
        "history": history_entries(visit) if may_audit else None,
        "may_decide": permissions.can(request.user, "welfare.approve")
        and visit.status == Visit.Status.PENDING
        and visit.created_by_id != request.user.pk,
    }
    return render(request, "welfare/visit_detail.html", context)


@permissions.action_required("welfare.view_own")
def visit_attachment(request, visit_uuid):
    """Attachments of visits are personal: served only to those who may see the visit, never from /media/."""
    visit = _visit_for(request.user, visit_uuid)
    return attachment_response(visit.attachment)


@require_POST
@permissions.action_required("welfare.approve")
def visit_decide(request, visit_uuid, decision):
    if decision not in ("approve", "reject"):
        raise Http404
    visit = _visit_for(request.user, visit_uuid)
    try:
        if decision == "approve":
            services.visit_approve(visit=visit, by=request.user)
            messages.success(request, _("已批准该超标准慰问。"))
        else:
            services.visit_reject(visit=visit, reason=request.POST.get("reason", ""), by=request.user)
            messages.success(request, _("已驳回该慰问。"))
    except ValidationError as error:
        _flash(request, error)
    return redirect("welfare:visit_detail", visit_uuid=visit.uuid)


# ---------------------------------------------------------------- a member's history


def _history_page(request, member: Member):
    context = {"member": member, **selectors.member_history(user=request.user, member=member)}
    return render(request, "welfare/member_history.html", context)


@permissions.action_required("welfare.view_own")
def my_history(request):
    if request.user.member_id is None:
        messages.info(request, _("您的账号没有对应的会员档案，暂无慰问记录。"))
        return redirect("welfare:index")
    return _history_page(request, request.user.member)


@permissions.action_required("welfare.view_own")
def member_history(request, member_uuid):
    members = permissions.scope(
        request.user,
        Member.objects.select_related("unit", "branch"),
        full="welfare.view_all",
        branch_field="branch",
        member_field="pk",
    )
    return _history_page(request, get_object_or_404(members, uuid=member_uuid))


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


@permissions.action_required("welfare.distribute")
def distribution_create(request):
    form = DistributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["chosen_members"] = data.pop("chosen")
        try:
            distribution = services.distribution_create(**data, by=request.user)
        except ValidationError as error:
            _show_errors(form, error, rename={"chosen_members": "chosen"})
        else:
            messages.info(request, _("请核对发放名单和合计金额，然后确认发放。"))
            return redirect("welfare:distribution_detail", distribution_uuid=distribution.uuid)
    return render(request, "welfare/distribution_form.html", {"form": form})


@permissions.action_required("welfare.distribute")
def distribution_birthday(request):
    form = BirthdayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            distribution = services.birthday_distribution_prepare(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            return redirect("welfare:distribution_detail", distribution_uuid=distribution.uuid)
    return render(request, "welfare/distribution_birthday.html", {"form": form})


def _distribution_for(user, distribution_uuid) -> Distribution:
    return permissions.get_object_for(
        user, "welfare.view", selectors.distribution_list(user=user), uuid=distribution_uuid
    )


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
        members = services.distribution_audience(distribution=self.distribution)
        if self.distribution.status == Distribution.Status.DONE:
            members = Member.objects.filter(distribution_records__distribution=self.distribution)
        members = permissions.scope(
            self.request.user, members, full="welfare.view_all", branch_field="branch", member_field="pk"
        )
        return members.select_related("unit", "branch").order_by("employee_no")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        d = self.distribution
        total = context["paginator"].count
        context.update(distribution=d, preview_total=total, preview_amount=d.unit_value * total)
        context["history"] = history_entries(d) if permissions.can(self.request.user, "audit.view") else None
        return context


@permissions.action_required("welfare.view")
def distribution_progress(request, distribution_uuid):
    """The progress bar, polled by htmx while the job runs."""
    distribution = _distribution_for(request.user, distribution_uuid)
    return render(request, "welfare/_distribution_progress.html", {"distribution": distribution})


@require_POST
@permissions.action_required("welfare.distribute")
def distribution_confirm(request, distribution_uuid):
    distribution = _distribution_for(request.user, distribution_uuid)
    try:
        distribution = services.distribution_confirm(distribution=distribution, by=request.user)
    except ValidationError as error:
        _flash(request, error)
    else:
        if distribution.status == Distribution.Status.DONE:
            messages.success(request, _("已发放给 %(count)d 名会员。") % {"count": distribution.progress_done})
        else:
            messages.info(request, _("人数较多，正在后台发放，本页会显示进度。"))
    return redirect("welfare:distribution_detail", distribution_uuid=distribution.uuid)


@require_POST
@permissions.action_required("welfare.distribute")
def distribution_delete(request, distribution_uuid):
    distribution = _distribution_for(request.user, distribution_uuid)
    try:
        services.distribution_delete_draft(distribution=distribution, by=request.user)
    except ValidationError as error:
        _flash(request, error)
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


@permissions.action_required("welfare.mutual_aid")
def enrol(request):
    form = EnrolForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.mutual_aid_enrol(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("%(name)s 已加入互助会。") % {"name": member.name})
            return redirect("welfare:enrolment_list")
    return render(request, "welfare/simple_form.html", {"form": form, "title": _("加入互助会")})


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


@permissions.action_required("welfare.mutual_aid")
def claim_create(request):
    form = ClaimForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.claim_submit(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("互助金申领已登记。"))
            return redirect("welfare:claim_detail", claim_uuid=claim.uuid)
    return render(request, "welfare/simple_form.html", {"form": form, "title": _("登记互助金申领")})


def _claim_for(user, claim_uuid) -> MutualAidClaim:
    return permissions.get_object_for(user, "welfare.view_own", selectors.claim_list(user=user), uuid=claim_uuid)


@permissions.action_required("welfare.view_own")
def claim_detail(request, claim_uuid):
    claim = _claim_for(request.user, claim_uuid)
    context = {
        "claim": claim,
        "approve_form": ClaimApproveForm(initial={"approved_amount": claim.amount_requested}),
        "reject_form": ReasonForm(),
        "pay_form": ClaimPayForm(initial={"paid_on": timezone.localdate(), "paid_amount": claim.approved_amount}),
        "history": history_entries(claim) if permissions.can(request.user, "audit.view") else None,
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
@permissions.action_required("welfare.mutual_aid")
def claim_step(request, claim_uuid, step):
    if step not in CLAIM_STEPS:
        raise Http404
    claim = _claim_for(request.user, claim_uuid)
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
        _flash(request, error)
    else:
        messages.success(request, done)
    return redirect("welfare:claim_detail", claim_uuid=claim.uuid)


# ---------------------------------------------------------------- budgets


@permissions.action_required("welfare.view_all")
def budget_list(request):
    year = _year(request)
    form = BudgetForm(initial={"year": year}) if permissions.can(request.user, "welfare.budget") else None
    context = {"year": year, "rows": selectors.budget_overview(year=year), "form": form}
    return render(request, "welfare/budget_list.html", context)


@require_POST
@permissions.action_required("welfare.budget")
def budget_set(request):
    form = BudgetForm(request.POST)
    if form.is_valid():
        try:
            services.budget_set(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("预算已保存。"))
            return redirect(f"{reverse('welfare:budget_list')}?year={form.cleaned_data['year']}")
    year = form.cleaned_data.get("year") or timezone.localdate().year
    context = {"year": year, "rows": selectors.budget_overview(year=year), "form": form}
    return render(request, "welfare/budget_list.html", context)


@permissions.action_required("welfare.view")
def type_list(request):
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year
    form = VisitStandardForm(request.POST or None, initial={"year": year})
    if request.method == "POST":
        permissions.check(request.user, "welfare.budget")
        if form.is_valid():
            standard = services.visit_standard_set(**form.cleaned_data, by=request.user)
            messages.success(
                request,
                _("%(year)s年“%(type)s”的慰问标准已设为 %(amount)s 元。")
                % {"year": standard.year, "type": standard.visit_type, "amount": standard.amount},
            )
            return redirect(reverse("welfare:type_list") + f"?year={standard.year}")
    context = {"types": selectors.visit_types(year=year), "year": year, "form": form}
    return render(request, "welfare/type_list.html", context)
