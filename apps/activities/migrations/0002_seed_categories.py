from django.db import migrations

# The four categories of the 2020 summary (seed 000); officers may add more in the portal.
CATEGORIES = ["文化教育类", "节日集体类", "体育培训及竞赛类", "职工关怀慰问类"]


def add_categories(apps, schema_editor):
    Category = apps.get_model("activities", "Category")
    for order, name in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(name=name, defaults={"sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
