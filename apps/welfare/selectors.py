"""Reads of the welfare app: querysets scoped to what a user may see, and statistics computed in SQL.

The scoped querysets (``*, user``) are the queryset side of ``apps/welfare/rules.py``: a record is in a user's
list exactly when the rule lets them open it. The statistics below them take no user: they are the figures the
welfare home, the budget page, the leadership dashboard and the annual report show, whole, to every role that
may open those pages (officers, leadership, administrators: ``welfare.view_figures``).
"""

from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import permissions
from apps.people import selectors as people_selectors
from apps.people.models import BranchUnion, Member
from apps.welfare.models import (
    Distribution,
    DistributionRecipient,
    MutualAidClaim,
    Visit,
    VisitStandard,
    VisitType,
    WelfareBudget,
)

MONEY_SUM = DecimalField(max_digits=14, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=MONEY_SUM)
VISIT_TOTAL = F("cash_amount") + F("gift_value")


def _money(expression) -> Coalesce:
    return Coalesce(expression, ZERO, output_field=DecimalField(max_digits=14, decimal_places=2))


# ---------------------------------------------------------------- scoped querysets


def visit_list(*, user) -> QuerySet[Visit]:
    """The visits a user may see: officers and leadership all; a branch chair the branch's non-private ones;
    everyone their own (private types included)."""
    visits = Visit.objects.select_related("member__unit", "member__branch", "visit_type", "created_by__member")
    visits = permissions.scope(
        user, visits, full="welfare.view_all", branch_field="member__branch", member_field="member"
    )
    if not permissions.can(user, "welfare.view_private"):
        visits = visits.filter(Q(visit_type__private=False) | Q(member_id=user.member_id or 0))
    return visits


def visit_pending(*, user) -> QuerySet[Visit]:
    return visit_list(user=user).filter(status=Visit.Status.PENDING)


def distribution_list(*, user) -> QuerySet[Distribution]:
    """Officers and leadership see every distribution; a branch chair those that went to their branch union
    only (a union-wide one is the union office's: its counts and amounts cover every branch).

    Annotated with ``recipient_count`` and ``amount`` (``_recipient_figures``), for the page's rows only.
    """
    distributions = Distribution.objects.select_related("branch", "visit_type", "created_by__member")
    if not permissions.can(user, "welfare.view"):
        return distributions.none()
    if not permissions.can(user, "welfare.view_all"):
        distributions = distributions.filter(branch_id=user.branch_id or 0)  # rules.distribution_visible
    return distributions.annotate(**_recipient_figures()).order_by("-distributed_on", "-pk")


def _recipient_figures(*, exact: bool = False) -> dict:
    """How many received a distribution and what it came to, without grouping every recipient per request.

    A finished distribution keeps its count: ``distribution_run`` sets ``progress_done`` to the number of its
    records when it finishes, and every record is worth ``unit_value`` (it is created so, and nothing changes
    it). Only an unfinished one (failed half-way, running) is counted, by a correlated subquery that PostgreSQL
    evaluates after ``LIMIT``, for the page's rows only (measured: 25 rows of 126 distributions with 433,440
    records: 167 ms when every row was counted so, 13 ms with finished ones read from the row and two unfinished
    on the page). ``exact``: count every row (the annual report's figures: a year's few distributions).
    """
    done = Q(status=Distribution.Status.DONE)
    records = DistributionRecipient.objects.filter(distribution=OuterRef("pk")).order_by().values("distribution")
    counted = Subquery(records.annotate(n=Count("pk")).values("n"), output_field=IntegerField())
    summed = Subquery(records.annotate(total=Sum("value")).values("total"), output_field=MONEY_SUM)
    if exact:
        return {"recipient_count": Coalesce(counted, 0), "amount": _money(summed)}
    return {
        "recipient_count": Case(When(done, then=F("progress_done")), default=Coalesce(counted, 0)),
        "amount": _money(Case(When(done, then=F("progress_done") * F("unit_value")), default=summed)),
    }


def distribution_members(*, user, distribution: Distribution) -> QuerySet[Member]:
    """Who received a finished distribution, or (before that) who would: as far as the user may see members."""
    if distribution.status == Distribution.Status.DONE:
        members = Member.objects.filter(distribution_records__distribution=distribution)
    else:
        members = distribution_audience(distribution=distribution)
    members = permissions.scope(user, members, full="welfare.view_all", branch_field="branch", member_field="pk")
    return members.select_related("unit", "branch").order_by("employee_no")


