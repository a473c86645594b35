"""Visit evidence moves to core attachments: every stored file gets a random key, its name kept apart."""

import django.db.models.deletion
from django.db import migrations, models

from apps.core.uploads import migrate_files_to_attachments


def move_files(apps, schema_editor):
    migrate_files_to_attachments(apps, model="welfare.Visit", file_field="legacy_attachment", target="attachment")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_attachment"),
        ("welfare", "0003_yearly_visit_standards"),
    ]

    operations = [
        migrations.RenameField("visit", "attachment", "legacy_attachment"),
        migrations.RenameField("historicalvisit", "attachment", "legacy_attachment"),
        migrations.AddField(
            model_name="visit",
            name="attachment",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="core.attachment",
                verbose_name="附件",
            ),
        ),
        migrations.AddField(
            model_name="historicalvisit",
            name="attachment",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="core.attachment",
                verbose_name="附件",
            ),
        ),
        migrations.RunPython(move_files, migrations.RunPython.noop),
        migrations.RemoveField("visit", "legacy_attachment"),
        migrations.RemoveField("historicalvisit", "legacy_attachment"),
    ]
