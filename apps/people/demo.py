"""Demo university for seed_demo: about 1,200 members in 13 units and 10 branch unions (2020–2021).

Deterministic (a fixed random seed) and idempotent: records are found by natural keys and
only missing ones are created.
"""

import random
from datetime import date, timedelta

from simple_history.utils import bulk_create_with_history

from apps.people.models import BranchUnion, InterestGroup, InterestGroupMembership, Member, UnionGroup, Unit

# branch union → its units (name, kind, number of active members)
ORGANISATION = [
    ("电子与电气工程学院分工会", [("电子与电气工程学院", Unit.Kind.COLLEGE, 150)]),
    ("计算机与软件工程学院分工会", [("计算机与软件工程学院", Unit.Kind.COLLEGE, 170)]),
    ("经济与管理学院分工会", [("经济与管理学院", Unit.Kind.COLLEGE, 140)]),
    ("通识教育与外国语学院分工会", [("通识教育与外国语学院", Unit.Kind.COLLEGE, 160)]),
    ("建筑与土木工程学院分工会", [("建筑与土木工程学院", Unit.Kind.COLLEGE, 110)]),
    ("设计与艺术学院分工会", [("设计与艺术学院", Unit.Kind.COLLEGE, 90)]),
    (
        "机关分工会",
        [("工会", Unit.Kind.OFFICE, 8), ("人力资源处", Unit.Kind.OFFICE, 25), ("教务处", Unit.Kind.OFFICE, 30)],
    ),
    ("后勤保障分工会", [("后勤管理处", Unit.Kind.OFFICE, 95), ("资产处", Unit.Kind.OFFICE, 20)]),
    ("学生工作分工会", [("招生就业处", Unit.Kind.OFFICE, 30), ("保卫处", Unit.Kind.OFFICE, 40)]),
    ("离退休分工会", []),
]
RETIRED_BRANCH = "离退休分工会"
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金"
    "石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯健俊帆帅旭宁龙林欣悦晨雪琳婷"
    "瑶佳雯晓东文博志鹏海波莉兰凤洁梅琴云莹倩颖慧"
)
INTEREST_GROUPS = [
    ("羽毛球俱乐部", "每周二、四晚在体育馆活动。"),
    ("乒乓球俱乐部", "每周三下午在乒乓球馆活动。"),
    ("健步走协会", "每月组织一次校园健步走。"),
    ("摄影协会", "记录校园生活，举办年度摄影展。"),
    ("书画社", "书法、国画交流与展览。"),
]
RETIREES = 150
LEFT = 12


def seed(out) -> None:
    branches = _seed_organisation()
    created = _seed_members(branches)
    _seed_interest_groups()
    out.write(
        f"people: {Member.objects.count()} members ({created} new), {Unit.objects.count()} units, "
        f"{BranchUnion.objects.count()} branch unions"
    )


def _seed_organisation() -> dict[str, BranchUnion]:
    branches = {}
    for order, (branch_name, units) in enumerate(ORGANISATION):
        branch, _ = BranchUnion.objects.get_or_create(name=branch_name, defaults={"sort_order": order})
        branches[branch_name] = branch
        for unit_order, (unit_name, kind, _size) in enumerate(units):
            Unit.objects.get_or_create(
                name=unit_name, defaults={"kind": kind, "branch": branch, "sort_order": order * 10 + unit_order}
            )
        for group_number in (1, 2):
            UnionGroup.objects.get_or_create(branch=branch, name=f"第{group_number}工会小组")
    return branches


def _random_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _demo_members(branches: dict[str, BranchUnion]) -> list[Member]:
    rng = random.Random(20201231)
    groups = {}
    for group in UnionGroup.objects.all():
        groups.setdefault(group.branch_id, []).append(group)
    units = list(Unit.objects.select_related("branch"))
    sizes = {name: size for _b, unit_list in ORGANISATION for name, _k, size in unit_list}
    members, number = [], 100000
    for unit in units:
        for _ in range(sizes.get(unit.name, 0)):
            number += 1
            members.append(_demo_member(rng, number, unit, unit.branch, groups))
    # 2020: 45 joined, 36 joined the mutual-aid fund, 18 retired; 2021: 30 joined so far.
    actives = list(members)
    for member in actives[:45]:
        member.joined_on = _random_day(rng, date(2020, 3, 1), date(2020, 11, 30))
    for member in actives[45:75]:
        member.joined_on = _random_day(rng, date(2021, 3, 1), date(2021, 10, 31))
    for member in actives[100:136]:
        member.mutual_aid_joined_on = _random_day(rng, date(2020, 1, 6), date(2020, 12, 20))
    for member in actives[136:560]:
        member.mutual_aid_joined_on = _random_day(rng, date(2012, 1, 1), date(2019, 12, 31))
    for member in actives[560:572]:
        member.mutual_aid_joined_on = _random_day(rng, date(2021, 1, 6), date(2021, 10, 31))
    retired_branch = branches[RETIRED_BRANCH]
    for member in actives[-18:]:
        member.status, member.left_on = Member.Status.RETIRED, _random_day(rng, date(2020, 1, 31), date(2020, 12, 31))
        member.birth_date = date(1960, member.left_on.month, min(member.birth_date.day, 28))
        member.branch, member.union_group = retired_branch, None
    for _ in range(RETIREES):
        number += 1
        unit = rng.choice(units)
        member = _demo_member(rng, number, unit, retired_branch, groups)
        member.status = Member.Status.RETIRED
        member.birth_date = _random_day(rng, date(1938, 1, 1), date(1959, 6, 30))
        member.joined_on = _random_day(rng, date(1980, 1, 1), date(1995, 12, 31))
        member.left_on = date(member.birth_date.year + 60, member.birth_date.month, 28)
        members.append(member)
    for member in actives[200 : 200 + LEFT]:
        member.status, member.left_on = Member.Status.LEFT, _random_day(rng, date(2020, 2, 1), date(2021, 8, 31))
    return members


def _demo_member(rng, number, unit, branch, groups) -> Member:
    birth = _random_day(rng, date(1961, 1, 1), date(1995, 12, 31))
    return Member(
        employee_no=str(number),
        name=_random_name(rng),
        gender=rng.choice([Member.Gender.MALE, Member.Gender.FEMALE]),
        birth_date=birth,
        unit=unit,
        branch=branch,
        union_group=rng.choice(groups.get(branch.pk, [None])),
        phone=f"1{rng.choice('358')}{rng.randrange(10**9):09d}",
        status=Member.Status.ACTIVE,
        joined_on=_random_day(rng, max(date(birth.year + 23, 1, 1), date(2000, 1, 1)), date(2019, 12, 31)),
    )


def _seed_members(branches: dict[str, BranchUnion]) -> int:
    existing = set(Member.objects.values_list("employee_no", flat=True))
    missing = [member for member in _demo_members(branches) if member.employee_no not in existing]
    if missing:
        bulk_create_with_history(missing, Member, batch_size=500, default_change_reason="演示数据")
    return len(missing)


def _seed_interest_groups() -> None:
    rng = random.Random(7)
    actives = list(
        Member.objects.filter(status=Member.Status.ACTIVE).order_by("employee_no").values_list("pk", flat=True)
    )
    for name, description in INTEREST_GROUPS:
        group, created = InterestGroup.objects.get_or_create(name=name, defaults={"description": description})
        if created:
            chosen = rng.sample(actives, 25)
            group.leader_id = chosen[0]
            group.save(update_fields=["leader"])
            InterestGroupMembership.objects.bulk_create(
                InterestGroupMembership(group=group, member_id=pk, joined_on=date(2019, 9, 1)) for pk in chosen
            )
