from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.core import access, flows
from apps.core.audit import history_entries
from apps.core.exports import Column
from apps.core.listing import FilteredListView
from apps.core.params import text_param, uuid_param
from apps.core.uploads import attachment_response, stored_file_response
from apps.proposals import selectors, services
from apps.proposals.filters import AssignedFilter, RegisterFilter, ReviewFilter
from apps.proposals.forms import (
    AnswerForm,
    BackEntryForm,
    CongressForm,
    DelegateForm,
    ProposalForm,
    RatingForm,
    ReviewForm,
)
from apps.proposals.models import Congress, Proposal


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


@access.perm_required("proposals.write_proposal")
def mine(request):
    context = {
        "proposals": selectors.my_proposals(user=request.user),
        "to_cosign": selectors.proposals_to_cosign(user=request.user),
        "congresses": selectors.congresses_for_delegate(user=request.user),
    }
    return render(request, "proposals/mine.html", context)


VIEW = "proposals.view_proposal"


def _proposal_for(user, proposal_uuid, perm: str = VIEW) -> Proposal:
    return access.get_object_or_deny(user, perm, selectors.proposal_visible(user=user), uuid=proposal_uuid)


def _to_detail(proposal: Proposal) -> str:
    return reverse("proposals:proposal_detail", kwargs={"proposal_uuid": proposal.uuid})


@access.perm_required(VIEW)
def attachment_download(request, proposal_uuid, attachment_id: int):
    proposal = _proposal_for(request.user, proposal_uuid)
    attachment = get_object_or_404(proposal.attachments, pk=attachment_id)
    return attachment_response(attachment.attachment)


@access.perm_required(VIEW)
def answer_file_download(request, proposal_uuid, answer_id: int):
    proposal = _proposal_for(request.user, proposal_uuid)
    answer = get_object_or_404(selectors.proposal_answers(user=request.user, proposal=proposal), pk=answer_id)
    return attachment_response(answer.attachment)


def _similar_to(user, proposal: Proposal) -> list[Proposal]:
    return selectors.similar_proposals(
        user=user, title=proposal.title, subject=proposal.subject, exclude_pk=proposal.pk
    )


@access.perm_required(VIEW)
def proposal_detail(request, proposal_uuid):
    """The proposal with the actions the user may take on it (the template asks the rules for each)."""
    user = request.user
    proposal = _proposal_for(user, proposal_uuid)
    context = {
        "proposal": proposal,
        "cosignatures": proposal.cosignatures.select_related("delegate__member__unit"),
        "assignments": proposal.assignments.select_related("unit"),
        "answers": selectors.proposal_answers(user=user, proposal=proposal),
        "rating_form": RatingForm(),
        "similar": _similar_to(user, proposal) if user.has_perm("proposals.see_similar") else None,
        "history": history_entries(proposal) if user.has_perm("proposals.view_history") else None,
    }
    return render(request, "proposals/proposal_detail.html", context)


@access.perm_required("proposals.write_proposal")
def proposal_create(request):
    return _proposal_form(request, Proposal(), _("草稿已保存。确认无误后请点击“提交”。"))


@access.perm_required("proposals.edit_proposal")
def proposal_edit(request, proposal_uuid):
    proposal = _proposal_for(request.user, proposal_uuid, "proposals.edit_proposal")
    if proposal.status != Proposal.Status.DRAFT:
        messages.error(request, _("提案已提交，不能再修改。"))
        return redirect(_to_detail(proposal))
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

    def save(data):
        return services.proposal_draft_save(
            proposal=form.save(commit=False),
            by=request.user,
            attachment=data.get("attachment"),
            token=data.get("submission_token"),
        )

    done = flows.submit(request, form, save, success=success, redirect_to=_to_detail)
    if done:
        return done
    title, subject = form["title"].value() or "", form["subject"].value() or ""
    similar = selectors.similar_proposals(user=request.user, title=title, subject=subject, exclude_pk=proposal.pk)
    context = {"form": form, "proposal": proposal, "similar": similar, "searched": bool(title or subject)}
    return render(request, "proposals/proposal_form.html", context)


