"""The two editorial roles, as auth groups.

Editors add and change everything but cannot publish, unpublish or delete.
Publishers can also publish, unpublish and delete (deletes that would erase facts
are still refused by the database). Created by migration 0005 and kept after
every migrate or flush (post_migrate), so the groups always match this list.
"""

EDITORIAL_MODELS = [
    "source",
    "court",
    "courtname",
    "party",
    "partyname",
    "relationship",
    "case",
    "participation",
    "ruling",
    "rulingreview",
    "charge",
    "accused",
    "amount",
    "sanction",
    "event",
    "statement",
]
PUBLISH = ["publish_case", "publish_party", "publish_ruling"]


def _codenames(actions):
    return [f"{action}_{model}" for model in EDITORIAL_MODELS for action in actions]


def ensure_groups(apps):
    """Create or update the Editors and Publishers groups (``apps`` may be a
    migration's historical registry)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editing = list(
        Permission.objects.filter(
            content_type__app_label="proceedings",
            codename__in=_codenames(["add", "change", "view"]),
        )
    )
    publishing = list(
        Permission.objects.filter(
            content_type__app_label="proceedings",
            codename__in=[*_codenames(["delete"]), *PUBLISH],
        )
    )
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(editing)
    publishers, _ = Group.objects.get_or_create(name="Publishers")
    publishers.permissions.set([*editing, *publishing])


def ensure_groups_after_migrate(sender, apps=None, **kwargs):
    """post_migrate receiver (after Django has created the permissions); a flush
    sends no registry, so the project's own is used then."""
    if apps is None:
        from django.apps import apps
    ensure_groups(apps)
