from datetime import date
from decimal import Decimal

import factory

from apps.accounts.models import Role, User
from apps.purchases import services
from apps.purchases.models import Area, Product, Purchase, Supplier, Task
from tests.factories import UnitFactory, UserFactory


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("province", "county")

    province = "安徽省"
    county = factory.Sequence(lambda n: f"测试{n}县")
    is_paired = True


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"扶贫供应商{n}")
    area = factory.SubFactory(AreaFactory)
    via_832 = True


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    supplier = factory.SubFactory(SupplierFactory)
    name = factory.Sequence(lambda n: f"产品{n}")
    unit = "箱"
    certification_no = factory.Sequence(lambda n: f"FP{n:06d}")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task
        django_get_or_create = ("year",)

    year = 2020
    amount = Decimal("450000.00")


def clerk() -> User:
    """An officer who enters the purchases a test needs (the services take the acting user)."""
    return User.objects.filter(username="purchases-clerk").first() or UserFactory(
        username="purchases-clerk", role=Role.OFFICER
    )


def make_purchase(
    *,
    on: date = date(2020, 6, 1),
    lines: list[tuple[Product | None, str, str]] | None = None,
    supplier: Supplier | None = None,
    departments=None,
    purpose: str = Purchase.Purpose.GIFT_PACK,
    by=None,
    **fields,
) -> Purchase:
    """A purchase through the service: lines as (product, quantity, unit price) with text amounts."""
    supplier = supplier or SupplierFactory()
    task = TaskFactory(year=on.year)
    lines = lines or [(None, "10", "100.00")]
    inputs = [
        services.LineInput(
            product=product or ProductFactory(supplier=supplier), quantity=Decimal(qty), unit_price=Decimal(price)
        )
        for product, qty, price in lines
    ]
    return services.purchase_save(
        purchase=Purchase(task=task, purchased_on=on, supplier=supplier, purpose=purpose, **fields),
        departments=departments or [UnitFactory(name="工会")],
        lines=inputs,
        by=by or clerk(),
    )