def distribution_audience(*, distribution: Distribution) -> QuerySet[Member]:
    """The members a distribution goes to, before anything is created (the figures of its preview, and the
    list ``services.distribution_run`` fills): no user scope, the audience is the distribution's own.

    Only members in service on the distribution's date: joined by then (or date unknown) and not yet retired
    or left, so that a distribution entered afterwards reaches the people who were there.
    """
    members = Member.objects.filter(people_selectors.in_service_on(distribution.distributed_on))
    audience = distribution.audience
    if audience == Distribution.Audience.BIRTHDAY_MONTH:
        members = members.filter(birth_date__month=distribution.birthday_month)
    elif audience == Distribution.Audience.BRANCH:
        members = members.filter(branch_id=distribution.branch_id)
    elif audience == Distribution.Audience.CHOSEN:
        members = members.filter(pk__in=distribution.chosen_members.values("pk"))
    return members.order_by("employee_no")


def history_members(*, user) -> QuerySet[Member]:
    """The members whose welfare history a user may open (rules.history_visible): read-all roles every member,
    a branch chair their branch union's, anyone themselves."""
    members = Member.objects.select_related("unit", "branch")
    return permissions.scope(user, members, full="welfare.view_all", branch_field="branch", member_field="pk")


def claim_list(*, user) -> QuerySet[MutualAidClaim]:
    """Claims are personal (illness, hardship): officers and leadership, and the member themselves."""
    claims = MutualAidClaim.objects.select_related("member__unit", "member__branch", "created_by__member")
    if permissions.can(user, "welfare.view_private"):
        return claims
    return claims.filter(member_id=user.member_id or 0)


def enrolment_list(*, user) -> QuerySet[Member]:
    members = Member.objects.filter(mutual_aid_joined_on__isnull=False).select_related("unit", "branch")
    return permissions.scope(user, members, full="welfare.view_all", branch_field="branch", member_field="pk")


def member_history(*, user, member: Member) -> dict:
    """A member's welfare history, as far as this user may see it."""
    visits = visit_list(user=user).filter(member=member).order_by("-visited_on", "-pk")
    records = (
        DistributionRecipient.objects.filter(member=member, distribution__status=Distribution.Status.DONE)
        .select_related("distribution")
        .order_by("-distribution__distributed_on")
    )
    claims = claim_list(user=user).filter(member=member)
    totals = {
        "visits": visits.filter(status=Visit.Status.APPROVED).aggregate(
            count=Count("pk"), amount=_money(Sum(VISIT_TOTAL))
        ),
        "distributions": records.aggregate(count=Count("pk"), amount=_money(Sum("value"))),
    }
    return {"visits": visits, "records": records, "claims": claims, "totals": totals}


def latest_year() -> int:
    """The most recent year with visits or distributions (the dashboard's default), else this year."""
    latest = Visit.objects.aggregate(day=Max("visited_on"))["day"]
    latest_distribution = Distribution.objects.aggregate(day=Max("distributed_on"))["day"]
    days = [d for d in (latest, latest_distribution) if d is not None]
    return min(max(days).year, timezone.localdate().year) if days else timezone.localdate().year


def visit_types(*, year: int | None = None) -> QuerySet[VisitType]:
    """Active visit types, each annotated with ``standard``: the standard in force in ``year`` (default: this year)."""
    year = year or timezone.localdate().year
    in_force = VisitStandard.objects.filter(visit_type=OuterRef("pk"), year__lte=year).order_by("-year")
    return VisitType.objects.filter(is_active=True).annotate(
        standard=Coalesce(Subquery(in_force.values("amount")[:1]), F("standard_amount")),
        standard_year=Subquery(in_force.values("year")[:1]),
    )


# ---------------------------------------------------------------- statistics


def _approved_visits(year: int) -> QuerySet[Visit]:
    return Visit.objects.filter(status=Visit.Status.APPROVED, visited_on__year=year)


def visits_by_type(*, year: int) -> list[dict]:
    rows = (
        _approved_visits(year)
        .values("visit_type__name", "visit_type__code", "visit_type__sort_order")
        .annotate(count=Count("pk"), people=Count("member", distinct=True), amount=_money(Sum(VISIT_TOTAL)))
        .order_by("visit_type__sort_order")
    )
    return [
        {
            "type": r["visit_type__name"],
            "code": r["visit_type__code"],
            "count": r["count"],
            "people": r["people"],
            "amount": r["amount"],
        }
        for r in rows
    ]


def visits_by_branch(*, year: int) -> list[dict]:
    rows = (
        _approved_visits(year)
        .values("member__branch__name", "member__branch__sort_order")
        .annotate(count=Count("pk"), people=Count("member", distinct=True), amount=_money(Sum(VISIT_TOTAL)))
        .order_by("member__branch__sort_order", "member__branch__name")
    )
    return [
        {"branch": r["member__branch__name"], "count": r["count"], "people": r["people"], "amount": r["amount"]}
        for r in rows
    ]


