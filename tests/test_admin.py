"""Every model is registered in the admin, and its pages render."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model

from proceedings.models import Record

EDITORIAL_MODELS = [
    model
    for model in apps.get_app_config("proceedings").get_models()
    if issubclass(model, Record)
]


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_superuser("admin", password="x" * 12)
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", EDITORIAL_MODELS, ids=lambda m: m.__name__)
def test_every_model_is_registered(model):
    assert admin.site.is_registered(model)


@pytest.mark.parametrize("model", EDITORIAL_MODELS, ids=lambda m: m.__name__)
def test_changelist_add_change_and_history_pages_render(
    editor_client, demo_data, model
):
    base = f"/admin/proceedings/{model._meta.model_name}/"
    instance = model.objects.first()

    assert editor_client.get(base).status_code == 200
    assert editor_client.get(f"{base}add/").status_code == 200
    assert editor_client.get(f"{base}{instance.pk}/change/").status_code == 200
    assert editor_client.get(f"{base}{instance.pk}/history/").status_code == 200
