"""Records for the list-to-record walk (tests/test_visibility.py): purchases of two years and departments,
with attachments, an inactive supplier, an unpaired area and a task with shares. Purchases have no
per-record scope (whoever may view them sees all), so the walk checks that every listed link opens."""

from datetime import date
from decimal import Decimal

from apps.purchases.models import Attachment, TaskShare
from tests.helpers import stored_attachment
from tests.purchases.factories import AreaFactory, ProductFactory, SupplierFactory, TaskFactory, make_purchase


def populate(world) -> None:
    task = TaskFactory(year=2020)
    TaskShare.objects.get_or_create(task=task, unit=world.unit_b, defaults={"amount": Decimal("1000.00")})
    TaskFactory(year=2021)
    active = SupplierFactory(name="可见性测试供应商")
    retired = SupplierFactory(name="已停用供应商", is_active=False, area=AreaFactory(county="已脱钩县", is_paired=True))
    first = make_purchase(on=date(2020, 6, 1), supplier=active, departments=[world.unit_b])
    make_purchase(on=date(2021, 3, 1), supplier=retired, departments=[world.handler_unit])
    Attachment.objects.create(purchase=first, stored=stored_attachment("发票.pdf", b"%PDF-1.4"))
    ProductFactory(supplier=active, is_active=False)
    AreaFactory(county="未结对县", is_paired=False)
