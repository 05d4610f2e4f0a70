from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "sepakat.analysis"
    verbose_name = _("Analisis kemiskinan")
    default_auto_field = "django.db.models.BigAutoField"
