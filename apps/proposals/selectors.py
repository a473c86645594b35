"""Reads of the proposal process: scoped lists, similar proposals and statistics (in SQL)."""

import re

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Case, Count, Exists, F, Func, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from apps.core import permissions
from apps.proposals.models import Answer, Assignment, Category, Congress, Cosignature, Delegate, Proposal

Status = Proposal.Status
# The committee's list: what waits for a decision first, then what waits for an answer, then the rest.
REVIEW_PRIORITY = Case(
    When(status=Status.SUBMITTED, then=Value(0)),
    When(status=Status.ACCEPTED, then=Value(1)),
    When(status=Status.COSIGNING, then=Value(2)),
    When(status=Status.ANSWERED, then=Value(3)),
    default=Value(4),
)
# Below this, two Chinese texts share too few character trigrams to be worth showing.
SIMILARITY_THRESHOLD = 0.15


def _with_relations(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return queryset.select_related("congress", "proposer__member__unit", "proposer__delegation").prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("unit"))
    )


def proposal_register(*, user) -> QuerySet[Proposal]:
    """校务公开: accepted proposals, visible to every logged-in member."""
    if not permissions.can(user, "proposals.view_register"):
        return Proposal.objects.none()
    return (
        _with_relations(Proposal.objects.filter(status__in=Proposal.REGISTER_STATUSES))
        .annotate(cosigner_count=Count("cosignatures", distinct=True))
        .order_by("-number_year", "number_seq")
    )


def proposal_review_list(*, user) -> QuerySet[Proposal]:
    """Everything that reached the committee (never someone's draft), for the committee and read-all roles."""
    proposals = Proposal.objects.exclude(status=Status.DRAFT)
    proposals = permissions.scope(user, proposals, full="proposals.view_all")
    return _with_relations(proposals).annotate(cosigner_count=Count("cosignatures", distinct=True))


def proposal_assigned_list(*, user) -> QuerySet[Proposal]:
    """A department handler's work: only what is assigned to their unit (everything for read-all roles)."""
    proposals = Proposal.objects.filter(status__in=Proposal.REGISTER_STATUSES)
    proposals = permissions.scope(user, proposals, full="proposals.view_all", unit_field="assignments__unit")
    return _with_relations(proposals)


def proposal_visible(*, user) -> QuerySet[Proposal]:
    """Every proposal this user may open: public register, own, co-signable, assigned, or all for reviewers."""
    if not permissions.can(user, "proposals.view_register"):
        return Proposal.objects.none()
    everything = Proposal.objects.all()
    reviewable = permissions.scope(user, everything.exclude(status=Status.DRAFT), full="proposals.view_all")
    assigned = permissions.scope(
        user, everything.exclude(status=Status.DRAFT), full="proposals.view_all", unit_field="assignments__unit"
    )
    visible = (
        Q(status__in=Proposal.REGISTER_STATUSES) | Q(pk__in=reviewable.values("pk")) | Q(pk__in=assigned.values("pk"))
    )
    if user.member_id:
        delegate_of = Delegate.objects.filter(congress=OuterRef("congress"), member_id=user.member_id)
        visible |= Q(proposer__member_id=user.member_id)
        visible |= Q(
            Exists(delegate_of), status__in=(Status.COSIGNING, Status.SUBMITTED, Status.MERGED, Status.SUGGESTION)
        )
    return everything.filter(visible).select_related("congress", "proposer__member__unit", "merged_into")


def my_proposals(*, user) -> QuerySet[Proposal]:
    if not user.member_id:
        return Proposal.objects.none()
    return _with_relations(Proposal.objects.filter(proposer__member_id=user.member_id)).order_by("-created_at")


def proposals_to_cosign(*, user) -> QuerySet[Proposal]:
    """Proposals still collecting co-signers in a congress where the user is a delegate (not their own)."""
    if not user.member_id:
        return Proposal.objects.none()
    is_delegate = Delegate.objects.filter(congress=OuterRef("congress"), member_id=user.member_id)
    signed = Cosignature.objects.filter(proposal=OuterRef("pk"), delegate__member_id=user.member_id)
    return (
        _with_relations(Proposal.objects.filter(status=Status.COSIGNING))
        .filter(Exists(is_delegate))
        .exclude(proposer__member_id=user.member_id)
        .annotate(cosigner_count=Count("cosignatures", distinct=True), already_signed=Exists(signed))
        .order_by("submitted_at")
    )


def congresses_for_delegate(*, user) -> QuerySet[Congress]:
    """The congresses in which this user is a delegate, newest first."""
    if not user.member_id:
        return Congress.objects.none()
    return Congress.objects.filter(delegates__member_id=user.member_id).order_by("-starts_on")


# Every title starts with 关于 and ends with 的提案/的建议: left in, these shared characters make unrelated
# proposals look alike, so both sides are compared without them.
BOILERPLATE = r"^\s*关于|的?(提案|建议|意见)\s*$"


def _plain(text: str) -> str:
    return re.sub(BOILERPLATE, "", text.strip())


def _plain_field(field: str) -> Func:
    return Func(F(field), Value(BOILERPLATE), Value(""), Value("g"), function="regexp_replace")


