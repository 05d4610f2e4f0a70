"""The central team keeps the catalogue of prioritisation indicators in the admin."""

from __future__ import annotations

from django.contrib import admin

from sepakat.priorities.models import PriorityIndicator


@admin.register(PriorityIndicator)
class PriorityIndicatorAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name_id", "sector", "target", "target_basis", "active")
    list_filter = ("sector", "target_basis", "unit_level", "active")
    search_fields = ("code", "name_id", "name_en", "legal_source")
    filter_horizontal = ("determinants",)
    raw_id_fields = ("indicator",)