@access.perm_required("proposals.write_proposal")
def similar(request):
    """htmx: proposals the user may open that look like the one being written; says so when there are none."""
    title, subject = text_param(request, "title", max_length=200), text_param(request, "subject", max_length=500)
    found = selectors.similar_proposals(user=request.user, title=title, subject=subject)
    return render(request, "proposals/_similar.html", {"similar": found, "searched": bool(title or subject)})


def _act(request, proposal_uuid, service, success: str, **kwargs):
    """A one-click action: the service refuses a wrong state with a message, a wrong person with a 403."""
    proposal = _proposal_for(request.user, proposal_uuid)
    try:
        service(proposal=proposal, by=request.user, **kwargs)
    except ValidationError as error:
        flows.flash_errors(request, error)
    else:
        messages.success(request, success)
    return redirect(_to_detail(proposal))


@require_POST
@access.perm_required("proposals.submit_proposal")
def proposal_submit(request, proposal_uuid):
    return _act(
        request, proposal_uuid, services.proposal_submit, _("提案已提交。附议人数达到要求后，将交提案工作委员会审查。")
    )


@require_POST
@access.perm_required("proposals.cosign_proposal")
def proposal_cosign(request, proposal_uuid):
    return _act(request, proposal_uuid, services.proposal_cosign, _("您已附议这件提案。"))


@access.perm_required("proposals.review_proposal")
def proposal_review(request, proposal_uuid):
    proposal = _proposal_for(request.user, proposal_uuid, "proposals.review_proposal")
    form = ReviewForm(request.POST or None, proposal=proposal)
    done = flows.submit(
        request,
        form,
        lambda data: services.proposal_decide(proposal=proposal, by=request.user, **data),
        success=_("审查结论已保存。"),
        redirect_to=_to_detail,
    )
    if done:
        return done
    similar = _similar_to(request.user, proposal)
    return render(request, "proposals/review_form.html", {"form": form, "proposal": proposal, "similar": similar})


@access.perm_required("proposals.open_answer_page")
def proposal_answer(request, proposal_uuid):
    user = request.user
    proposal = access.get_object_or_deny(
        user, "proposals.open_answer_page", selectors.proposal_assigned_list(user=user), uuid=proposal_uuid
    )
    form = AnswerForm(request.POST or None, request.FILES or None)
    done = flows.submit(
        request,
        form,
        lambda data: services.answer_submit(proposal=proposal, by=user, **data),
        success=_("答复已提交。"),
        redirect_to=lambda answer: _to_detail(proposal),
    )
    if done:
        return done
    context = {"form": form, "proposal": proposal, "answers": selectors.proposal_answers(user=user, proposal=proposal)}
    return render(request, "proposals/answer_form.html", context)


@require_POST
@access.perm_required("proposals.rate_answer")
def proposal_rate(request, proposal_uuid):
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("proposals:proposal_detail", proposal_uuid=proposal_uuid)
    return _act(request, proposal_uuid, services.proposal_rate, _("感谢您的评价。"), **form.cleaned_data)


@access.perm_required(VIEW)
def proposal_pdf(request, proposal_uuid):
    proposal = _proposal_for(request.user, proposal_uuid)
    return _pdf_response([proposal], f"proposal-{proposal.number or proposal.pk}.pdf")


def _pdf_response(proposals, filename: str) -> HttpResponse:
    pdf = services.proposal_forms_pdf(proposals)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@access.perm_required("proposals.view_statistics")
def statistics(request):
    congresses = selectors.congress_choices(user=request.user)
    chosen = uuid_param(request, "congress")
    congress = (congresses.filter(uuid=chosen).first() if chosen else None) or congresses.first()
    figures = selectors.congress_statistics(congress=congress) if congress else None
    context = {"congresses": congresses, "congress": congress, "figures": figures}
    return render(request, "proposals/statistics.html", context)


MANAGE = "proposals.manage_congress"


def _congress_for(user, congress_uuid) -> Congress:
    return access.get_object_or_deny(user, MANAGE, selectors.congress_list(user=user), uuid=congress_uuid)


def _to_congress(congress: Congress) -> str:
    return reverse("proposals:congress_detail", kwargs={"congress_uuid": congress.uuid})


@access.perm_required(MANAGE)
def congress_list(request):
    return render(request, "proposals/congress_list.html", {"congresses": selectors.congress_list(user=request.user)})