def visits_by_month(*, year: int) -> list[dict]:
    """Twelve rows, months without visits included, so a chart has every month."""
    rows = (
        _approved_visits(year)
        .annotate(month=ExtractMonth("visited_on"))
        .values("month")
        .annotate(count=Count("pk"), people=Count("member", distinct=True), amount=_money(Sum(VISIT_TOTAL)))
    )
    by_month = {r["month"]: r for r in rows}
    return [
        {
            "month": m,
            "label": _("%(month)d月") % {"month": m},
            "count": by_month.get(m, {}).get("count", 0),
            "people": by_month.get(m, {}).get("people", 0),
            "amount": by_month.get(m, {}).get("amount", Decimal("0.00")),
        }
        for m in range(1, 13)
    ]


def _per_year(queryset: QuerySet, years: list[int], date_field: str, figures) -> dict[int, dict]:
    """One aggregate query for several years: ``figures(in_year, year)`` gives the year's aggregates (named
    without the year), computed with ``in_year`` (a Q on ``date_field``) as their filter."""
    aggregates = {}
    for year in years:
        in_year = Q(**{f"{date_field}__year": year})
        aggregates |= {f"{name}__{year}": value for name, value in figures(in_year, year).items()}
    row = queryset.aggregate(**aggregates)
    return {
        year: {name.rsplit("__", 1)[0]: v for name, v in row.items() if name.endswith(f"__{year}")} for year in years
    }


def _visit_figures(*, years: list[int]) -> dict[int, dict]:
    """Per year, in one query: approved visits (count, people, amount), hardship people, life-event visits,
    五必访 visits recorded (any status) and approved."""
    approved = Q(status=Visit.Status.APPROVED)
    five = Q(visit_type__five_must_visit=True)

    def figures(in_year: Q, _year: int) -> dict:
        done = approved & in_year
        return {
            "count": Count("pk", filter=done),
            "people": Count("member", distinct=True, filter=done),
            "amount": _money(Sum(VISIT_TOTAL, filter=done)),
            "hardship_visits": Count("member", distinct=True, filter=done & Q(visit_type__code="hardship")),
            "life_event_visits": Count("pk", filter=done & Q(visit_type__life_event=True)),
            "five_recorded": Count("pk", filter=in_year & five),
            "five_visited": Count("pk", filter=done & five),
        }

    visits = Visit.objects.filter(visited_on__gte=date(min(years), 1, 1), visited_on__lte=date(max(years), 12, 31))
    return _per_year(visits, years, "visited_on", figures)


def _total(visits: dict) -> dict:
    return {key: visits[key] for key in ("count", "people", "amount")}


def visits_total(*, year: int) -> dict:
    return _total(_visit_figures(years=[year])[year])


def _distribution_rows(*, year: int) -> list[dict]:
    """The year's finished distributions with their recipients and amounts (one query, no recipient scan)."""
    return list(
        Distribution.objects.filter(distributed_on__year=year, status=Distribution.Status.DONE)
        .annotate(**_recipient_figures(exact=True))
        .order_by("distributed_on", "pk")
        .values("uuid", "title", "kind", "audience", "distributed_on", "recipient_count", "amount")
    )


def _summary(rows: list[dict]) -> list[dict]:
    kinds = dict(Distribution.Kind.choices)
    return [
        {
            "uuid": r["uuid"],
            "title": r["title"],
            "kind": str(kinds.get(r["kind"], r["kind"])),
            "date": r["distributed_on"],
            "recipients": r["recipient_count"],
            "amount": r["amount"],
        }
        for r in rows
    ]


def distribution_summary(*, year: int) -> list[dict]:
    return _summary(_distribution_rows(year=year))


def _coverage(visits: dict, members: dict) -> dict:
    return {"events": visits["five_recorded"] + members["retired_unvisited"], "visited": visits["five_visited"]}


def five_must_visit_coverage(*, year: int) -> dict:
    """五必访 coverage: the events of the year against those visited.

    An event is a recorded 五必访 visit (waiting, approved or rejected) or a retirement in the year without any
    retirement visit; visited are the approved 五必访 visits.
    """
    return _coverage(_visit_figures(years=[year])[year], _mutual_aid(years=[year])[year])


