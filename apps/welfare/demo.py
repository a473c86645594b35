"""Demo welfare year for seed_demo: 2020 as seed 003 counts it, seed 000's two gift packs, and 2021 under way.

Deterministic (fixed random seed, members in 工号 order) and idempotent: visits are found by member, type
and date, distributions by title, claims by member and date; only missing ones are created.
"""

import random
from datetime import date
from decimal import Decimal

from django.db.models import Q

from apps.accounts.models import User
from apps.people.models import BranchUnion, Member
from apps.welfare import services
from apps.welfare.models import Distribution, MutualAidClaim, Visit, VisitType

BIRTHDAY_GREETINGS_2020 = 411  # seed 003: 生日慰问411人
BIRTHDAY_VALUE = Decimal("200")
GIFT_PACKS_2020 = [  # seed 000: two gift packs of poverty-alleviation products to all staff (purchases links by title)
    ("2020年端午节福利礼包（扶贫产品）", date(2020, 6, 20), "端午节扶贫农产品礼包（粽子、茶油、腊味）", Decimal("220")),
    (
        "2020年中秋国庆福利礼包（扶贫产品）",
        date(2020, 9, 28),
        "中秋国庆扶贫农产品礼包（月饼、大米、干货）",
        Decimal("230"),
    ),
]
# (code, how many, cash, gift, gift value) for 2020: 4 hardship and 30 illness/marriage/pregnancy/childbirth visits.
VISITS_2020 = [
    ("hardship", 4, "2000", "米、油", "0"),
    ("illness", 10, "500", "", "0"),  # + the staff user's and one over the standard: 12
    ("marriage", 6, "500", "", "0"),
    ("pregnancy", 5, "300", "", "0"),
    ("childbirth", 7, "500", "", "0"),
    ("bereavement", 3, "1000", "", "0"),
    ("model_worker", 3, "500", "慰问品", "300"),
    ("wuhan_family", 2, "1000", "口罩、消毒湿巾、水果", "500"),
]
VISITS_2021 = [
    ("hardship", 3, "2000", "米、油", "0"),
    ("illness", 8, "500", "", "0"),
    ("marriage", 3, "500", "", "0"),
    ("childbirth", 4, "500", "", "0"),
    ("pregnancy", 2, "300", "", "0"),
]
VISITORS = ["工会主席、工会干部", "分工会主席", "工会副主席、分工会主席"]


def seed(out) -> None:
    services.visit_types_ensure_defaults()
    officer = User.objects.get(username="officer")
    approver = User.objects.get(username="admin")
    rng = random.Random(2020_003)
    created = _seed_visits(officer, approver, rng)
    created_distributions = _seed_distributions(officer)
    claims = _seed_claims(officer)
    _seed_budgets(officer)
    out.write(
        f"welfare: {Visit.objects.count()} visits ({created} new), {Distribution.objects.count()} distributions "
        f"({created_distributions} new), {MutualAidClaim.objects.count()} mutual-aid claims ({claims} new)"
    )


def _in_service(day: date) -> Q:
    return (Q(joined_on__lte=day) | Q(joined_on__isnull=True)) & (
        Q(left_on__gt=day) | Q(left_on__isnull=True, status=Member.Status.ACTIVE)
    )


def _visit(officer, member, code, day, cash, gift, gift_value, visitors, note="") -> bool:
    visit_type = VisitType.objects.get(code=code)
    if Visit.objects.filter(member=member, visit_type=visit_type, visited_on=day).exists():
        return False
    services.visit_record(
        member=member,
        visit_type=visit_type,
        visited_on=day,
        cash_amount=Decimal(cash),
        gift_description=gift,
        gift_value=Decimal(gift_value),
        visitors=visitors,
        note=note,
        by=officer,
    )
    return True


