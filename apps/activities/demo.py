# ruff: noqa: E501 - the demo tables read best one activity per line
"""Demo activities for seed_demo: the 2020 plan of seed 000 (20 planned, 15 held) and a 2021 plan under way.

Idempotent: plan items are found by (year, title) and only missing ones are created, with their activity
and sign-ups. The upcoming 2021 activities are dated from the day the demo is first seeded, so that the
demo ``staff`` user can sign up for them.
"""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from apps.accounts.models import User
from apps.activities import services
from apps.activities.models import Activity, Category, PlanItem, SignUp
from apps.people.models import BranchUnion, Member, Unit

SHANGHAI = ZoneInfo("Asia/Shanghai")
CULTURE, FESTIVAL, SPORTS, CARE = "文化教育类", "节日集体类", "体育培训及竞赛类", "职工关怀慰问类"
EPIDEMIC = "受新冠肺炎疫情影响，按学校疫情防控要求取消。"

# (title, category, date, hours, host units, organising branch, status, reason, participants, budget, cost,
#  notable, mode, place)
PLAN_2020 = [
    ("新春书法进校园", CULTURE, (1, 10), 3, ["工会", "设计与艺术学院"], None, "held", "", 80, 3000, 2860, False, "offline", "图书馆一楼大厅"),
    ("元宵节线上猜灯谜", FESTIVAL, (2, 8), 4, ["工会"], None, "held", "", 420, 2000, 1850, False, "online", "工会微信公众号"),
    ("“三八妇女节”慰问", CARE, (3, 8), 3, ["工会", "资产处"], None, "held", "", 510, 25000, 24600, True, "offline", "各学院、部门"),
    ("分工会组织建设培训班", CULTURE, (3, 20), 4, ["工会"], None, "cancelled", "受疫情影响，分工会组织建设工作未能按原计划开展，培训取消。", None, 5000, None, False, "offline", "行政楼报告厅"),
    ("春季教职工团建旅游", FESTIVAL, (4, 18), 8, ["工会"], None, "cancelled", "受人员聚集、外出路线等防疫要求影响，春季团建旅游取消。", None, 60000, None, False, "offline", ""),
    ("“世界读书日”线上读书分享会", CULTURE, (4, 23), 2, ["通识教育与外国语学院", "工会"], "通识教育与外国语学院分工会", "held", "", 150, 1500, 1200, False, "online", "腾讯会议"),
    ("教职工羽毛球比赛", SPORTS, (5, 15), 6, ["工会"], None, "cancelled", EPIDEMIC, None, 8000, None, False, "offline", "体育馆"),
    ("教职工线上摄影作品展", CULTURE, (5, 20), 240, ["设计与艺术学院"], "设计与艺术学院分工会", "held", "", 96, 2500, 2300, False, "online", "工会网站"),
    ("端午节包粽子活动", FESTIVAL, (6, 24), 3, ["后勤管理处", "工会"], "后勤保障分工会", "held", "", 260, 6000, 5780, False, "offline", "第二食堂"),
    ("“党建+工会”主题知识竞赛", CULTURE, (6, 28), 3, ["工会", "经济与管理学院"], None, "held", "", 120, 4000, 3650, False, "offline", "学术报告厅"),
    ("教职工篮球联赛", SPORTS, (7, 6), 8, ["工会"], None, "cancelled", "受疫情防控影响，体育场馆暂未开放，联赛取消。", None, 10000, None, False, "offline", "篮球场"),
    ("教师节慰问", CARE, (9, 10), 3, ["工会", "人力资源处"], None, "held", "", 980, 49000, 48500, False, "offline", "各学院、部门"),
    ("教职工心理健康讲座", CULTURE, (9, 16), 2, ["人力资源处"], "机关分工会", "held", "", 210, 3000, 2800, False, "mixed", "学术报告厅 / 腾讯会议"),
    ("中秋节活动", FESTIVAL, (9, 30), 3, ["后勤管理处", "招生就业处"], "后勤保障分工会", "held", "", 620, 18000, 17350, True, "offline", "学生活动中心"),
    ("重阳节登高活动", FESTIVAL, (10, 25), 5, ["保卫处", "电子与电气工程学院"], "学生工作分工会", "held", "", 180, 9000, 8420, True, "offline", "大蜀山"),
    ("教职工运动会", SPORTS, (11, 6), 8, ["通识教育与外国语学院"], "通识教育与外国语学院分工会", "held", "", 860, 40000, 38900, True, "offline", "田径场"),
    ("各单位秋季团建活动", FESTIVAL, (11, 14), 8, ["工会"], None, "held", "", 540, 50000, 47200, False, "offline", "各单位自行安排"),
    ("教职工插花艺术培训", CULTURE, (11, 20), 3, ["工会", "后勤管理处"], "后勤保障分工会", "held", "", 60, 3500, 3380, False, "offline", "工会活动室"),
    ("迎新年教职工书画展", CULTURE, (12, 18), 168, ["设计与艺术学院", "计算机与软件工程学院"], "设计与艺术学院分工会", "held", "", 140, 3000, 2750, False, "offline", "美术馆"),
    ("2021年年会", FESTIVAL, (12, 31), 4, ["工会", "人力资源处"], None, "postponed", "因疫情防控要求，学校2021年年会延期举办。", None, 80000, None, False, "offline", "体育馆"),
]  # fmt: skip