def _claim_figures(in_year: Q, paid_in_year: Q) -> dict:
    paid = Q(status=MutualAidClaim.Status.PAID) & paid_in_year
    figures = {
        "claims_submitted": Count("pk", filter=in_year),
        "claims_approved": Count(
            "pk", filter=in_year & Q(status__in=[MutualAidClaim.Status.APPROVED, MutualAidClaim.Status.PAID])
        ),
        "claims_rejected": Count("pk", filter=in_year & Q(status=MutualAidClaim.Status.REJECTED)),
        "claims_paid": Count("pk", filter=paid),
        "paid_amount": _money(Sum("paid_amount", filter=paid)),
    }
    for status in MutualAidClaim.Status.values:  # claims_by_status, from the same query
        of_status = in_year & Q(status=status)
        figures |= {
            f"status_{status}_count": Count("pk", filter=of_status),
            f"status_{status}_requested": _money(Sum("amount_requested", filter=of_status)),
            f"status_{status}_paid": _money(Sum("paid_amount", filter=of_status)),
        }
    return figures


def _mutual_aid(*, years: list[int]) -> dict[int, dict]:
    """Per year, in two queries for all the years: the members' figures (enrolments, members of the fund,
    retirements without a retirement visit for 五必访), and the claims."""

    def members(in_year: Q, year: int) -> dict:
        year_end = date(year, 12, 31)
        # An uncorrelated IN (evaluated once, hashed), not EXISTS per member: a per-row subplan makes the
        # planner's estimate large enough to JIT-compile the query, 300 ms of compiling for 10 ms of work.
        retired = Member.objects.filter(status=Member.Status.RETIRED, left_on__year=year).exclude(
            visits__visit_type__code="retirement"
        )
        return {
            "retired_unvisited": Count("pk", filter=Q(pk__in=retired.values("pk"))),
            "new_members": Count("pk", filter=in_year),
            "members": Count(
                "pk", filter=Q(mutual_aid_joined_on__lte=year_end) & people_selectors.members_on(year_end)
            ),
        }

    enrolled = _per_year(Member.objects.all(), years, "mutual_aid_joined_on", members)
    claims = {}
    for year in years:
        claims |= {
            f"{name}__{year}": value
            for name, value in _claim_figures(Q(submitted_on__year=year), Q(paid_on__year=year)).items()
        }
    row = MutualAidClaim.objects.aggregate(**claims)
    return {
        year: enrolled[year] | {name.rsplit("__", 1)[0]: v for name, v in row.items() if name.endswith(f"__{year}")}
        for year in years
    }


def _public_mutual_aid(figures: dict) -> dict:
    return {
        key: value for key, value in figures.items() if not key.startswith("status_") and key != "retired_unvisited"
    }


def mutual_aid_figures(*, year: int) -> dict:
    return _public_mutual_aid(_mutual_aid(years=[year])[year])


def _by_status(figures: dict) -> list[dict]:
    return [
        {
            "status": value,
            "label": label,
            "count": figures[f"status_{value}_count"],
            "requested": figures[f"status_{value}_requested"],
            "paid": figures[f"status_{value}_paid"],
        }
        for value, label in MutualAidClaim.Status.choices
    ]


def claims_by_status(*, year: int) -> list[dict]:
    return _by_status(_mutual_aid(years=[year])[year])


def budget_overview(*, year: int) -> list[dict]:
    """Per visit type: the year's budget (if any) and what was spent (approved visits + distributions)."""
    visits_spent = (
        Visit.objects.filter(visit_type=OuterRef("pk"), status=Visit.Status.APPROVED, visited_on__year=year)
        .values("visit_type")
        .annotate(total=Sum(VISIT_TOTAL))
        .values("total")
    )
    records_spent = (
        DistributionRecipient.objects.filter(
            distribution__visit_type=OuterRef("pk"), distribution__distributed_on__year=year
        )
        .values("distribution__visit_type")
        .annotate(total=Sum("value"))
        .values("total")
    )
    budgets = WelfareBudget.objects.filter(visit_type=OuterRef("pk"), year=year).values("amount")
    rows = VisitType.objects.annotate(
        budget=Subquery(budgets),
        spent_visits=_money(Subquery(visits_spent)),
        spent_distributions=_money(Subquery(records_spent)),
    ).order_by("sort_order")
    result = []
    for row in rows:
        spent = row.spent_visits + row.spent_distributions
        if row.budget is None and not spent:
            continue
        result.append(
            {
                "type": row,
                "budget": row.budget,
                "spent": spent,
                "over": row.budget is not None and spent > row.budget,
                "percent": int(spent * 100 / row.budget) if row.budget else None,
            }
        )
    return result


