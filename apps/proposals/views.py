from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
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
from apps.core.pdf import render_pdf
from apps.core.uploads import attachment_response
from apps.proposals import selectors, services
from apps.proposals.filters import AssignedFilter, RegisterFilter, ReviewFilter
from apps.proposals.forms import AnswerForm, CongressForm, DelegateForm, ProposalForm, RatingForm, ReviewForm
from apps.proposals.models import Congress, Delegate, Proposal


def _units(proposal, role) -> str:
    return "、".join(a.unit.name for a in proposal.assignments.all() if a.role == role)


EXPORT_COLUMNS = [
    Column(gettext_lazy("编号"), "number"),
    Column(gettext_lazy("代表大会"), "congress.name"),
    Column(gettext_lazy("类别"), lambda p: p.get_category_display()),
    Column(gettext_lazy("标题"), "title"),
    Column(gettext_lazy("案由"), "subject"),
    Column(gettext_lazy("提案人"), "proposer.member.name"),
    Column(gettext_lazy("代表团"), "proposer.delegation.name"),
    Column(gettext_lazy("附议人数"), "cosigner_count"),
    Column(gettext_lazy("状态"), lambda p: p.get_status_display()),
    Column(gettext_lazy("主办部门"), lambda p: _units(p, "lead")),
    Column(gettext_lazy("协办部门"), lambda p: _units(p, "helper")),
    Column(gettext_lazy("办理期限"), "due_on"),
    Column(gettext_lazy("办理结果"), lambda p: p.get_result_display()),
    Column(gettext_lazy("满意度"), lambda p: p.get_satisfaction_display()),
]


class RegisterView(FilteredListView):
    """校务公开: the public register of accepted proposals."""

    action = "proposals.view_register"
    filterset_class = RegisterFilter
    template_name = "proposals/register.html"
    export_filename = "proposals-register"
    export_columns = EXPORT_COLUMNS

    def base_queryset(self):
        return selectors.proposal_register(user=self.request.user)


class ReviewListView(FilteredListView):
    action = "proposals.view_all"
    export_action = "proposals.export"
    filterset_class = ReviewFilter
    template_name = "proposals/review_list.html"
    export_filename = "proposals"
    export_columns = EXPORT_COLUMNS

    def base_queryset(self):
        return selectors.proposal_review_list(user=self.request.user).order_by(
            selectors.REVIEW_PRIORITY, "due_on", "-submitted_at", "pk"
        )


class AssignedListView(FilteredListView):
    action = "proposals.answer"
    filterset_class = AssignedFilter
    template_name = "proposals/assigned_list.html"

    def base_queryset(self):
        return selectors.proposal_assigned_list(user=self.request.user).order_by("status", "due_on", "number_seq")


@permissions.action_required("proposals.submit")
def mine(request):
    context = {
        "proposals": selectors.my_proposals(user=request.user),
        "to_cosign": selectors.proposals_to_cosign(user=request.user),
        "congresses": selectors.congresses_for_delegate(user=request.user),
    }
    return render(request, "proposals/mine.html", context)


def _proposal_for(user, proposal_uuid) -> Proposal:
    return permissions.get_object_for(
        user, "proposals.view_register", selectors.proposal_visible(user=user), uuid=proposal_uuid
    )


@permissions.action_required("proposals.view_register")
def attachment_download(request, proposal_uuid, attachment_id: int):
    proposal = _proposal_for(request.user, proposal_uuid)
    attachment = get_object_or_404(proposal.attachments, pk=attachment_id)
    return attachment_response(attachment.attachment)


@permissions.action_required("proposals.view_register")
def answer_file_download(request, proposal_uuid, answer_id: int):
    proposal = _proposal_for(request.user, proposal_uuid)
    answer = get_object_or_404(proposal.answers, pk=answer_id)
    return attachment_response(answer.attachment)