def _seed_visits(officer, approver, rng: random.Random) -> int:
    created = 0
    staff_member = User.objects.get(username="staff").member
    # Members in service through 2020 and 2021, one disjoint sample for both years (once-only types never repeat).
    pool = list(
        Member.objects.filter(status=Member.Status.ACTIVE, joined_on__lt=date(2020, 1, 1))
        .exclude(pk=staff_member.pk)
        .order_by("employee_no")
        .values_list("pk", flat=True)
    )
    wanted = sum(n for _c, n, *_rest in VISITS_2020 + VISITS_2021)
    sample = rng.sample(pool, wanted + 2)
    chosen = iter(sample[:wanted])
    for year, plan in ((2020, VISITS_2020), (2021, VISITS_2021)):
        last_month = 12 if year == 2020 else 10
        for code, count, cash, gift, gift_value in plan:
            for i in range(count):
                day = date(year, 1 + (i * 5 + len(code)) % last_month, 1 + (i * 7) % 27)
                if code == "hardship":
                    day = date(year, 1, 15 + i)  # before the Spring Festival
                elif code == "wuhan_family":
                    day = date(2020, 2, 20 + i * 3)
                member = Member.objects.get(pk=next(chosen))
                created += _visit(officer, member, code, day, cash, gift, gift_value, rng.choice(VISITORS))
    # 2020 retirements: a visit to all but two of the year's retirees (五必访).
    retirees = Member.objects.filter(status=Member.Status.RETIRED, left_on__year=2020).order_by("employee_no")
    for member in retirees[2:]:
        created += _visit(officer, member, "retirement", member.left_on, "800", "纪念品", "200", "工会主席、工会干部")
    # The staff user sees their own history: an illness visit (private) and a childbirth visit.
    created += _visit(officer, staff_member, "illness", date(2020, 11, 12), "500", "水果、牛奶", "0", "工会干部")
    created += _visit(officer, staff_member, "childbirth", date(2021, 4, 8), "500", "", "0", "分工会主席")
    # An over-standard visit approved by another officer, and one still waiting.
    serious, waiting = (Member.objects.get(pk=pk) for pk in sample[wanted:])
    day, note = date(2020, 8, 3), "重病住院，经工会主席同意加大慰问"
    if _visit(officer, serious, "illness", day, "1500", "", "0", "工会主席", note):
        created += 1
        services.visit_approve(visit=Visit.objects.get(member=serious, visited_on=day), by=approver)
    created += _visit(officer, waiting, "illness", date(2021, 10, 18), "1200", "", "0", "工会干部", "手术住院")
    return created


def _distribution(officer, *, title, kind, item, value, day, audience, visit_type=None, **kwargs) -> bool:
    if Distribution.objects.filter(title=title).exists():
        return False
    distribution = services.distribution_create(
        title=title,
        kind=kind,
        item=item,
        unit_value=value,
        distributed_on=day,
        audience=audience,
        visit_type=VisitType.objects.filter(code=visit_type).first() if visit_type else None,
        by=officer,
        **kwargs,
    )
    Distribution.objects.filter(pk=distribution.pk).update(status=Distribution.Status.RUNNING)
    services.distribution_run(distribution=distribution, by=officer)
    return True


def _seed_distributions(officer) -> int:
    created = 0
    birthday = {
        "kind": Distribution.Kind.BIRTHDAY,
        "item": "生日蛋糕券",
        "value": BIRTHDAY_VALUE,
        "visit_type": "birthday",
    }
    # 2020: greetings resumed after the epidemic; the last months in full, the first one from mid-month.
    months, total = [], 0
    for month in range(12, 0, -1):
        count = Member.objects.filter(_in_service(date(2020, month, 1)), birth_date__month=month).count()
        if total + count > BIRTHDAY_GREETINGS_2020:
            break
        months.append(month)
        total += count
    for month in sorted(months):
        created += _distribution(
            officer,
            title=f"2020年{month}月生日慰问",
            day=date(2020, month, 1),
            audience=Distribution.Audience.BIRTHDAY_MONTH,
            birthday_month=month,
            **birthday,
        )
    first = min(months) - 1
    rest = BIRTHDAY_GREETINGS_2020 - total
    if rest:
        late_birthdays = list(
            Member.objects.filter(_in_service(date(2020, first, 15)), birth_date__month=first).order_by(
                "-birth_date__day", "employee_no"
            )[:rest]
        )
        created += _distribution(
            officer,
            title=f"2020年{first}月生日慰问（恢复后补发）",
            day=date(2020, first, 15),
            audience=Distribution.Audience.CHOSEN,
            chosen_members=late_birthdays,
            note="疫情后恢复生日慰问，发放给本月下半月生日的会员。",
            **birthday,
        )
    # 夏送清凉 for the front-line branches, 冬送温暖 for everyone: a little over a thousand items in all.
    for branch_name in ("后勤保障分工会", "学生工作分工会"):
        created += _distribution(
            officer,
            title=f"2020年夏送清凉（{branch_name}）",
            kind=Distribution.Kind.SEASONAL,
            item="清凉饮品、绿豆、凉茶",
            value=Decimal("80"),
            day=date(2020, 7, 15),
            audience=Distribution.Audience.BRANCH,
            branch=BranchUnion.objects.get(name=branch_name),
            visit_type="summer",
        )
    created += _distribution(
        officer,
        title="2020年冬送温暖",
        kind=Distribution.Kind.SEASONAL,
        item="保暖毛毯",
        value=Decimal("150"),
        day=date(2020, 12, 18),
        audience=Distribution.Audience.ALL_ACTIVE,
        visit_type="winter",
    )
    for title, day, item, value in GIFT_PACKS_2020:
        created += _distribution(
            officer,
            title=title,
            kind=Distribution.Kind.FESTIVAL,
            item=item,
            value=value,
            day=day,
            audience=Distribution.Audience.ALL_ACTIVE,
        )
    # 2021 under way: the Spring Festival and monthly birthday greetings to October; November prepared.
    created += _distribution(
        officer,
        title="2021年春节慰问",
        kind=Distribution.Kind.FESTIVAL,
        item="春节慰问品（大米、食用油）",
        value=Decimal("300"),
        day=date(2021, 2, 5),
        audience=Distribution.Audience.ALL_ACTIVE,
        visit_type="spring_festival",
    )
    for month in range(1, 11):
        created += _distribution(
            officer,
            title=f"2021年{month}月生日慰问",
            day=date(2021, month, 1),
            audience=Distribution.Audience.BIRTHDAY_MONTH,
            birthday_month=month,
            **birthday,
        )
    if not Distribution.objects.filter(title="2021年11月生日慰问").exists():
        services.birthday_distribution_prepare(year=2021, month=11, by=officer, unit_value=BIRTHDAY_VALUE)
        created += 1
    return created


