from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TiersConfig(AppConfig):
    name = "tiers"
    verbose_name = _("Security guarantees")

    def ready(self):
        from . import signals  # built on the models: importable only once they are loaded

        signals.connect_receivers()