# 2021: two held early in the year, the rest still to come. (title, category, month, host units, budget)
PLAN_2021_HELD = [
    ("2021年新春慰问", CARE, (1, 20), ["工会"], 30000, 26500, 950),
    ("“三八妇女节”巾帼风采展", CULTURE, (3, 8), ["工会", "资产处"], 8000, 7600, 430),
]  # fmt: skip
# (title, category, month, host units, branch, budget, days from first seeding, capacity, sign-ups, waiting)
PLAN_2021_UPCOMING = [
    ("教职工健步走", SPORTS, 4, ["工会"], None, 5000, 12, 12, 12, 2),
    ("教职工羽毛球比赛", SPORTS, 5, ["工会", "通识教育与外国语学院"], "通识教育与外国语学院分工会", 8000, 18, 20, 19, 0),
    ("“世界读书日”读书分享会", CULTURE, 4, ["通识教育与外国语学院"], None, 1500, 9, None, 23, 0),
    ("端午节包粽子活动", FESTIVAL, 6, ["后勤管理处", "工会"], "后勤保障分工会", 6000, 25, 80, 31, 0),
    ("教职工插花艺术培训", CULTURE, 6, ["工会"], None, 3500, 30, 30, 0, 0),
]  # fmt: skip
PLAN_2021_LATER = [
    ("中秋节活动", FESTIVAL, 9, ["后勤管理处", "招生就业处"], 18000),
    ("重阳节登高活动", FESTIVAL, 10, ["保卫处", "电子与电气工程学院"], 9000),
    ("教职工运动会", SPORTS, 11, ["通识教育与外国语学院"], 40000),
]  # fmt: skip


def seed(out) -> None:
    for order, name in enumerate((CULTURE, FESTIVAL, SPORTS, CARE), start=1):
        Category.objects.get_or_create(name=name, defaults={"sort_order": order * 10})
    categories = {category.name: category for category in Category.objects.all()}
    units = {unit.name: unit for unit in Unit.objects.all()}
    branches = {branch.name: branch for branch in BranchUnion.objects.all()}
    officer = _officer()
    created = 0
    for row in PLAN_2020:
        created += _seed_2020(row, categories, units, branches, officer)
    for title, category, (month, day), hosts, budget, cost, participants in PLAN_2021_HELD:
        item, new = _plan_item(2021, month, title, categories[category], [units[n] for n in hosts], None, budget)
        if new:
            start = datetime(2021, month, day, 14, tzinfo=SHANGHAI)
            activity = _activity(item, start, 3, "", "offline", None, budget, cost, participants, False, officer)
            services.activity_change_status(activity=activity, status=Activity.Status.HELD, by=officer)
            created += 1
    _seed_upcoming(categories, units, branches, officer)
    for title, category, month, hosts, budget in PLAN_2021_LATER:
        _plan_item(2021, month, title, categories[category], [units[n] for n in hosts], None, budget)
    out.write(
        f"activities: {PlanItem.objects.filter(year=2020).count()} planned in 2020, "
        f"{Activity.objects.filter(year=2020, status=Activity.Status.HELD).count()} held; "
        f"{PlanItem.objects.filter(year=2021).count()} planned in 2021; {SignUp.objects.count()} sign-ups"
    )