@permissions.action_required("proposals.view_register")
def proposal_detail(request, proposal_uuid):
    proposal = _proposal_for(request.user, proposal_uuid)
    user = request.user
    delegate = services.delegate_of(user=user, congress=proposal.congress)
    is_proposer = bool(user.member_id) and proposal.proposer.member_id == user.member_id
    reviewer = permissions.can(user, "proposals.review")
    context = {
        "proposal": proposal,
        "is_proposer": is_proposer,
        "cosignatures": proposal.cosignatures.select_related("delegate__member__unit"),
        "assignments": proposal.assignments.select_related("unit"),
        "answers": selectors.proposal_answers(proposal=proposal),
        "may_cosign": delegate is not None
        and not is_proposer
        and proposal.status in (Proposal.Status.COSIGNING, Proposal.Status.SUBMITTED)
        and not proposal.cosignatures.filter(delegate=delegate).exists(),
        "may_review": reviewer and proposal.status == Proposal.Status.SUBMITTED,
        "may_answer": permissions.can(user, "proposals.answer")
        and proposal.status in (Proposal.Status.ACCEPTED, Proposal.Status.ANSWERED)
        and proposal.assignments.filter(unit_id=user.unit_id).exists(),
        "rating_form": RatingForm() if is_proposer and proposal.status == Proposal.Status.ANSWERED else None,
        "similar": selectors.similar_proposals(title=proposal.title, subject=proposal.subject, exclude_pk=proposal.pk)
        if reviewer
        else None,
        "history": history_entries(proposal) if permissions.can(user, "audit.view") else None,
    }
    return render(request, "proposals/proposal_detail.html", context)


@permissions.action_required("proposals.submit")
def proposal_create(request):
    return _proposal_form(request, Proposal(), _("草稿已保存。确认无误后请点击“提交”。"))


@permissions.action_required("proposals.submit")
def proposal_edit(request, proposal_uuid):
    proposal = get_object_or_404(selectors.my_proposals(user=request.user), uuid=proposal_uuid)
    if proposal.status != Proposal.Status.DRAFT:
        messages.error(request, _("提案已提交，不能再修改。"))
        return redirect("proposals:proposal_detail", proposal_uuid=proposal.uuid)
    return _proposal_form(request, proposal, _("草稿已保存。"))


