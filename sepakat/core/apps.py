from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sepakat.core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        # Every app's models are loaded before any ready() runs, so the audit registry can
        # name models of apps listed after this one.
        from sepakat.core import audit

        audit.register_models()
