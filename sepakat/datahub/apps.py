from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatahubConfig(AppConfig):
    name = "sepakat.datahub"
    verbose_name = _("Data")
