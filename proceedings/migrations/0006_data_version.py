import time

from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("proceedings", "DataVersion").objects.get_or_create(
        pk=1, defaults={"value": time.time_ns()}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("proceedings", "0005_editorial_groups"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "value",
                    models.BigIntegerField(
                        default=0, help_text="Advanced by every change."
                    ),
                ),
            ],
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
