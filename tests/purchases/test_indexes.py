"""The searches of the lists (filters.py) can use their trigram indexes (plans with sequential scans off)."""

import pytest
from django.db import connection

from apps.purchases.models import Product, Purchase, Supplier

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("queryset", "index"),
    [
        (lambda: Purchase.objects.filter(invoice_no__icontains="3400"), "purch_invoice_no_trgm"),
        (lambda: Purchase.objects.filter(order_no__icontains="abc"), "purch_order_no_trgm"),
        (lambda: Purchase.objects.filter(note__contains="礼包发放"), "purch_purchase_note_trgm"),
        (lambda: Supplier.objects.filter(name__contains="农特产品"), "purch_supplier_name_trgm"),
        (lambda: Product.objects.filter(name__contains="红茶叶"), "purch_product_name_trgm"),
        (lambda: Product.objects.filter(certification_no__icontains="fp0001"), "purch_product_cert_trgm"),
    ],
)
def test_searches_can_use_their_trigram_index(queryset, index):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset().order_by().explain()  # the search alone, not the list's ordering
    assert index in plan
