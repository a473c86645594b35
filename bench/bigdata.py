"""Build a big university on top of the demo: `make bench-data SCALE=50000`.

The demo (seed_demo) gives the accounts of every role and the reference data; this adds, through the models
with bulk inserts, what a union of SCALE members keeps over ten years (issue 13's measured shape at 50,000):
60 units and 40 branch unions, SCALE members, SCALE/5 activities with 6×SCALE sign-ups, 1.14×SCALE visits,
126 distributions with about 490,000 recipients, mutual-aid claims, 11 congresses with SCALE/10 proposals,
200 suppliers with 1,000 products and 0.4×SCALE purchases with 2.5 lines each.

Runs against the database that DATABASE_URL names (the Makefile points it at union_portal_bench). Simple-history
rows are not written for the bulk records: the benchmark is about the pages over records, not their history.
"""

import argparse
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "union_portal.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.activities.models import Activity, Category, SignUp  # noqa: E402
from apps.people.models import BranchUnion, Member, Unit  # noqa: E402
from apps.proposals.models import Congress, Delegate, Delegation, Proposal  # noqa: E402
from apps.purchases.models import Area, Product, Purchase, PurchaseLine, Supplier, Task  # noqa: E402
from apps.welfare.models import Distribution, DistributionRecipient, MutualAidClaim, Visit, VisitType  # noqa: E402

BATCH = 5000
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉宇浩凯健俊帆雪琳晨"
TOPICS = [
    "教工食堂",
    "校园停车",
    "青年教师住房",
    "实验室安全",
    "图书馆开放时间",
    "子女入学",
    "职称评审",
    "体检项目",
    "校车线路",
    "科研经费报销",
    "退休教师活动室",
    "校园网络",
]
ACTIVITY_KINDS = ["羽毛球比赛", "健步走", "书画展", "合唱比赛", "趣味运动会", "读书分享会", "摄影比赛", "登山活动"]


