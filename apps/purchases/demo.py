"""Demo poverty-alleviation purchases for seed_demo (runs after the welfare demo).

Two paired counties, their suppliers and products; the 2020 task of 450,000.00 yuan met with 456,520.00 yuan
bought by 工会, 人力资源处 and 后勤管理处, most of it handed out as the two festival gift packs; and 2021
purchases under way against a new task. Idempotent: records are found by natural keys (purchases by their
832 order number) and only missing ones are created.
"""

from datetime import date
from decimal import Decimal

from apps.accounts.models import User
from apps.people.models import Unit
from apps.purchases import services
from apps.purchases.models import Area, Product, Purchase, Supplier, Task
from apps.welfare import selectors as welfare_selectors

AREAS = [
    ("安徽省", "金寨县", True, "2018 年起结对帮扶"),
    ("安徽省", "岳西县", True, "2019 年起结对帮扶"),
    ("安徽省", "舒城县", False, "2019 年结对帮扶结束"),
]
# supplier, county, via 832, contact → products (name, unit, certification number)
SUPPLIERS = [
    (
        "金寨县农特产品有限公司",
        "金寨县",
        True,
        "汪经理",
        [
            ("金寨红茶", "盒", "FP3415240001"),
            ("金寨黑毛猪腊肉", "袋", "FP3415240017"),
            ("金寨山核桃", "袋", "FP3415240032"),
        ],
    ),
    (
        "金寨县天堂寨山珍专业合作社",
        "金寨县",
        True,
        "储主任",
        [
            ("野生菌干货礼盒", "盒", "FP3415240105"),
            ("葛根粉", "袋", "FP3415240111"),
        ],
    ),
    ("岳西县翠兰茶业有限公司", "岳西县", True, "王经理", [("岳西翠兰", "盒", "FP3408280008")]),
    (
        "岳西县农产品电商服务中心",
        "岳西县",
        True,
        "刘主任",
        [
            ("岳西高山大米（10kg）", "袋", "FP3408280021"),
            ("岳西高山茭白", "箱", "FP3408280026"),
            ("土鸡蛋", "箱", ""),
        ],
    ),
    ("岳西县食用菌专业合作社", "岳西县", False, "储会计", [("干香菇", "箱", "FP3408280040")]),
]
TASKS = [
    (2020, Decimal("450000.00"), Decimal("450.00"), "市里下达的 2020 年消费扶贫采购任务"),
    (2021, Decimal("480000.00"), Decimal("480.00"), "市里下达的 2021 年消费扶贫采购任务"),
]
DRAGON_BOAT = "2020年端午节福利礼包（扶贫产品）"
MID_AUTUMN = "2020年中秋国庆福利礼包（扶贫产品）"
GIFT, CANTEEN, CONDOLENCE = Purchase.Purpose.GIFT_PACK, Purchase.Purpose.CANTEEN, Purchase.Purpose.CONDOLENCE
# order number, date, supplier, departments, purpose, gift pack title, invoice, lines (product, quantity, unit price)
PURCHASES = [
    (
        "832-2020-0415-001",
        date(2020, 4, 15),
        "岳西县农产品电商服务中心",
        ["后勤管理处"],
        CANTEEN,
        None,
        "34001234",
        [("岳西高山茭白", 200, "40.00"), ("土鸡蛋", 100, "58.00")],
    ),
    (
        "832-2020-0608-001",
        date(2020, 6, 8),
        "金寨县农特产品有限公司",
        ["工会"],
        GIFT,
        DRAGON_BOAT,
        "34001301",
        [("金寨红茶", 1000, "68.00"), ("金寨黑毛猪腊肉", 1000, "88.00")],
    ),
    (
        "832-2020-0610-002",
        date(2020, 6, 10),
        "岳西县翠兰茶业有限公司",
        ["工会"],
        GIFT,
        DRAGON_BOAT,
        "34001322",
        [("岳西翠兰", 300, "120.00")],
    ),
    (
        "832-2020-0915-001",
        date(2020, 9, 15),
        "金寨县天堂寨山珍专业合作社",
        ["工会", "人力资源处"],
        GIFT,
        MID_AUTUMN,
        "34001876",
        [("野生菌干货礼盒", 1000, "98.00"), ("葛根粉", 1000, "36.00")],
    ),
    (
        "832-2020-0918-002",
        date(2020, 9, 18),
        "岳西县农产品电商服务中心",
        ["人力资源处"],
        GIFT,
        MID_AUTUMN,
        "34001901",
        [("岳西高山大米（10kg）", 1000, "75.00")],
    ),
    (
        "832-2020-0920-003",
        date(2020, 9, 20),
        "金寨县农特产品有限公司",
        ["工会"],
        GIFT,
        MID_AUTUMN,
        "34001925",
        [("金寨山核桃", 600, "45.00")],
    ),
    (
        "XS-2020-1110-001",
        date(2020, 11, 10),
        "岳西县食用菌专业合作社",
        ["后勤管理处"],
        CANTEEN,
        None,
        "34002310",
        [("干香菇", 80, "150.00")],
    ),
    (
        "832-2020-1220-001",
        date(2020, 12, 20),
        "金寨县农特产品有限公司",
        ["工会"],
        CONDOLENCE,
        None,
        "34002566",
        [("金寨红茶", 40, "68.00")],
    ),
    (
        "832-2021-0203-001",
        date(2021, 2, 3),
        "金寨县农特产品有限公司",
        ["工会"],
        GIFT,
        None,
        "34100112",
        [("金寨黑毛猪腊肉", 800, "88.00")],
    ),
    (
        "832-2021-0412-001",
        date(2021, 4, 12),
        "岳西县农产品电商服务中心",
        ["后勤管理处"],
        CANTEEN,
        None,
        "34100480",
        [("岳西高山大米（10kg）", 150, "75.00")],
    ),
    (
        "832-2021-0602-001",
        date(2021, 6, 2),
        "岳西县翠兰茶业有限公司",
        ["工会", "人力资源处"],
        GIFT,
        None,
        "34100731",
        [("岳西翠兰", 500, "120.00")],
    ),
]