@access.perm_required(MANAGE)
def congress_create(request):
    return _congress_form(request, Congress())


@access.perm_required(MANAGE)
def congress_edit(request, congress_uuid):
    return _congress_form(request, _congress_for(request.user, congress_uuid))


def _congress_form(request, congress: Congress):
    form = CongressForm(request.POST or None, instance=congress)
    done = flows.submit(
        request,
        form,
        lambda data: services.congress_save(congress=form.save(commit=False), by=request.user),
        success=_("代表大会已保存。"),
        redirect_to=_to_congress,
    )
    return done or render(request, "proposals/congress_form.html", {"form": form, "congress": congress})


@access.perm_required(MANAGE)
def congress_detail(request, congress_uuid):
    congress = _congress_for(request.user, congress_uuid)
    form = DelegateForm(request.POST or None)
    done = flows.submit(
        request,
        form,
        lambda data: services.delegate_add(
            congress=congress, member=data["member"], delegation_name=data["delegation"], by=request.user
        ),
        success=_("代表已添加。"),
        redirect_to=lambda delegate: _to_congress(congress),
    )
    if done:
        return done
    delegates = selectors.congress_delegates(user=request.user, congress=congress)
    return render(
        request, "proposals/congress_detail.html", {"congress": congress, "form": form, "delegates": delegates}
    )


@access.perm_required("proposals.back_enter")
def back_entry(request, congress_uuid):
    """补录 one proposal of a past congress with its real dates."""
    congress = _congress_for(request.user, congress_uuid)
    form = BackEntryForm(request.POST or None)

    def save(data):
        token = data.pop("submission_token", None)
        entry = services.BackEntry(congress=congress, **{**data, "helper_units": tuple(data["helper_units"])})
        return services.proposal_back_enter(entry=entry, by=request.user, token=token)

    done = flows.submit(request, form, save, success=_("提案已补录。"), redirect_to=_to_detail)
    return done or render(request, "proposals/back_entry_form.html", {"form": form, "congress": congress})


@require_POST
@access.perm_required(MANAGE)
def delegate_remove(request, congress_uuid, delegate_id):
    congress = _congress_for(request.user, congress_uuid)
    delegate = get_object_or_404(selectors.congress_delegates(user=request.user, congress=congress), pk=delegate_id)
    try:
        services.delegate_remove(delegate=delegate, by=request.user)
    except ValidationError as error:
        flows.flash_errors(request, error)
    else:
        messages.success(request, _("代表已移除。"))
    return redirect(_to_congress(congress))


BOOK = "proposals.view_all_proposals"


def _book_congress(user, congress_uuid) -> Congress:
    return access.get_object_or_deny(user, BOOK, selectors.congress_choices(user=user), uuid=congress_uuid)


@access.perm_required(BOOK)
def congress_pdf(request, congress_uuid):
    """The congress's proposal book: 生成 queues a Celery job; the page follows it and offers the file."""
    congress = _book_congress(request.user, congress_uuid)
    if request.method == "POST":
        book = services.proposal_book_request(congress=congress, by=request.user)
        messages.success(
            request, _("提案汇编已开始生成，完成后可在本页下载。") if book.is_active else _("提案汇编已生成。")
        )
        return redirect("proposals:congress_pdf", congress_uuid=congress.uuid)
    books = selectors.proposal_books(user=request.user, congress=congress)[:5]
    return render(request, "proposals/congress_book.html", {"congress": congress, "books": books})


def _book_for(user, congress_uuid, book_uuid):
    congress = _book_congress(user, congress_uuid)
    return get_object_or_404(selectors.proposal_books(user=user, congress=congress), uuid=book_uuid)


@access.perm_required(BOOK)
def congress_book_status(request, congress_uuid, book_uuid):
    """htmx: one book's state, polled while it is queued or running."""
    book = _book_for(request.user, congress_uuid, book_uuid)
    return render(request, "proposals/_book_status.html", {"book": book, "congress": book.congress})


@access.perm_required(BOOK)
def congress_book_download(request, congress_uuid, book_uuid):
    book = _book_for(request.user, congress_uuid, book_uuid)
    if book.status != book.Status.DONE:
        raise Http404
    return stored_file_response(book.file, filename=f"{book.congress.name}-提案汇编.pdf")
