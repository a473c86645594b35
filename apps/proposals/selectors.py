"""Reads of the proposal process: scoped lists, similar proposals and statistics (in SQL)."""

import re

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from apps.core import permissions
from apps.core.params import clean_text
from apps.proposals.models import (
    Answer,
    Assignment,
    Category,
    Congress,
    Cosignature,
    Delegate,
    Proposal,
    ProposalBook,
)
from apps.proposals.rules import visible_condition

Status = Proposal.Status
# The committee's list: what waits for a decision first, then what waits for an answer, then the rest.
REVIEW_PRIORITY = Case(
    When(status=Status.SUBMITTED, then=Value(0)),
    When(status=Status.ACCEPTED, then=Value(1)),
    When(status=Status.COSIGNING, then=Value(2)),
    When(status=Status.ANSWERED, then=Value(3)),
    default=Value(4),
)


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
    """Every proposal this user may open (the scope of ``proposals.view_proposal``, see rules.py)."""
    return Proposal.objects.filter(visible_condition(user)).select_related(
        "congress", "proposer__member__unit", "merged_into"
    )


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


# Every title starts with 关于 and ends with 的提案/的建议: left in the search text, these shared characters
# make unrelated proposals look alike, so they are taken off the text searched for.
BOILERPLATE = r"^\s*关于|的?(提案|建议|意见)\s*$"
# pg_trgm's word similarity: the share of the searched text's trigrams found in one stretch of the title
# (or 案由). Chinese has no spaces, so a text's first two characters give two extra trigrams (the word start):
# a short text starting with 学校 matches every 案由 starting with 学校 at 0.4. Hence 案由 are compared only
# from a sentence's length on. tests/proposals/test_similar.py holds the real pairs that place the threshold:
# the demo's near-duplicates score 0.38 and more, texts sharing only 学校 or 完善教职工 at most 0.30.
SIMILARITY_THRESHOLD = 0.35
SHARED_MIN_LENGTH = 2
SUBJECT_MIN_LENGTH = 6


def _plain(text: str) -> str:
    return re.sub(BOILERPLATE, "", clean_text(text or "", max_length=200))


def similar_proposals(
    *, user, title: str, subject: str = "", exclude_pk: int | None = None, limit: int = 5
) -> list[Proposal]:
    """Proposals this user may open whose title or 案由 look like these, best first; drafts never.

    The ``%>`` operator (word similarity above ``pg_trgm.word_similarity_threshold``, set for this
    transaction only) lets the trigram GIN indexes on title and subject find the candidates.
    """
    title, subject = _plain(title), clean_text(subject or "", max_length=500)
    if len(subject) < SUBJECT_MIN_LENGTH:
        subject = ""
    if len(title) < SHARED_MIN_LENGTH and not subject:
        return []
    matches, scores = Q(pk__in=[]), []
    if len(title) >= SHARED_MIN_LENGTH:
        matches |= Q(title__trigram_word_similar=title)
        scores.append(TrigramWordSimilarity(title, "title"))
    if subject:
        matches |= Q(subject__trigram_word_similar=subject)
        scores.append(TrigramWordSimilarity(subject, "subject"))
    proposals = Proposal.objects.filter(visible_condition(user), matches).exclude(status=Status.DRAFT)
    if exclude_pk:
        proposals = proposals.exclude(pk=exclude_pk)
    score = Greatest(*scores) if len(scores) > 1 else scores[0]
    proposals = proposals.annotate(similarity=score).select_related("congress").order_by("-similarity", "-pk")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(SIMILARITY_THRESHOLD)])
        found = list(proposals[:limit])
    for proposal in found:
        proposal.title_parts = shared_parts(proposal.title, f"{title}\n{subject}")
    return found


def shared_parts(text: str, searched: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, shared) pieces: the runs of two or more characters also in ``searched``."""
    parts: list[tuple[str, bool]] = []
    position = 0
    while position < len(text):
        length = 0
        while position + length < len(text) and text[position : position + length + 1] in searched:
            length += 1
        if length >= SHARED_MIN_LENGTH:
            parts.append((text[position : position + length], True))
            position += length
        else:
            if parts and not parts[-1][1]:
                parts[-1] = (parts[-1][0] + text[position], False)
            else:
                parts.append((text[position], False))
            position += 1
    return parts


def proposal_answers(*, user, proposal: Proposal) -> QuerySet[Answer]:
    """The answers to a proposal, when the user may open it."""
    answers = Answer.objects.filter(proposal=proposal, proposal__in=Proposal.objects.filter(visible_condition(user)))
    return answers.select_related("unit", "answered_by").order_by("answered_at", "pk")


def _count_of(queryset: QuerySet) -> Subquery:
    """A per-row count as its own subquery: counting two tables in one join would multiply their rows."""
    return Subquery(
        queryset.order_by().values("congress").annotate(n=Count("pk")).values("n"), output_field=IntegerField()
    )


def congress_list(*, user) -> QuerySet[Congress]:
    """Every congress with its delegate and (non-draft) proposal counts, for those who manage congresses."""
    if not permissions.can(user, "proposals.manage_congress"):
        return Congress.objects.none()
    delegates = _count_of(Delegate.objects.filter(congress=OuterRef("pk")))
    proposals = _count_of(Proposal.objects.filter(congress=OuterRef("pk")).exclude(status=Status.DRAFT))
    return Congress.objects.annotate(
        delegate_count=Coalesce(delegates, 0), proposal_count=Coalesce(proposals, 0)
    ).order_by("-starts_on")


def congress_choices(*, user) -> QuerySet[Congress]:
    """The congresses whose statistics and proposal book the user may read, newest first."""
    if not permissions.can(user, "proposals.view_all"):
        return Congress.objects.none()
    return Congress.objects.order_by("-starts_on")


def proposal_books(*, user, congress: Congress) -> QuerySet[ProposalBook]:
    """The proposal books of a congress, newest first, for those who read every proposal."""
    if not permissions.can(user, "proposals.view_all"):
        return ProposalBook.objects.none()
    return ProposalBook.objects.filter(congress=congress).select_related("congress").order_by("-requested_at", "-pk")


def congress_delegates(*, user, congress: Congress) -> QuerySet[Delegate]:
    if not permissions.can(user, "proposals.manage_congress"):
        return Delegate.objects.none()
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