def seed(out) -> None:
    officer = User.objects.filter(username="officer").first()
    if officer is None:  # the services take the acting user: the accounts demo makes the officer
        out.write("purchases: skipped (no demo officer account yet)")
        return
    areas = {}
    for province, county, paired, note in AREAS:
        areas[county], _created = Area.objects.get_or_create(
            province=province, county=county, defaults={"is_paired": paired, "note": note}
        )
    products = {}
    suppliers = {}
    for name, county, via_832, contact, items in SUPPLIERS:
        suppliers[name], _created = Supplier.objects.get_or_create(
            name=name, defaults={"area": areas[county], "via_832": via_832, "contact": contact}
        )
        for product_name, unit, certification in items:
            products[(name, product_name)], _created = Product.objects.get_or_create(
                supplier=suppliers[name], name=product_name, defaults={"unit": unit, "certification_no": certification}
            )
    tasks = {}
    for year, amount, per_head, note in TASKS:
        tasks[year] = Task.objects.filter(year=year).first() or services.task_save(
            task=Task(year=year, amount=amount, per_head=per_head, note=note), by=officer
        )
    units = {unit.name: unit for unit in Unit.objects.filter(name__in=["工会", "人力资源处", "后勤管理处"])}
    packs = {d.title: d for d in welfare_selectors.distribution_choices().filter(title__in=[DRAGON_BOAT, MID_AUTUMN])}
    created = linked = 0
    for order_no, day, supplier, departments, purpose, pack, invoice, lines in PURCHASES:
        distribution = packs.get(pack) if pack else None
        existing = Purchase.objects.filter(order_no=order_no).first()
        if existing is not None:
            if distribution and existing.distribution_id is None:  # the welfare demo ran after us last time
                Purchase.objects.filter(pk=existing.pk).update(distribution=distribution)
                linked += 1
            continue
        chosen = [units[name] for name in departments if name in units]
        if not chosen:
            continue  # the people demo has not run
        services.purchase_save(
            purchase=Purchase(
                task=tasks[day.year],
                purchased_on=day,
                supplier=suppliers[supplier],
                purpose=purpose,
                order_no=order_no,
                invoice_no=invoice,
                distribution=distribution,
            ),
            departments=chosen,
            lines=[
                services.LineInput(
                    product=products[(supplier, name)], quantity=Decimal(quantity), unit_price=Decimal(price)
                )
                for name, quantity, price in lines
            ],
            by=officer,
        )
        created += 1
    out.write(
        f"purchases: {Purchase.objects.count()} purchases ({created} new, {linked} linked to gift packs), "
        f"{Supplier.objects.count()} suppliers, {Task.objects.count()} tasks"
    )
