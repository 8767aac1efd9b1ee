from django.apps import AppConfig


class ProceedingsConfig(AppConfig):
    name = "proceedings"
    verbose_name = "Proceedings"

    def ready(self):
        from . import search

        search.connect_signals()
