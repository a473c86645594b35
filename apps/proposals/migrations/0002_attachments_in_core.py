"""Proposal and answer files move to core attachments: random storage keys, the uploaded name kept apart."""

import django.db.models.deletion
from django.db import migrations, models

from apps.core.uploads import migrate_files_to_attachments


def move_files(apps, schema_editor):
    migrate_files_to_attachments(
        apps, model="proposals.ProposalAttachment", file_field="legacy_file", target="attachment", name_field="name"
    )
    migrate_files_to_attachments(apps, model="proposals.Answer", file_field="legacy_file", target="attachment")


def _attachment(**extra):
    return models.ForeignKey(
        blank=True, null=True, related_name="+", to="core.attachment", verbose_name="附件", **extra
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_attachment"),
        ("proposals", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("proposalattachment", "file", "legacy_file"),
        migrations.RenameField("answer", "file", "legacy_file"),
        migrations.RenameField("historicalanswer", "file", "legacy_file"),
        migrations.AddField(
            model_name="proposalattachment",
            name="attachment",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.attachment",
                verbose_name="附件",
            ),
        ),
        migrations.AddField(
            model_name="answer",
            name="attachment",
            field=_attachment(on_delete=django.db.models.deletion.SET_NULL),
        ),
        migrations.AddField(
            model_name="historicalanswer",
            name="attachment",
            field=_attachment(on_delete=django.db.models.deletion.DO_NOTHING, db_constraint=False),
        ),
        migrations.RunPython(move_files, migrations.RunPython.noop),
        migrations.RemoveField("proposalattachment", "legacy_file"),
        migrations.RemoveField("answer", "legacy_file"),
        migrations.RemoveField("historicalanswer", "legacy_file"),
    ]
