"""Reads of activities: what each user may see, the plan against what happened, and the year's figures (in SQL)."""

import calendar
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from apps.activities.models import Activity, ActivityFile, Category, PlanItem, SignUp
from apps.core import access, permissions
from apps.people.models import BranchUnion, Unit

Status = Activity.Status
ZERO = Decimal("0.00")


def _host_units() -> Prefetch:
    """Host units in the order they were named (the join of the prefetch is reused for the ordering)."""
    return Prefetch("host_units", queryset=Unit.objects.only("pk", "name").order_by("activity_links__position"))


def _activities() -> QuerySet[Activity]:
    return Activity.objects.select_related("category", "organising_branch", "plan_item").prefetch_related(_host_units())


def manageable_activities(*, user) -> QuerySet[Activity]:
    """Activities the user may edit: officers all, branch chairs their branch's."""
    return permissions.scope(user, _activities(), full="activities.manage_all", branch_field="organising_branch")


def activity_list(*, user) -> QuerySet[Activity]:
    """Activities the user may see: every one for read-all roles, else the published ones and their branch's."""
    activities = _activities()
    if permissions.can(user, "activities.view_all"):
        return activities
    if not permissions.can(user, "activities.view"):
        return activities.none()
    managed = permissions.scope(
        user, Activity.objects.all(), full="activities.manage_all", branch_field="organising_branch"
    )
    if permissions.can(user, "activities.manage"):
        return activities.filter(Q(is_published=True) | Q(pk__in=managed.values("pk")))
    return activities.filter(is_published=True)


def _signup_count(status: str) -> Coalesce:
    per_activity = SignUp.objects.filter(activity=OuterRef("pk"), status=status).order_by().values("activity")
    return Coalesce(Subquery(per_activity.annotate(n=Count("pk")).values("n")[:1]), Value(0))


def activity_list_annotated(*, user) -> QuerySet[Activity]:
    """The activities the user may see with their sign-up counts, for exports (each row counts its own).

    Pages count only their own rows instead: ``with_signup_counts``."""
    return (
        activity_list(user=user)
        .annotate(
            confirmed_count=_signup_count(SignUp.Status.CONFIRMED),
            waiting_count=_signup_count(SignUp.Status.WAITLISTED),
        )
        .order_by("-start", "pk")
    )


def with_signup_counts(activities) -> list[Activity]:
    """Give a page's activities ``confirmed_count`` and ``waiting_count``: one grouped query for those rows only
    (not a join and a distinct count over every sign-up before paginating)."""
    rows = list(activities)
    counts = (
        {
            row["activity"]: row
            for row in SignUp.objects.filter(activity__in=[activity.pk for activity in rows])
            .order_by()
            .values("activity")
            .annotate(
                confirmed=Count("pk", filter=Q(status=SignUp.Status.CONFIRMED)),
                waiting=Count("pk", filter=Q(status=SignUp.Status.WAITLISTED)),
            )
        }
        if rows
        else {}
    )
    for activity in rows:
        found = counts.get(activity.pk, {})
        activity.confirmed_count, activity.waiting_count = found.get("confirmed", 0), found.get("waiting", 0)
    return rows


def open_activities(*, user) -> QuerySet[Activity]:
    """Published activities still open for sign-up, soonest first (counts: ``with_signup_counts``)."""
    now = timezone.now()
    return (
        activity_list(user=user)
        .filter(is_published=True, status=Status.PLANNED, signup_deadline__gte=now)
        .order_by("start", "pk")
    )


def my_signups(*, user) -> QuerySet[SignUp]:
    if not user.member_id:
        return SignUp.objects.none()
    return (
        SignUp.objects.filter(member_id=user.member_id)
        .exclude(status=SignUp.Status.CANCELLED)
        .select_related("activity", "activity__category")
        .order_by("-activity__start", "pk")
    )


def member_signup(*, activity: Activity, user) -> SignUp | None:
    if not user.member_id:
        return None
    return activity.signups.exclude(status=SignUp.Status.CANCELLED).filter(member_id=user.member_id).first()


def signup_list(*, user, activity: Activity) -> QuerySet[SignUp]:
    """The activity's sign-ups, confirmed first, then the waiting list in its order, then cancellations.

    Only for who keeps the activity's sign-ups (``activities.keep_signups``); nobody else sees the names."""
    if not access.has_perm(user, "activities.keep_signups", activity):
        return SignUp.objects.none()
    order = {SignUp.Status.CONFIRMED: 0, SignUp.Status.WAITLISTED: 1, SignUp.Status.CANCELLED: 2}
    rank = Case(*[When(status=key, then=Value(value)) for key, value in order.items()], output_field=IntegerField())
    return (
        activity.signups.select_related("member", "member__unit", "member__branch")
        .annotate(rank=rank)
        .order_by("rank", "created_at", "pk")
    )


