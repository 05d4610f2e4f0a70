"""Official priority-location lists (lokus): which desa a ministry or the region itself
named as a priority for a programme in a year (stunting loci, extreme-poverty loci...).

A list belongs to the region that keeps it (its owner, a kab/kota or a province) and holds
desa of that region only; it is imported from a CSV of desa codes
(:mod:`sepakat.priorities.location_lists`) and shown beside the ranking of locations.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sepakat.regions.models import Region


class PriorityLocationList(models.Model):
    """An official list of priority desa for a year, e.g. "Lokus stunting 2025"."""

    name = models.CharField(_("nama daftar"), max_length=200)
    year = models.PositiveSmallIntegerField(_("tahun"))
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah pemilik")
    )
    source = models.CharField(_("sumber (dasar penetapan)"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    REGION_LOOKUP = "region"

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("daftar lokasi prioritas")
        verbose_name_plural = _("daftar lokasi prioritas")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "name"], name="priorities_location_list_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class PriorityLocationEntry(models.Model):
    """One desa of a list."""

    location_list = models.ForeignKey(
        PriorityLocationList, on_delete=models.CASCADE, related_name="entries"
    )
    desa = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    REGION_LOOKUP = "location_list__region"

    class Meta:
        ordering = ["desa__code"]
        verbose_name = _("desa dalam daftar lokasi prioritas")
        verbose_name_plural = _("desa dalam daftar lokasi prioritas")
        constraints = [
            models.UniqueConstraint(
                fields=["location_list", "desa"], name="priorities_location_entry_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.location_list_id} {self.desa_id}"
