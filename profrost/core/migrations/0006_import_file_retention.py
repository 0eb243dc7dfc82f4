from django.db import migrations, models

# As core.importers keeps a batch's summary; copied here, as a migration must not import
# live code.
SHOWN_ROWS = 500
SHOWN_VALUE = 200


def _trimmed(summary):
    summary = dict(summary or {})
    if isinstance(summary.get("rows"), dict):
        summary["rows"] = {action: rows[:SHOWN_ROWS] for action, rows in summary["rows"].items()}
    if isinstance(summary.get("errors"), list):
        summary["errors"] = [_short(error) for error in summary["errors"][:SHOWN_ROWS]]
    if isinstance(summary.get("notes"), list):
        summary["notes"] = summary["notes"][:SHOWN_ROWS]
    return summary


def _short(error):
    value = str(error.get("value", ""))
    if len(value) > SHOWN_VALUE:
        return {**error, "value": value[: SHOWN_VALUE - 1] + "…"}
    return error


def forget_old_files(apps, schema_editor):
    """Batches applied or refused before this migration still hold their files, with СНИЛС and
    birth dates: drop the files, and cut the summaries to what a batch now keeps."""
    ImportBatch = apps.get_model("core", "ImportBatch")
    ImportBatch.objects.exclude(status="previewed").update(content=None)
    for batch in ImportBatch.objects.only("pk", "summary").iterator(chunk_size=20):
        summary = _trimmed(batch.summary)
        if summary != batch.summary:
            ImportBatch.objects.filter(pk=batch.pk).update(summary=summary)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_job"),
    ]

    operations = [
        migrations.AlterField(
            model_name="importbatch",
            name="content",
            field=models.BinaryField(blank=True, null=True, verbose_name="Содержимое файла"),
        ),
        migrations.AlterField(
            model_name="importbatch",
            name="status",
            field=models.CharField(
                choices=[
                    ("previewed", "Проверен, ожидает подтверждения"),
                    ("applied", "Импортирован"),
                    ("failed", "Есть ошибки, не импортирован"),
                    ("expired", "Не подтверждён вовремя, файл удалён"),
                ],
                default="previewed",
                max_length=16,
                verbose_name="Состояние",
            ),
        ),
        migrations.RunPython(forget_old_files, migrations.RunPython.noop),
    ]