def _officer():
    """The demo's officer enters the plan and the activities (the accounts demo seeds them first)."""
    return User.objects.get(username="officer")


def _plan_item(year, month, title, category, host_units, branch, budget) -> tuple[PlanItem, bool]:
    item = PlanItem.objects.filter(year=year, title=title).first()
    if item is not None:
        return item, False
    item = PlanItem(
        year=year,
        month=month,
        title=title,
        category=category,
        organising_branch=branch,
        budget=Decimal(budget) if budget is not None else None,
    )
    return services.plan_item_save(item=item, host_units=host_units, by=_officer()), True


def _activity(item, start, hours, place, mode, branch, budget, cost, participants, notable, officer, **extra):
    activity = Activity(
        title=item.title,
        category=item.category,
        plan_item=item,
        start=start,
        end=start + timedelta(hours=hours),
        place=place,
        mode=mode,
        organising_branch=branch,
        budget=Decimal(budget) if budget is not None else None,
        cost=Decimal(cost) if cost is not None else None,
        actual_participants=participants,
        expected_participants=participants,
        is_notable=notable,
        description=extra.pop("description", ""),
        **extra,
    )
    return services.activity_save(activity=activity, host_units=list(item.host_units.all()), by=officer)


def _seed_2020(row, categories, units, branches, officer) -> int:
    title, category, (month, day), hours, hosts, branch_name, status, reason = row[:8]
    participants, budget, cost, notable, mode, place = row[8:]
    branch = branches.get(branch_name) if branch_name else None
    item, new = _plan_item(2020, month, title, categories[category], [units[name] for name in hosts], branch, budget)
    if not new:
        return 0
    # Kept in the order the summary names them (保卫处和电子与电气工程学院).
    item_units = [units[name] for name in hosts]
    start = datetime(2020, month, day, 14 if hours < 8 else 8, tzinfo=SHANGHAI)
    activity = Activity(
        title=title,
        category=item.category,
        plan_item=item,
        start=start,
        end=start + timedelta(hours=hours),
        place=place,
        mode=mode,
        organising_branch=branch,
        budget=Decimal(budget),
        cost=Decimal(cost) if cost is not None else None,
        expected_participants=participants,
        actual_participants=participants,
        is_notable=notable,
        signup_deadline=None,
    )
    activity = services.activity_save(activity=activity, host_units=item_units, by=officer)
    services.activity_change_status(activity=activity, status=status, reason=reason, by=officer)
    return 1


def _seed_upcoming(categories, units, branches, officer) -> None:
    staff_member = Member.objects.filter(account__username="staff").first()
    people = list(
        Member.objects.filter(status=Member.Status.ACTIVE)
        .exclude(pk=getattr(staff_member, "pk", None))
        .order_by("employee_no")[:200]
    )
    today = timezone.localdate()
    for number, row in enumerate(PLAN_2021_UPCOMING):
        title, category, month, hosts, branch_name, budget, days, capacity, signups, waiting = row
        branch = branches.get(branch_name) if branch_name else None
        host_units = [units[name] for name in hosts]
        item, new = _plan_item(2021, month, title, categories[category], host_units, branch, budget)
        if not new:
            continue
        start = datetime.combine(today + timedelta(days=days), datetime.min.time()).replace(hour=15, tzinfo=SHANGHAI)
        activity = Activity(
            title=title,
            category=item.category,
            plan_item=item,
            start=start,
            end=start + timedelta(hours=3),
            place="体育馆" if category == SPORTS else "工会活动室",
            organising_branch=branch,
            budget=Decimal(budget),
            expected_participants=capacity or 60,
            capacity=capacity,
            signup_deadline=start - timedelta(days=2),
            description=f"{title}，欢迎全校教职工踊跃报名参加。",
        )
        activity = services.activity_save(activity=activity, host_units=host_units, by=officer)
        chosen = people[number * 35 : number * 35 + signups + waiting]
        for member in chosen:
            services.signup_create(activity=activity, member=member, by=officer)
        if number == 2 and staff_member is not None:
            services.signup_create(activity=activity, member=staff_member, by=officer)
