"""The union's visit types (DOMAIN.md), so that a new installation can record visits at once."""

from decimal import Decimal

from django.db import migrations

# code, name, standard, once-only, private, 五必访, may visit inactive members, counts as a life event
TYPES = [
    ("illness", "生病住院", "500", False, True, True, False, True),
    ("marriage", "结婚", "500", True, False, True, False, True),
    ("childbirth", "生育", "500", False, False, True, False, True),
    ("pregnancy", "孕期", "300", False, False, False, False, True),
    ("bereavement", "直系亲属去世", "1000", False, False, True, True, False),
    ("retirement", "退休", "1000", True, False, True, True, False),
    ("hardship", "困难职工", "2000", False, True, False, False, False),
    ("birthday", "生日", "200", False, False, False, False, False),
    ("model_worker", "劳模", "1000", False, False, False, False, False),
    ("spring_festival", "春节", "500", False, False, False, False, False),
    ("womens_day", "三八节", "200", False, False, False, False, False),
    ("labour_day", "五一节", "200", False, False, False, False, False),
    ("mid_autumn", "中秋节", "300", False, False, False, False, False),
    ("double_ninth", "重阳节", "300", False, False, False, True, False),
    ("summer", "夏送清凉", "100", False, False, False, False, False),
    ("winter", "冬送温暖", "200", False, False, False, False, False),
    ("wuhan_family", "援汉家属慰问", "2000", False, False, False, False, False),
]


def create_types(apps, schema_editor):
    VisitType = apps.get_model("welfare", "VisitType")
    for order, (code, name, standard, once, private, five, inactive, life) in enumerate(TYPES, start=1):
        VisitType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "standard_amount": Decimal(standard),
                "once_only": once,
                "private": private,
                "five_must_visit": five,
                "allows_inactive": inactive,
                "life_event": life,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("welfare", "0001_initial")]

    operations = [migrations.RunPython(create_types, migrations.RunPython.noop)]
