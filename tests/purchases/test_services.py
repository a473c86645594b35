import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from apps.core.submissions import DuplicateSubmission
from apps.purchases import services
from apps.purchases.models import Purchase, PurchaseLine, Task
from tests.factories import UnitFactory
from tests.purchases.factories import AreaFactory, ProductFactory, SupplierFactory, TaskFactory, clerk, make_purchase

pytestmark = pytest.mark.django_db


def test_totals_are_computed_from_the_lines_in_decimal():
    supplier = SupplierFactory()
    purchase = make_purchase(
        supplier=supplier,
        lines=[(None, "3", "0.10"), (None, "2.5", "19.99"), (None, "120", "188.00")],
    )
    amounts = list(purchase.lines.values_list("amount", flat=True))
    assert amounts == [Decimal("0.30"), Decimal("49.98"), Decimal("22560.00")]  # 2.5 × 19.99 = 49.975 → 49.98
    assert purchase.total == Decimal("22610.28")


def test_editing_a_purchase_replaces_its_lines_and_keeps_history(officer):
    supplier = SupplierFactory()
    product = ProductFactory(supplier=supplier)
    purchase = make_purchase(supplier=supplier, lines=[(product, "10", "50.00"), (None, "1", "1.00")], by=officer)
    services.purchase_save(
        purchase=purchase,
        departments=purchase.departments.all(),
        lines=[services.LineInput(product=product, quantity=Decimal("12"), unit_price=Decimal("50.00"))],
        by=officer,
    )
    purchase.refresh_from_db()
    assert purchase.total == Decimal("600.00")
    assert purchase.lines.count() == 1
    assert list(purchase.history.values_list("total", flat=True).distinct().order_by("total")) == [
        Decimal("501.00"),
        Decimal("600.00"),
    ]
    assert purchase.history.first().history_user == officer
    assert PurchaseLine.history.filter(history_type="-").count() == 1


@pytest.mark.parametrize("quantity", ["0", "-1"])
def test_zero_or_negative_quantity_is_refused(quantity):
    with pytest.raises(ValidationError, match="数量必须大于 0"):
        make_purchase(lines=[(None, quantity, "10.00")])
    assert not Purchase.objects.exists()


def test_a_price_with_more_than_two_decimals_is_refused():
    with pytest.raises(ValidationError, match="单价最多保留两位小数"):
        make_purchase(lines=[(None, "1", "10.005")])
    assert not Purchase.objects.exists()


def test_a_supplier_outside_a_paired_area_is_refused():
    supplier = SupplierFactory(area=AreaFactory(county="已脱钩县", is_paired=False))
    with pytest.raises(ValidationError) as refused:
        make_purchase(supplier=supplier)
    assert "不是结对帮扶地区" in str(refused.value.message_dict["supplier"])
    assert not Purchase.objects.exists()


def test_a_date_in_a_year_without_a_task_is_refused():
    task = TaskFactory(year=2020)
    supplier = SupplierFactory()
    with pytest.raises(ValidationError) as refused:
        services.purchase_save(
            purchase=Purchase(task=task, purchased_on=date(2021, 1, 3), supplier=supplier),
            departments=[UnitFactory(name="工会")],
            lines=[
                services.LineInput(
                    product=ProductFactory(supplier=supplier), quantity=Decimal(1), unit_price=Decimal(1)
                )
            ],
            by=clerk(),
        )
    assert "2021 年还没有消费扶贫采购任务" in str(refused.value.message_dict["purchased_on"])
    assert not Purchase.objects.exists()


def test_the_date_decides_the_task_the_purchase_counts_toward():
    earlier, later = TaskFactory(year=2020), TaskFactory(year=2021)
    supplier = SupplierFactory()
    purchase = services.purchase_save(
        purchase=Purchase(task=earlier, purchased_on=date(2021, 3, 1), supplier=supplier),
        departments=[UnitFactory(name="工会")],
        lines=[
            services.LineInput(product=ProductFactory(supplier=supplier), quantity=Decimal(1), unit_price=Decimal(1))
        ],
        by=clerk(),
    )
    assert purchase.task == later


def test_the_services_refuse_a_user_whose_role_may_not_manage_purchases(leader, staff):
    purchase = make_purchase()
    for user in (leader, staff, None):
        with pytest.raises(PermissionDenied):
            services.purchase_delete(purchase=purchase, by=user)
        with pytest.raises(PermissionDenied):
            services.task_save(task=Task(year=2030, amount=Decimal("1")), by=user)
    assert Purchase.objects.filter(pk=purchase.pk).exists()
    assert not Task.objects.filter(year=2030).exists()


