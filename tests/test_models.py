"""Model conventions that editors and API users rely on."""

import pytest
from django.apps import apps

from proceedings.models import Record

EDITORIAL_MODELS = [
    model
    for model in apps.get_app_config("proceedings").get_models()
    if issubclass(model, Record)
]


@pytest.mark.parametrize("model", EDITORIAL_MODELS, ids=lambda m: m.__name__)
def test_every_field_an_editor_sees_has_help_text(model):
    missing = [
        field.name
        for field in model._meta.get_fields()
        if field.concrete
        and field.editable
        and not field.auto_created
        and not field.help_text
    ]

    assert missing == []


@pytest.mark.parametrize("model", EDITORIAL_MODELS, ids=lambda m: m.__name__)
def test_every_model_has_timestamps_and_a_published_verb(model):
    names = {field.name for field in model._meta.get_fields()}

    assert {"created_at", "updated_at"} <= names
    assert callable(model.objects.published)


@pytest.mark.parametrize("model", EDITORIAL_MODELS, ids=lambda m: m.__name__)
def test_every_named_constraint_explains_itself(model):
    for constraint in model._meta.constraints:
        assert constraint.violation_error_message, constraint.name
