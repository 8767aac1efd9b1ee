"""The text entered so far is English: copy each translated field into its
English column, which pages in every language fall back to."""

from django.db import migrations
from django.db.models import F

TRANSLATED = {
    "court": ["name"],
    "party": ["description"],
    "relationship": ["note"],
    "case": ["title", "summary"],
    "participation": ["note"],
    "ruling": ["title", "summary"],
    "rulingreview": ["note"],
    "charge": ["offence", "note"],
    "accused": ["note"],
    "sanction": ["note"],
    "event": ["description"],
    "amount": ["description"],
}


def copy_to_english(apps, schema_editor):
    for name, fields in TRANSLATED.items():
        for prefix in ("", "historical"):
            model = apps.get_model("proceedings", prefix + name)
            model._base_manager.update(**{f"{f}_en": F(f) for f in fields})


def copy_back(apps, schema_editor):
    for name, fields in TRANSLATED.items():
        for prefix in ("", "historical"):
            model = apps.get_model("proceedings", prefix + name)
            for field in fields:
                model._base_manager.exclude(**{f"{field}_en": None}).update(
                    **{field: F(f"{field}_en")}
                )


class Migration(migrations.Migration):
    dependencies = [("proceedings", "0017_text_in_each_language")]

    operations = [migrations.RunPython(copy_to_english, copy_back)]
