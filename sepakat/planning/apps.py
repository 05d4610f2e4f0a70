from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "sepakat.planning"
    label = "planning"
    verbose_name = _("Perencanaan")

    def ready(self) -> None:
        # Registered here rather than in the shared list of accounts.audit, so that the
        # planning models are audited as soon as the app is installed.
        from auditlog.registry import auditlog

        from sepakat.planning.models import NomenclatureVersion, Skpd

        for model in (NomenclatureVersion, Skpd):
            if not auditlog.contains(model):
                auditlog.register(model)