def log(message: str, started: float) -> None:
    print(f"{time.perf_counter() - started:7.1f}s  {message}", flush=True)


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def tz(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


class Builder:
    def __init__(self, scale: int, seed: int = 2026):
        self.scale = scale
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.years = list(range(self.today.year - 9, self.today.year + 1))
        self.started = time.perf_counter()

    def day_in(self, year: int) -> date:
        last = self.today if year == self.today.year else date(year, 12, 31)
        return date(year, 1, 1) + timedelta(days=self.rng.randrange((last - date(year, 1, 1)).days + 1))

    def run(self) -> None:
        from django.contrib.auth import get_user_model

        self.officer = get_user_model().objects.get(username="officer")  # the demo's; made by seed_demo
        with transaction.atomic():
            self.organisation()
            self.members()
            self.activities()
            self.welfare()
            self.proposals()
            self.purchases()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        log("done (ANALYZE run)", self.started)

    def organisation(self) -> None:
        branches = list(BranchUnion.objects.all())
        for index in range(len(branches), 40):
            branches.append(BranchUnion.objects.create(name=f"第{index + 1}分工会", sort_order=index + 1))
        units = list(Unit.objects.all())
        for index in range(len(units), 60):
            kind = Unit.Kind.COLLEGE if index % 2 else Unit.Kind.OFFICE
            units.append(
                Unit.objects.create(name=f"第{index + 1}单位", kind=kind, branch=branches[index % 40], sort_order=index)
            )
        self.units, self.branches = units, branches
        log(f"{len(units)} units, {len(branches)} branch unions", self.started)

    def members(self) -> None:
        rng, existing = self.rng, Member.objects.count()
        rows = []
        for index in range(existing, self.scale):
            unit = rng.choice(self.units)
            status = rng.choices([Member.Status.ACTIVE, Member.Status.RETIRED, Member.Status.LEFT], [78, 20, 2])[0]
            joined = date(rng.randrange(1985, self.today.year), rng.randrange(1, 13), rng.randrange(1, 29))
            rows.append(
                Member(
                    employee_no=f"B{index:07d}",
                    name=name(rng),
                    gender=rng.choice([Member.Gender.MALE, Member.Gender.FEMALE]),
                    birth_date=date(rng.randrange(1950, 2000), rng.randrange(1, 13), rng.randrange(1, 29)),
                    unit=unit,
                    branch_id=unit.branch_id or rng.choice(self.branches).pk,
                    phone=f"138{index:08d}",
                    status=status,
                    joined_on=joined,
                    left_on=self.today if status == Member.Status.LEFT else None,
                    mutual_aid_joined_on=joined if rng.random() < 0.6 else None,
                )
            )
        Member.objects.bulk_create(rows, batch_size=BATCH)
        self.member_ids = list(Member.objects.values_list("pk", flat=True))
        self.active_ids = list(Member.objects.filter(status=Member.Status.ACTIVE).values_list("pk", flat=True))
        log(f"{len(self.member_ids)} members ({len(self.active_ids)} working)", self.started)

    def activities(self) -> None:
        rng = self.rng
        categories = list(Category.objects.all())
        rows = []
        for index in range(self.scale // 5):
            year = rng.choice(self.years)
            start = tz(self.day_in(year), rng.randrange(8, 18))
            status = rng.choices(["held", "planned", "postponed", "cancelled"], [85, 8, 4, 3])[0]
            rows.append(
                Activity(
                    title=f"{rng.choice(self.branches).name}{rng.choice(ACTIVITY_KINDS)}（{index}）",
                    category=rng.choice(categories),
                    year=year,
                    start=start,
                    end=start + timedelta(hours=2),
                    place="体育馆",
                    organising_branch=rng.choice(self.branches),
                    status=status,
                    status_reason="" if status in ("held", "planned") else rng.choice(["场地检修", "天气原因"]),
                    capacity=rng.choice([None, 50, 100, 200]),
                    actual_participants=rng.randrange(10, 200) if status == "held" else None,
                )
            )
        activities = Activity.objects.bulk_create(rows, batch_size=BATCH)
        signups, per_activity = [], max(1, 6 * self.scale // max(1, len(activities)))
        for activity in activities:
            for member_id in rng.sample(self.member_ids, min(per_activity, len(self.member_ids))):
                signups.append(SignUp(activity=activity, member_id=member_id, attended=activity.status == "held"))
            if len(signups) >= BATCH * 10:
                SignUp.objects.bulk_create(signups, batch_size=BATCH)
                signups = []
        SignUp.objects.bulk_create(signups, batch_size=BATCH)
        log(f"{len(activities)} activities, {SignUp.objects.count()} sign-ups", self.started)

    def welfare(self) -> None:
        rng = self.rng
        types = [t for t in VisitType.objects.filter(is_active=True) if not t.once_only]
        visits = []
        for _ in range(int(self.scale * 1.14)):
            visit_type = rng.choice(types)
            visits.append(
                Visit(
                    member_id=rng.choice(self.member_ids),
                    visit_type=visit_type,
                    visited_on=self.day_in(rng.choice(self.years)),
                    cash_amount=Decimal(rng.choice([200, 300, 500, 800])),
                    visitors="工会主席",
                    status=Visit.Status.APPROVED,
                    created_by=self.officer,
                )
            )
        Visit.objects.bulk_create(visits, batch_size=BATCH)
        log(f"{len(visits)} visits", self.started)
        sample = min(3900, len(self.active_ids))
        for index in range(126):
            year = self.years[index % len(self.years)]
            value = Decimal(rng.choice([100, 150, 200, 300]))
            distribution = Distribution.objects.create(
                title=f"{year}年节日慰问（{index + 1}）",
                kind=Distribution.Kind.FESTIVAL,
                item="慰问品",
                unit_value=value,
                distributed_on=self.day_in(year),
                status=Distribution.Status.DONE,
                progress_done=sample,
                progress_total=sample,
                completed_at=timezone.now(),
                created_by=self.officer,
            )
            DistributionRecipient.objects.bulk_create(
                [
                    DistributionRecipient(distribution=distribution, member_id=member_id, value=value)
                    for member_id in rng.sample(self.active_ids, sample)
                ],
                batch_size=BATCH,
            )
        log(f"126 distributions, {DistributionRecipient.objects.count()} recipients", self.started)
        claims = [
            MutualAidClaim(
                member_id=rng.choice(self.member_ids),
                submitted_on=self.day_in(rng.choice(self.years)),
                reason="住院治疗",
                amount_requested=Decimal(rng.randrange(1000, 20000)),
                status=MutualAidClaim.Status.SUBMITTED,
                created_by=self.officer,
            )
            for _ in range(self.scale // 25)
        ]
        MutualAidClaim.objects.bulk_create(claims, batch_size=BATCH)
        log(f"{len(claims)} mutual-aid claims", self.started)

    def proposals(self) -> None:
        rng = self.rng
        next_term = (max(Congress.objects.values_list("term", flat=True), default=0) or 0) + 1
        per_congress = self.scale // 10 // 11
        for index in range(11):
            year = self.years[index % len(self.years)]
            opens = date(year, 3, 1)
            congress = Congress.objects.create(
                name=f"第{next_term + index}届职代会第一次会议（测）",
                term=next_term + index,
                session=1,
                starts_on=date(year, 4, 10),
                ends_on=date(year, 4, 11),
                submission_opens=opens,
                submission_closes=date(year, 4, 1),
            )
            delegations = Delegation.objects.bulk_create(
                [Delegation(congress=congress, name=f"代表团{n + 1}", sort_order=n) for n in range(20)]
            )
            delegates = Delegate.objects.bulk_create(
                [
                    Delegate(congress=congress, member_id=member_id, delegation=rng.choice(delegations))
                    for member_id in rng.sample(self.active_ids, min(300, len(self.active_ids)))
                ]
            )
            rows = []
            for seq in range(per_congress):
                status = rng.choices(["accepted", "closed", "not_accepted"], [30, 60, 10])[0]
                numbered = status != "not_accepted"
                rows.append(
                    Proposal(
                        congress=congress,
                        proposer=rng.choice(delegates),
                        category=rng.choice(Proposal._meta.get_field("category").choices)[0],
                        title=f"关于改进{rng.choice(TOPICS)}的提案（{year}-{seq}）",
                        subject="案由" * 10,
                        reasons="理由" * 30,
                        measures="建议" * 30,
                        status=status,
                        submitted_at=tz(opens + timedelta(days=5)),
                        # numbers far above the demo's, unique per year across the generated congresses
                        number_year=year if numbered else None,
                        number_seq=100_000 + index * 10_000 + seq if numbered else None,
                        decision_reason="" if numbered else "不属于提案范围",
                        result="solved" if status == "closed" else "",
                        satisfaction="satisfied" if status == "closed" else "",
                    )
                )
            Proposal.objects.bulk_create(rows, batch_size=BATCH)
        log(f"11 congresses, {Proposal.objects.count()} proposals", self.started)

    def purchases(self) -> None:
        rng = self.rng
        areas = [Area.objects.create(province="云南省", county=f"帮扶县{n + 1}") for n in range(10)]
        suppliers = Supplier.objects.bulk_create(
            [Supplier(name=f"帮扶供应商{n + 1}", area=rng.choice(areas)) for n in range(200)]
        )
        products = Product.objects.bulk_create(
            [Product(supplier=supplier, name=f"特产{n + 1}", unit="箱") for supplier in suppliers for n in range(5)]
        )
        by_supplier: dict[int, list[Product]] = {}
        for product in products:
            by_supplier.setdefault(product.supplier_id, []).append(product)
        tasks = {}
        for year in self.years:
            task = Task.objects.filter(year=year).first()
            tasks[year] = task or Task.objects.create(year=year, amount=Decimal(10**6))
        purchases, lines = [], []
        for index in range(int(self.scale * 0.4)):
            year = rng.choice(self.years)
            supplier = rng.choice(suppliers)
            purchases.append(
                Purchase(
                    task=tasks[year],
                    purchased_on=self.day_in(year),
                    supplier=supplier,
                    invoice_no=f"FP{index:08d}",
                    order_no=f"832{index:09d}",
                    total=Decimal(0),
                )
            )
        purchases = Purchase.objects.bulk_create(purchases, batch_size=BATCH)
        for purchase in purchases:
            for product in rng.sample(by_supplier[purchase.supplier_id], rng.choice([2, 2, 3, 3, 3])):
                quantity, price = Decimal(rng.randrange(1, 50)), Decimal(rng.randrange(20, 200))
                lines.append(
                    PurchaseLine(
                        purchase=purchase, product=product, quantity=quantity, unit_price=price, amount=quantity * price
                    )
                )
        PurchaseLine.objects.bulk_create(lines, batch_size=BATCH)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE purchases_purchase p SET total = l.sum FROM (SELECT purchase_id, SUM(amount) AS sum"
                " FROM purchases_purchaseline GROUP BY purchase_id) l WHERE l.purchase_id = p.id"
            )
        log(f"{len(purchases)} purchases, {len(lines)} lines", self.started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=50_000, help="members (default 50,000)")
    Builder(parser.parse_args().scale).run()


if __name__ == "__main__":
    main()
