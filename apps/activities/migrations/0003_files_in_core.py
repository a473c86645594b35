"""Activity photos and files move to core attachments (one design for every app's files)."""

import django.db.models.deletion
from django.db import migrations, models

from apps.core.uploads import migrate_files_to_attachments


def move_files(apps, schema_editor):
    migrate_files_to_attachments(
        apps, model="activities.ActivityFile", file_field="legacy_file", target="stored", name_field="original_name"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_attachment"),
        ("activities", "0002_seed_categories"),
    ]

    operations = [
        migrations.RenameField("activityfile", "file", "legacy_file"),
        migrations.AddField(
            model_name="activityfile",
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
        migrations.RemoveField("activityfile", "legacy_file"),
        migrations.RemoveField("activityfile", "original_name"),
        migrations.RemoveField("activityfile", "content_type"),
        migrations.RemoveField("activityfile", "size"),
        migrations.RemoveField("activityfile", "uploaded_by"),
    ]