def signup_counts(*, activity: Activity) -> dict:
    return activity.signups.aggregate(
        confirmed=Count("pk", filter=Q(status=SignUp.Status.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=SignUp.Status.WAITLISTED)),
        attended=Count("pk", filter=Q(status=SignUp.Status.CONFIRMED, attended=True)),
    )


def reachable_signups(*, user) -> QuerySet[SignUp]:
    """Sign-ups the user may act on: their own, and those of the activities whose sign-ups they keep."""
    reach = Q(member_id=user.member_id) if user.member_id else Q(pk__in=[])
    if permissions.can(user, "activities.attendance"):
        reach |= Q(activity__in=manageable_activities(user=user).values("pk"))
    return SignUp.objects.filter(reach).select_related("activity", "member")


def activity_files(*, user, activity: Activity) -> QuerySet[ActivityFile]:
    if not access.has_perm(user, "activities.view_activity", activity):
        return ActivityFile.objects.none()
    return activity.files.select_related("stored")


def file_list(*, user) -> QuerySet[ActivityFile]:
    """Files of the activities the user may see."""
    return ActivityFile.objects.filter(activity__in=activity_list(user=user).values("pk")).select_related(
        "activity", "stored"
    )


# ---- the plan ----------------------------------------------------------------------------------


def plan_item_list(*, user) -> QuerySet[PlanItem]:
    """The plan is open to the read-all roles and to those who make it."""
    if permissions.can(user, "activities.view_all") or permissions.can(user, "activities.plan"):
        return PlanItem.objects.all()
    return PlanItem.objects.none()


def category_list(*, user) -> QuerySet[Category]:
    """Categories are no secret: every role that sees activities sees their categories."""
    categories = Category.objects.order_by("sort_order", "name")
    return categories if permissions.can(user, "activities.view") else categories.none()


def plan_items(*, user, year: int) -> QuerySet[PlanItem]:
    return (
        plan_item_list(user=user)
        .filter(year=year)
        .select_related("category", "organising_branch", "activity")
        .prefetch_related(Prefetch("host_units", queryset=Unit.objects.only("pk", "name", "sort_order")))
        .order_by("month", "category__sort_order", "pk")
    )


def years_with_records() -> set[int]:
    """The years that have a plan or activities (a figure: no record is shown)."""
    planned = PlanItem.objects.order_by().values_list("year", flat=True)
    return set(planned.union(Activity.objects.order_by().values_list("year", flat=True)))  # one query


def plan_years(recorded: set[int] | None = None) -> list[int]:
    """The years to offer on the plan page: those with records (``recorded``, or read now), and this year."""
    years = recorded if recorded is not None else years_with_records()
    return sorted(years | {timezone.localdate().year}, reverse=True)


