"""Invoice scans and order pages move to core attachments: random storage keys, the uploaded name kept apart."""

import django.db.models.deletion
from django.db import migrations, models

from apps.core.uploads import migrate_files_to_attachments


def move_files(apps, schema_editor):
    migrate_files_to_attachments(apps, model="purchases.Attachment", file_field="legacy_file", target="stored")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_attachment"),
        ("purchases", "0002_purchase_departments_history"),
    ]

    operations = [
        migrations.RenameField("attachment", "file", "legacy_file"),
        migrations.AddField(
            model_name="attachment",
            name="stored",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.attachment",
                verbose_name="文件",
            ),
        ),
        migrations.RunPython(move_files, migrations.RunPython.noop),
        migrations.RemoveField("attachment", "legacy_file"),
    ]