def _list_url(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def report_figures(*, year: int) -> dict:
    """The welfare figures of a year for the annual report and the leadership dashboard (docs/report-figures.md)."""
    return _figures(year, _visit_figures(years=[year])[year], _mutual_aid(years=[year])[year])


def dashboard_figures(*, year: int) -> dict:
    """The welfare home's figures: the year's, last year's headline beside them, and the claims by status, in
    a few grouped queries (both years share the visit and mutual-aid queries)."""
    years = [year, year - 1]
    visits, mutual_aid = _visit_figures(years=years), _mutual_aid(years=years)
    last = {"visits_total": _total(visits[year - 1]), "mutual_aid": _public_mutual_aid(mutual_aid[year - 1])}
    return {
        "figures": _figures(year, visits[year], mutual_aid[year]),
        "last": last,
        "claims": _by_status(mutual_aid[year]),
    }


def _figures(year: int, visits: dict, mutual_aid: dict) -> dict:
    rows = _distribution_rows(year=year)
    distributions = _summary(rows)

    def recipients(kind: str) -> int:
        return sum(r["recipient_count"] for r in rows if r["kind"] == kind)

    festival_gift_packs = sum(
        1 for r in rows if r["kind"] == Distribution.Kind.FESTIVAL and r["audience"] == Distribution.Audience.ALL_ACTIVE
    )
    records = {
        "birthday_greetings": recipients(Distribution.Kind.BIRTHDAY),
        "seasonal_items": recipients(Distribution.Kind.SEASONAL),
        "distribution_amount": sum((r["amount"] for r in rows), Decimal("0.00")),
        "distribution_records": sum(r["recipient_count"] for r in rows),
    }
    visits_url = "welfare:visit_list"
    return {
        "year": year,
        "visits_by_type": visits_by_type(year=year),
        "visits_total": _total(visits),
        "hardship_visits": visits["hardship_visits"],
        "life_event_visits": visits["life_event_visits"],
        "distributions": [{k: v for k, v in d.items() if k != "uuid"} for d in distributions],
        "birthday_greetings": records["birthday_greetings"],
        "seasonal_items": records["seasonal_items"],
        "festival_gift_packs": festival_gift_packs,
        "distribution_amount": records["distribution_amount"],
        "distribution_records": records["distribution_records"],
        "mutual_aid": _public_mutual_aid(mutual_aid),
        "five_must_visit": _coverage(visits, mutual_aid),
        "links": {
            "visits_by_type": _list_url(visits_url, year=year, status="approved"),
            "visits_total": _list_url(visits_url, year=year, status="approved"),
            "hardship_visits": _list_url(visits_url, year=year, status="approved", visit_type="hardship"),
            "life_event_visits": _list_url(visits_url, year=year, status="approved", life_event="yes"),
            "distributions": _list_url("welfare:distribution_list", year=year, status="done"),
            "birthday_greetings": _list_url("welfare:distribution_list", year=year, kind="birthday", status="done"),
            "seasonal_items": _list_url("welfare:distribution_list", year=year, kind="seasonal", status="done"),
            "festival_gift_packs": _list_url("welfare:distribution_list", year=year, kind="festival", status="done"),
            "distribution_amount": _list_url("welfare:distribution_list", year=year, status="done"),
            "mutual_aid": _list_url("welfare:claim_list", year=year),
            "mutual_aid_new_members": _list_url("welfare:enrolment_list", year=year),
            "claims": _list_url("welfare:claim_list", year=year),
            "claims_paid": _list_url("welfare:claim_list", year=year, status="paid"),
            "five_must_visit": _list_url(visits_url, year=year, five_must_visit="yes"),
        },
    }


def year_over_year(*, year: int) -> dict:
    """This year's and last year's headline figures side by side."""
    return {"this": report_figures(year=year), "last": report_figures(year=year - 1)}


def branches() -> QuerySet[BranchUnion]:
    return BranchUnion.objects.all()


# ---------------------------------------------------------------- for the purchases app (its only way into welfare)


def distribution_choices() -> QuerySet[Distribution]:
    """The distributions a poverty-alleviation purchase may be handed out through (gift packs: not birthdays).

    Without a user: the titles and dates are what every role that enters or reads purchases is shown.
    """
    return Distribution.objects.exclude(kind=Distribution.Kind.BIRTHDAY).order_by("-distributed_on", "-pk")


def recipient_counts(ids) -> dict[int, int]:
    """How many members each of these distributions reached, in one grouped query (figures, not records)."""
    rows = (
        DistributionRecipient.objects.filter(distribution_id__in=list(ids))
        .values("distribution_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["distribution_id"]: row["count"] for row in rows}
