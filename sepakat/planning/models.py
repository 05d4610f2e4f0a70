"""Perencanaan: the national budget nomenclature and each region's list of agencies (SKPD).

The nomenclature (Permendagri 90/2019 and the Kepmendagri that update it) is national and
kept in versions: each import is a new version with the date it is in force from, and the
older versions stay as they were, so that a plan can always be read against the list it was
made with. Items point to their version; a plan stores the version it used.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sepakat.planning.codes import GovernmentLevel, NomenclatureKind
from sepakat.regions.models import Region


class NomenclatureVersion(models.Model):
    """One published list (e.g. Kepmendagri 900.1.15.5-3406/2024), in force from a date."""

    name = models.CharField(_("nama versi"), max_length=200, unique=True)
    regulation = models.CharField(_("dasar hukum"), max_length=300, blank=True)
    published_on = models.DateField(_("tanggal penetapan"), null=True, blank=True)
    in_force_from = models.DateField(_("berlaku sejak"), db_index=True)
    source_file = models.CharField(_("berkas sumber"), max_length=300, blank=True)
    item_count = models.PositiveIntegerField(_("jumlah butir"), default=0)
    imported_at = models.DateTimeField(_("waktu impor"), auto_now_add=True)

    class Meta:
        ordering = ["-in_force_from", "-imported_at"]
        verbose_name = _("versi nomenklatur")
        verbose_name_plural = _("versi nomenklatur")

    def __str__(self) -> str:
        return self.name


class NomenclatureItem(models.Model):
    """An urusan, bidang urusan, programme, kegiatan or sub kegiatan of one version."""

    version = models.ForeignKey(
        NomenclatureVersion,
        verbose_name=_("versi"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    code = models.CharField(_("kode"), max_length=30)
    kind = models.CharField(_("jenis"), max_length=20, choices=NomenclatureKind.choices)
    level = models.CharField(
        _("tingkat pemerintahan"), max_length=10, choices=GovernmentLevel.choices
    )
    name = models.CharField(_("nomenklatur"), max_length=500)
    # Programmes shared by both levels may carry a different name for kab/kota
    # ("... Daerah Kabupaten/Kota"); empty when the name is the same.
    name_kab_kota = models.CharField(_("nomenklatur kabupaten/kota"), max_length=500, blank=True)
    performance = models.CharField(_("kinerja"), max_length=500, blank=True)
    indicator = models.CharField(_("indikator"), max_length=500, blank=True)
    unit = models.CharField(_("satuan"), max_length=100, blank=True)

    class Meta:
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="nomenclature_code_once")
        ]
        indexes = [models.Index(fields=["version", "kind"])]
        verbose_name = _("butir nomenklatur")
        verbose_name_plural = _("butir nomenklatur")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Skpd(models.Model):
    """An agency (SKPD/OPD) of a region, by its Permendagri 90/2019 organisation code.

    An agency that leaves the list is kept inactive, not deleted: plans and budgets of
    earlier years still name it.
    """

    REGION_LOOKUP = "region"

    region = models.ForeignKey(
        Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="skpds"
    )
    code = models.CharField(_("kode SKPD"), max_length=30)
    name = models.CharField(_("nama SKPD"), max_length=300)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["region", "code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="skpd_code_once_per_region")
        ]
        verbose_name = _("SKPD")
        verbose_name_plural = _("SKPD")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


# The plan, its versions and its performance chain live in their own module; importing
# them here registers them with the app.
from sepakat.planning.models_plan import (  # noqa: E402, F401
    Intervention,
    InterventionYear,
    Plan,
    PlanObjective,
    PlanVersion,
    ProgrammeOutcome,
)
from sepakat.planning.models_tree import ProblemTreeNode  # noqa: E402, F401
