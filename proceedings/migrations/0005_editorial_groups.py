"""The two editorial roles (see proceedings/roles.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_groups(apps, schema_editor):
    from proceedings.roles import ensure_groups

    app_config = apps.get_app_config("proceedings")
    app_config.models_module = True  # let create_permissions see historical models
    create_permissions(app_config, verbosity=0, apps=apps)
    ensure_groups(apps)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Editors", "Publishers"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("proceedings", "0004_publish_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
