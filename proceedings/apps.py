from django.apps import AppConfig


class ProceedingsConfig(AppConfig):
    name = "proceedings"
    verbose_name = "Proceedings"

    def ready(self):
        from django.db.models.signals import post_migrate, pre_save

        from . import cache, indexes, roles, search

        search.connect_signals()
        cache.connect_signals()
        # after auth's own post_migrate handler has created the permissions
        post_migrate.connect(
            roles.ensure_groups_after_migrate, sender=self, dispatch_uid="roles"
        )
        post_migrate.connect(
            indexes.ensure_after_migrate, sender=self, dispatch_uid="list_indexes"
        )
        pre_save.connect(load_as_stored, dispatch_uid="concurrency_raw_loads")


def load_as_stored(sender, instance, raw=False, **kwargs):
    """`loaddata` writes each record as the file has it (raw): over a row edited
    since, that is a reload, not an editor's stale form, so the revision check
    (django-concurrency) does not apply."""
    from .models import Record

    if raw and isinstance(instance, Record):
        instance._concurrency_disabled = True
