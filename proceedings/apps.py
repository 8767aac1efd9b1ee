from django.apps import AppConfig


class ProceedingsConfig(AppConfig):
    name = "proceedings"
    verbose_name = "Proceedings"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import cache, roles, search

        search.connect_signals()
        cache.connect_signals()
        # after auth's own post_migrate handler has created the permissions
        post_migrate.connect(
            roles.ensure_groups_after_migrate, sender=self, dispatch_uid="roles"
        )