# (submitted, amount, reason, outcome, paid on) for members enrolled before the claim.
CLAIMS = [
    (date(2020, 3, 12), "3000", "住院手术", "paid", date(2020, 4, 2)),
    (date(2020, 4, 20), "2000", "重大疾病住院治疗", "paid", date(2020, 5, 8)),
    (date(2020, 6, 3), "1500", "意外受伤住院", "paid", date(2020, 6, 22)),
    (date(2020, 7, 14), "2500", "住院治疗", "paid", date(2020, 8, 5)),
    (date(2020, 9, 1), "3000", "家庭成员重病", "paid", date(2020, 9, 25)),
    (date(2020, 10, 16), "2000", "住院手术", "paid", date(2020, 11, 3)),
    (date(2020, 11, 20), "1800", "住院治疗", "paid", date(2020, 12, 10)),
    (date(2020, 8, 10), "1000", "门诊费用", "rejected", None),
    (date(2020, 12, 15), "2000", "住院治疗", "reviewing", None),
    (date(2021, 3, 9), "2500", "住院手术", "paid", date(2021, 3, 30)),
    (date(2021, 6, 18), "1200", "体检费用", "rejected", None),
    (date(2021, 10, 12), "3000", "重大疾病住院治疗", "submitted", None),
]


def _seed_claims(officer) -> int:
    created = 0
    enrolled = list(
        Member.objects.filter(mutual_aid_joined_on__lt=date(2020, 1, 1), status=Member.Status.ACTIVE).order_by(
            "employee_no"
        )
    )[::29][: len(CLAIMS)]  # spread over the units
    for member, (submitted_on, amount, reason, outcome, paid_on) in zip(enrolled, CLAIMS, strict=True):
        if MutualAidClaim.objects.filter(member=member, submitted_on=submitted_on).exists():
            continue
        claim = services.claim_submit(
            member=member, submitted_on=submitted_on, reason=reason, amount_requested=Decimal(amount), by=officer
        )
        created += 1
        if outcome == "submitted":
            continue
        services.claim_review(claim=claim, by=officer)
        if outcome == "rejected":
            services.claim_reject(claim=claim, reason="不属于互助金申领范围", by=officer)
        elif outcome == "paid":
            services.claim_approve(claim=claim, by=officer)
            services.claim_pay(claim=claim, paid_on=paid_on, by=officer)
    return created


BUDGETS = [
    (2020, "illness", "8000"),
    (2020, "hardship", "10000"),
    (2020, "birthday", "90000"),
    (2020, "winter", "150000"),
    (2020, "wuhan_family", "2000"),  # over: two families at 1,500 each
    (2021, "illness", "8000"),
    (2021, "birthday", "200000"),
    (2021, "hardship", "10000"),
]


def _seed_budgets(officer) -> None:
    for year, code, amount in BUDGETS:
        visit_type = VisitType.objects.get(code=code)
        if not visit_type.budgets.filter(year=year).exists():
            services.budget_set(year=year, visit_type=visit_type, amount=Decimal(amount), by=officer)
