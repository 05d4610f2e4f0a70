from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetingConfig(AppConfig):
    name = "sepakat.budgeting"
    verbose_name = _("Penganggaran")