def similar_proposals(
    *, title: str, subject: str = "", exclude_pk: int | None = None, limit: int = 5
) -> QuerySet[Proposal]:
    """Earlier proposals whose title or 案由 look like these (pg_trgm); drafts are never shown."""
    title, subject = _plain(title or ""), (subject or "").strip()
    if len(title) + len(subject) < 2:
        return Proposal.objects.none()
    proposals = Proposal.objects.exclude(status=Status.DRAFT)
    if exclude_pk:
        proposals = proposals.exclude(pk=exclude_pk)
    scores = []
    if title:
        scores += [TrigramSimilarity(_plain_field("title"), title), TrigramSimilarity("subject", title)]
    if subject:
        scores += [TrigramSimilarity("subject", subject), TrigramSimilarity(_plain_field("title"), subject)]
    return (
        proposals.annotate(similarity=Greatest(*scores))
        .filter(similarity__gte=SIMILARITY_THRESHOLD)
        .select_related("congress")
        .order_by("-similarity", "-created_at")[:limit]
    )


def proposal_answers(*, proposal: Proposal) -> QuerySet[Answer]:
    return proposal.answers.select_related("unit", "answered_by").order_by("answered_at", "pk")


def congress_list() -> QuerySet[Congress]:
    return Congress.objects.annotate(
        delegate_count=Count("delegates", distinct=True),
        proposal_count=Count("proposals", filter=~Q(proposals__status=Status.DRAFT), distinct=True),
    ).order_by("-starts_on")


def congress_delegates(*, congress: Congress) -> QuerySet[Delegate]:
    return congress.delegates.select_related("member__unit", "delegation").order_by(
        "delegation__sort_order", "delegation__name", "member__employee_no"
    )


# ---------------------------------------------------------------- statistics


def _statistics(proposals: QuerySet[Proposal]) -> dict:
    today = timezone.localdate()
    figures = proposals.aggregate(
        collected=Count("pk", filter=Q(status__in=Proposal.COLLECTED_STATUSES)),
        accepted=Count("pk", filter=Q(status__in=Proposal.REGISTER_STATUSES)),
        not_accepted=Count("pk", filter=Q(status=Status.NOT_ACCEPTED)),
        suggestions=Count("pk", filter=Q(status=Status.SUGGESTION)),
        merged=Count("pk", filter=Q(status=Status.MERGED)),
        in_process=Count("pk", filter=Q(status__in=Proposal.REGISTER_STATUSES) & ~Q(result=Proposal.Result.SOLVED)),
        answered=Count("pk", filter=Q(status__in=Proposal.REGISTER_STATUSES) & ~Q(result="")),
        solved=Count("pk", filter=Q(status__in=Proposal.REGISTER_STATUSES, result=Proposal.Result.SOLVED)),
        overdue=Count("pk", filter=Q(status=Status.ACCEPTED, due_on__lt=today)),
        satisfied=Count("pk", filter=Q(satisfaction=Proposal.Satisfaction.SATISFIED)),
        basically_satisfied=Count("pk", filter=Q(satisfaction=Proposal.Satisfaction.BASICALLY)),
        unsatisfied=Count("pk", filter=Q(satisfaction=Proposal.Satisfaction.UNSATISFIED)),
    )
    figures["satisfaction"] = {key: figures.pop(key) for key in ("satisfied", "basically_satisfied", "unsatisfied")}
    accepted = proposals.filter(status__in=Proposal.REGISTER_STATUSES)
    results = dict(accepted.exclude(result="").values_list("result").annotate(n=Count("pk")).order_by())
    figures["by_result"] = [
        {"result": str(label), "code": code, "count": results.get(code, 0)} for code, label in Proposal.Result.choices
    ]
    categories = dict(
        proposals.filter(status__in=Proposal.COLLECTED_STATUSES)
        .values_list("category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    figures["by_category"] = [
        {"category": str(label), "code": code, "count": categories[code]}
        for code, label in Category.choices
        if categories.get(code)
    ]
    departments = (
        Assignment.objects.filter(proposal__in=accepted, role=Assignment.Role.LEAD)
        .values(department=F("unit__name"), department_id=F("unit"))
        .annotate(count=Count("proposal", distinct=True))
        .order_by("-count", "department")
    )
    figures["by_department"] = list(departments)
    return figures


def congress_statistics(*, congress: Congress) -> dict:
    return _statistics(Proposal.objects.filter(congress=congress))


def report_figures(*, year: int) -> dict:
    """The proposals figures of the annual report: proposals of the congress sessions held in ``year``."""
    proposals = Proposal.objects.filter(congress__starts_on__year=year)
    figures = _statistics(proposals)
    figures["congresses"] = list(
        Congress.objects.filter(starts_on__year=year).order_by("starts_on").values_list("name", flat=True)
    )
    for row in figures["by_department"]:
        row.pop("department_id")
    for row in figures["by_result"] + figures["by_category"]:
        row.pop("code")
    register = reverse("proposals:index")
    review = reverse("proposals:review_list")
    figures["links"] = {
        "collected": f"{review}?year={year}",
        "accepted": f"{register}?year={year}",
        "not_accepted": f"{review}?year={year}&status={Status.NOT_ACCEPTED}",
        "suggestions": f"{review}?year={year}&status={Status.SUGGESTION}",
        "merged": f"{review}?year={year}&status={Status.MERGED}",
        "in_process": f"{register}?year={year}&status=in_process",
        "answered": f"{register}?year={year}&status=has_answer",
        "solved": f"{register}?year={year}&result={Proposal.Result.SOLVED}",
        "overdue": f"{review}?year={year}&overdue=1",
        "satisfaction": f"{register}?year={year}&status=rated",
    }
    return figures