def test_a_repeated_submission_token_saves_one_purchase():
    supplier = SupplierFactory()
    product = ProductFactory(supplier=supplier)
    TaskFactory(year=2020)
    token = uuid.uuid4()

    def submit():
        return services.purchase_save(
            purchase=Purchase(purchased_on=date(2020, 5, 1), supplier=supplier),
            departments=[UnitFactory(name="工会")],
            lines=[services.LineInput(product=product, quantity=Decimal(1), unit_price=Decimal(1))],
            by=clerk(),
            submission_token=token,
        )

    first = submit()
    with pytest.raises(DuplicateSubmission) as duplicate:
        submit()
    assert duplicate.value.url == f"/purchases/{first.uuid}/"
    assert Purchase.objects.count() == 1


def test_a_product_of_another_supplier_is_refused():
    with pytest.raises(ValidationError, match="不是供应商"):
        make_purchase(supplier=SupplierFactory(), lines=[(ProductFactory(), "1", "1.00")])


def test_a_purchase_needs_lines_and_departments():
    supplier = SupplierFactory()
    with pytest.raises(ValidationError, match="至少要有一条明细"):
        services.purchase_save(
            purchase=Purchase(task=TaskFactory(), purchased_on=date(2020, 5, 1), supplier=supplier),
            departments=[UnitFactory(name="工会")],
            lines=[],
            by=clerk(),
        )
    with pytest.raises(ValidationError, match="至少选择一个采购部门"):
        services.purchase_save(
            purchase=Purchase(task=TaskFactory(), purchased_on=date(2020, 5, 1), supplier=supplier),
            departments=[],
            lines=[
                services.LineInput(
                    product=ProductFactory(supplier=supplier), quantity=Decimal(1), unit_price=Decimal(1)
                )
            ],
            by=clerk(),
        )
    assert not Purchase.objects.exists()


def test_the_database_refuses_a_typed_line_amount():
    purchase = make_purchase()
    line = purchase.lines.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        PurchaseLine.objects.filter(pk=line.pk).update(amount=Decimal("1.00"))


def test_the_database_refuses_a_non_positive_quantity():
    purchase = make_purchase()
    with pytest.raises(IntegrityError), transaction.atomic():
        PurchaseLine.objects.filter(purchase=purchase).update(quantity=0, amount=0)


def test_task_shares_cannot_exceed_the_task(officer):
    hr, logistics = UnitFactory(name="人力资源处"), UnitFactory(name="后勤管理处")
    task = services.task_save(
        task=Task(year=2020, amount=Decimal("1000.00")), shares=[(hr, Decimal("600"))], by=officer
    )
    assert task.shares.get().amount == Decimal("600.00")
    with pytest.raises(ValidationError, match="超过了任务金额"):
        services.task_save(task=task, shares=[(hr, Decimal("600")), (logistics, Decimal("500"))], by=officer)
    assert task.shares.count() == 1


def test_a_task_amount_must_be_positive_and_in_cents():
    with pytest.raises(ValidationError):
        services.task_save(task=Task(year=2020, amount=Decimal("0")), by=clerk())
    with pytest.raises(ValidationError, match="两位小数"):
        services.task_save(task=Task(year=2020, amount=Decimal("1.001")), by=clerk())
    assert not Task.objects.exists()


def test_one_task_per_year():
    services.task_save(task=Task(year=2020, amount=Decimal("1")), by=clerk())
    with pytest.raises(ValidationError):
        services.task_save(task=Task(year=2020, amount=Decimal("2")), by=clerk())


def test_deleting_a_purchase_keeps_its_history(officer):
    purchase = make_purchase(by=officer)
    services.purchase_delete(purchase=purchase, by=officer)
    assert not Purchase.objects.exists()
    assert Purchase.history.filter(history_type="-").get().history_user == officer


def test_a_change_of_purchasing_departments_shows_in_the_history(officer):
    from apps.core.audit import history_entries

    supplier = SupplierFactory()
    product = ProductFactory(supplier=supplier)
    purchase = make_purchase(supplier=supplier, lines=[(product, "10", "50.00")], by=officer)
    hr_office = UnitFactory(name="人力资源处")
    services.purchase_save(
        purchase=purchase,
        departments=[*purchase.departments.all(), hr_office],
        lines=[services.LineInput(product=product, quantity=Decimal("10"), unit_price=Decimal("50.00"))],
        by=officer,
    )
    changes = [change for entry in history_entries(purchase) for change in entry["changes"]]
    department_changes = [(old, new) for label, old, new in changes if str(label) == "采购部门"]
    assert department_changes, changes
    assert "人力资源处" in department_changes[0][1]
