"""The two editorial roles.

Editors add and change everything but cannot publish, unpublish or delete.
Publishers can also publish, unpublish and delete (deletes that would erase facts
are still refused by the database).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORIAL_MODELS = [
    "source",
    "court",
    "party",
    "partyname",
    "relationship",
    "case",
    "participation",
    "ruling",
    "charge",
    "sanction",
    "event",
    "statement",
]
PUBLISH = ["publish_case", "publish_party", "publish_ruling"]


def create_groups(apps, schema_editor):
    app_config = apps.get_app_config("proceedings")
    app_config.models_module = True  # let create_permissions see historical models
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def codenames(actions):
        return [f"{action}_{model}" for model in EDITORIAL_MODELS for action in actions]

    editing = Permission.objects.filter(
        content_type__app_label="proceedings",
        codename__in=codenames(["add", "change", "view"]),
    )
    publishing = Permission.objects.filter(
        content_type__app_label="proceedings",
        codename__in=[*codenames(["delete"]), *PUBLISH],
    )
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(editing)
    publishers, _ = Group.objects.get_or_create(name="Publishers")
    publishers.permissions.set([*editing, *publishing])


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
