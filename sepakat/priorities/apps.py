from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrioritiesConfig(AppConfig):
    name = "sepakat.priorities"
    label = "priorities"
    verbose_name = _("Prioritisasi")