def _proposal_form(request, proposal: Proposal, success: str):
    congresses = selectors.congresses_for_delegate(user=request.user)
    if not congresses.exists():
        messages.error(request, _("只有本次大会的代表才能提出或附议提案。"))
        return redirect("proposals:mine")
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        instance=proposal,
        congresses=congresses,
        similar_url=reverse("proposals:similar"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_draft_save(
                proposal=form.save(commit=False), by=request.user, attachment=form.cleaned_data.get("attachment")
            )
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("proposals:proposal_detail", proposal_uuid=proposal.uuid)
    similar = selectors.similar_proposals(title=proposal.title, subject=proposal.subject, exclude_pk=proposal.pk)
    return render(request, "proposals/proposal_form.html", {"form": form, "proposal": proposal, "similar": similar})


def _attach_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@permissions.action_required("proposals.submit")
def similar(request):
    """htmx: earlier proposals like the one being written."""
    found = selectors.similar_proposals(title=request.GET.get("title", ""), subject=request.GET.get("subject", ""))
    return render(request, "proposals/_similar.html", {"similar": found})


def _act(request, proposal_uuid, service, success: str, **kwargs):
    proposal = _proposal_for(request.user, proposal_uuid)
    try:
        service(proposal=proposal, by=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("proposals:proposal_detail", proposal_uuid=proposal_uuid)


@require_POST
@permissions.action_required("proposals.submit")
def proposal_submit(request, proposal_uuid):
    return _act(
        request, proposal_uuid, services.proposal_submit, _("提案已提交。附议人数达到要求后，将交提案工作委员会审查。")
    )


@require_POST
@permissions.action_required("proposals.cosign")
def proposal_cosign(request, proposal_uuid):
    return _act(request, proposal_uuid, services.proposal_cosign, _("您已附议这件提案。"))


@permissions.action_required("proposals.review")
def proposal_review(request, proposal_uuid):
    proposal = _proposal_for(request.user, proposal_uuid)
    form = ReviewForm(request.POST or None, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _decide(proposal, data, request.user)
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("审查结论已保存。"))
            return redirect("proposals:proposal_detail", proposal_uuid=proposal.uuid)
    similar = selectors.similar_proposals(title=proposal.title, subject=proposal.subject, exclude_pk=proposal.pk)
    return render(request, "proposals/review_form.html", {"form": form, "proposal": proposal, "similar": similar})


def _decide(proposal: Proposal, data: dict, by) -> None:
    decision, reason = data["decision"], data.get("reason") or ""
    if decision == "accept":
        services.proposal_accept(
            proposal=proposal,
            by=by,
            lead_unit=data["lead_unit"],
            helper_units=list(data["helper_units"]),
            due_on=data.get("due_on"),
            note=reason,
        )
    elif decision == "reject":
        services.proposal_reject(proposal=proposal, by=by, reason=reason)
    elif decision == "suggestion":
        services.proposal_to_suggestion(proposal=proposal, by=by, reason=reason)
    else:
        services.proposal_merge(proposal=proposal, into=data["merge_into"], by=by, reason=reason)


@permissions.action_required("proposals.answer")
def proposal_answer(request, proposal_uuid):
    proposal = permissions.get_object_for(
        request.user, "proposals.answer", selectors.proposal_assigned_list(user=request.user), uuid=proposal_uuid
    )
    form = AnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_submit(proposal=proposal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("答复已提交。"))
            return redirect("proposals:proposal_detail", proposal_uuid=proposal.uuid)
    context = {"form": form, "proposal": proposal, "answers": selectors.proposal_answers(proposal=proposal)}
    return render(request, "proposals/answer_form.html", context)


@require_POST
@permissions.action_required("proposals.rate")
def proposal_rate(request, proposal_uuid):
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("proposals:proposal_detail", proposal_uuid=proposal_uuid)
    data = form.cleaned_data
    return _act(request, proposal_uuid, services.proposal_rate, _("感谢您的评价。"), **data)


@permissions.action_required("proposals.view_register")
def proposal_pdf(request, proposal_uuid):
    proposal = _proposal_for(request.user, proposal_uuid)
    return _pdf_response([proposal], f"proposal-{proposal.number or proposal.pk}.pdf")


def _pdf_response(proposals, filename: str) -> HttpResponse:
    pdf = render_pdf("proposals/pdf_form.html", {"proposals": proposals, "printed_on": timezone.localdate()})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@permissions.action_required("proposals.view_all")
def statistics(request):
    congresses = Congress.objects.order_by("-starts_on")
    congress = congresses.filter(uuid=request.GET.get("congress")).first() if request.GET.get("congress") else None
    congress = congress or congresses.first()
    figures = selectors.congress_statistics(congress=congress) if congress else None
    context = {"congresses": congresses, "congress": congress, "figures": figures}
    return render(request, "proposals/statistics.html", context)


@permissions.action_required("proposals.manage_congress")
def congress_list(request):
    return render(request, "proposals/congress_list.html", {"congresses": selectors.congress_list()})


@permissions.action_required("proposals.manage_congress")
def congress_create(request):
    return _congress_form(request, Congress())


@permissions.action_required("proposals.manage_congress")
def congress_edit(request, congress_uuid):
    return _congress_form(request, get_object_or_404(Congress, uuid=congress_uuid))


def _congress_form(request, congress: Congress):
    form = CongressForm(request.POST or None, instance=congress)
    if request.method == "POST" and form.is_valid():
        try:
            congress = services.congress_save(congress=form.save(commit=False), by=request.user)
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("代表大会已保存。"))
            return redirect("proposals:congress_detail", congress_uuid=congress.uuid)
    return render(request, "proposals/congress_form.html", {"form": form, "congress": congress})


@permissions.action_required("proposals.manage_congress")
def congress_detail(request, congress_uuid):
    congress = get_object_or_404(Congress, uuid=congress_uuid)
    form = DelegateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delegate_add(
                congress=congress,
                member=form.cleaned_data["member"],
                delegation_name=form.cleaned_data["delegation"],
                by=request.user,
            )
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("代表已添加。"))
            return redirect("proposals:congress_detail", congress_uuid=congress.uuid)
    delegates = selectors.congress_delegates(congress=congress)
    return render(
        request, "proposals/congress_detail.html", {"congress": congress, "form": form, "delegates": delegates}
    )


@require_POST
@permissions.action_required("proposals.manage_congress")
def delegate_remove(request, congress_uuid, delegate_id):
    delegate = get_object_or_404(Delegate, congress__uuid=congress_uuid, pk=delegate_id)
    try:
        services.delegate_remove(delegate=delegate, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("代表已移除。"))
    return redirect("proposals:congress_detail", congress_uuid=congress_uuid)


@permissions.action_required("proposals.view_all")
def congress_pdf(request, congress_uuid):
    congress = get_object_or_404(Congress, uuid=congress_uuid)
    proposals = selectors.proposal_register(user=request.user).filter(congress=congress).order_by("number_seq")
    return _pdf_response(list(proposals.prefetch_related("cosignatures__delegate__member")), "proposals.pdf")