def _count(queryset: QuerySet) -> Subquery:
    return Coalesce(
        Subquery(queryset.order_by().values("category").annotate(n=Count("pk")).values("n")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


def plan_versus_actual(*, year: int) -> dict:
    """Per category and in total: planned items, and activities held, postponed, cancelled, not yet due.

    ``not_yet_due`` counts the plan items with no activity yet or whose activity is still being prepared.
    """
    plan = PlanItem.objects.filter(year=year, category=OuterRef("pk"))
    activities = Activity.objects.filter(year=year, category=OuterRef("pk"))
    waiting = plan.filter(Q(activity__isnull=True) | Q(activity__status=Status.PLANNED))
    categories = (
        Category.objects.annotate(
            planned=_count(plan),
            held=_count(activities.filter(status=Status.HELD)),
            postponed=_count(activities.filter(status=Status.POSTPONED)),
            cancelled=_count(activities.filter(status=Status.CANCELLED)),
            not_yet_due=_count(waiting),
        )
        .filter(Q(is_active=True) | Q(planned__gt=0) | Q(held__gt=0) | Q(postponed__gt=0) | Q(cancelled__gt=0))
        .order_by("sort_order", "name")
        .values("pk", "name", "planned", "held", "postponed", "cancelled", "not_yet_due")
    )
    rows = list(categories)
    keys = ("planned", "held", "postponed", "cancelled", "not_yet_due")
    total = {key: sum(row[key] for row in rows) for key in keys}  # a handful of categories, already counted in SQL
    return {"rows": rows, "total": total, "year": year}


# ---- the year's figures -----------------------------------------------------------------------


def _list_link(year: int, **filters) -> str:
    query = "&".join(f"{key}={value}" for key, value in {"year": year, **filters}.items())
    return reverse("activities:activity_list") + "?" + query


def report_figures(*, year: int) -> dict:
    """The activities' figures of a year for the dashboard and the annual report (docs/report-figures.md)."""
    year_activities = Activity.objects.filter(year=year)
    comparison = plan_versus_actual(year=year)
    counts = year_activities.aggregate(
        held=Count("pk", filter=Q(status=Status.HELD)),
        postponed=Count("pk", filter=Q(status=Status.POSTPONED)),
        cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
        participants=Coalesce(Sum("actual_participants", filter=Q(status=Status.HELD)), 0),
        budget=Coalesce(Sum("budget", filter=Q(status=Status.HELD)), ZERO),
        cost=Coalesce(Sum("cost", filter=Q(status=Status.HELD)), ZERO),
    )
    plan = PlanItem.objects.filter(year=year).aggregate(
        planned=Count("pk"),
        not_yet_due=Count("pk", filter=Q(activity__isnull=True) | Q(activity__status=Status.PLANNED)),
        plan_budget=Coalesce(Sum("budget"), ZERO),
    )
    notable = [
        {
            "title": activity.title,
            "host_units": [unit.name for unit in activity.host_units.all()],
            "organising_branch": activity.organising_branch.name if activity.organising_branch else None,
            "date": timezone.localtime(activity.start).date(),
            "participants": activity.actual_participants or 0,
        }
        for activity in _activities().filter(year=year, status=Status.HELD, is_notable=True).order_by("start", "pk")
    ]
    by_branch = [
        {"branch": row["name"], "held": row["held"]}
        for row in BranchUnion.objects.annotate(
            held=Count("activities", filter=Q(activities__year=year, activities__status=Status.HELD))
        )
        .filter(held__gt=0)
        .order_by("-held", "sort_order", "name")
        .values("name", "held")
    ]
    by_host_unit = [
        {"unit": row["name"], "held": row["held"]}
        for row in Unit.objects.annotate(
            held=Count(
                "hosted_activities",
                filter=Q(hosted_activities__year=year, hosted_activities__status=Status.HELD),
            )
        )
        .filter(held__gt=0)
        .order_by("-held", "sort_order", "name")
        .values("name", "held")
    ]
    postponed_titles = list(
        year_activities.filter(status=Status.POSTPONED).order_by("start", "pk").values_list("title", flat=True)
    )
    return {
        "year": year,
        "planned": plan["planned"],
        "held": counts["held"],
        "postponed": counts["postponed"],
        "cancelled": counts["cancelled"],
        "not_yet_due": plan["not_yet_due"],
        "by_category": [
            {"category": row["name"], "planned": row["planned"], "held": row["held"]} for row in comparison["rows"]
        ],
        "participants": counts["participants"],
        "budget": counts["budget"],
        "cost": counts["cost"],
        "plan_budget": plan["plan_budget"],
        "notable": notable,
        "by_branch": by_branch,
        "by_host_unit": by_host_unit,
        "postponed_titles": postponed_titles,
        "links": {
            "planned": reverse("activities:plan") + f"?year={year}",
            "held": _list_link(year, status=Status.HELD),
            "postponed": _list_link(year, status=Status.POSTPONED),
            "cancelled": _list_link(year, status=Status.CANCELLED),
            "not_yet_due": _list_link(year, status=Status.PLANNED),
            "participants": _list_link(year, status=Status.HELD),
            "budget": _list_link(year, status=Status.HELD),
            "cost": _list_link(year, status=Status.HELD),
            "notable": _list_link(year, status=Status.HELD, notable="yes"),
            "postponed_titles": _list_link(year, status=Status.POSTPONED),
        },
    }


# ---- the month calendar -----------------------------------------------------------------------


def month_calendar(*, user, year: int, month: int) -> list[list[dict]]:
    """Weeks (Monday first) of days, each with the activities the user may see that run on it."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    tz = timezone.get_current_timezone()
    begin = timezone.make_aware(datetime.combine(first, time.min), tz)
    finish = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), tz)
    activities = list(
        activity_list(user=user)
        .filter(start__lt=finish, end__gte=begin)
        .select_related(None)
        .prefetch_related(None)
        .only("uuid", "title", "start", "end", "status")
        .order_by("start", "pk")
    )
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        days = []
        for day in week:
            running = [
                activity
                for activity in activities
                if timezone.localtime(activity.start).date() <= day <= timezone.localtime(activity.end).date()
            ]
            days.append({"date": day, "in_month": day.month == month, "activities": running})
        weeks.append(days)
    return weeks
