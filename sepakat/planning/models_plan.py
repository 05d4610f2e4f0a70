"""The region's poverty-reduction plan (RPKD/RPJMD period), its versions and its chain.

A :class:`Plan` belongs to one region and one period (e.g. 2025-2029) and starts from the
region's approved priority set. Its content lives in numbered :class:`PlanVersion` rows:
a planner drafts a version, submits it, and the regional admin approves it; an approved
version is locked (a record of what the TKPKD agreed) and a change makes the next version.

The performance chain of Permendagri 86/2017 and 90/2019, inside a version:

* :class:`PlanObjective` - tujuan and sasaran, each with its outcome indicator, baseline
  and yearly targets (a sasaran points to its tujuan);
* :class:`ProgrammeOutcome` - the outcome indicator of a programme (code ``1.02.02``)
  under a sasaran;
* :class:`Intervention` - one sub kegiatan (output indicator) answering one priority
  problem with one strategy, by one OPD; the kegiatan and programme are the parts of its
  code, named by the nomenclature version the plan uses;
* :class:`InterventionYear` - its target, indicative budget and locations of one year.
  The year before the period, when present, is the baseline (kondisi awal), as in the
  RPJMD matrices where the first column is the condition at the end of the previous period.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sepakat.core.approval import EDITABLE_STATUSES, ApprovalStatus
from sepakat.planning.models import NomenclatureVersion, Skpd
from sepakat.priorities.models import PriorityIndicator, PrioritySet
from sepakat.regions.models import Region


def plain_number(value: Decimal | None) -> str:
    """``12.5000`` -> ``12.5``, ``100.00`` -> ``100`` (never ``1E+2``); empty for none."""
    return "" if value is None else format(value.normalize(), "f")


class Strategy(models.TextChoices):
    """The three strategies of the national extreme-poverty acceleration (Inpres 4/2022)."""

    REDUCE_BURDEN = "beban", _("Mengurangi beban pengeluaran")
    RAISE_INCOME = "pendapatan", _("Meningkatkan pendapatan")
    REDUCE_POCKETS = "kantong", _("Mengurangi kantong kemiskinan")


VersionStatus = ApprovalStatus
EDITABLE_VERSION_STATUSES = EDITABLE_STATUSES


class Plan(models.Model):
    REGION_LOOKUP = "region"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    start_year = models.PositiveSmallIntegerField(_("tahun awal"))
    end_year = models.PositiveSmallIntegerField(_("tahun akhir"))
    priority_set = models.ForeignKey(
        PrioritySet, on_delete=models.PROTECT, related_name="+", verbose_name=_("set prioritas")
    )
    nomenclature = models.ForeignKey(
        NomenclatureVersion,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("versi nomenklatur"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region__code", "-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "start_year"], name="plan_once_per_period")
        ]
        verbose_name = _("rencana penanggulangan kemiskinan")
        verbose_name_plural = _("rencana penanggulangan kemiskinan")

    def __str__(self) -> str:
        return f"{self.region.code} {self.start_year}-{self.end_year}"

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


class PlanVersion(models.Model):
    REGION_LOOKUP = "plan__region"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("versi"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    source = models.CharField(_("sumber"), max_length=300, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("alasan dikembalikan"), blank=True)

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")
        ]
        verbose_name = _("versi rencana")
        verbose_name_plural = _("versi rencana")

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_VERSION_STATUSES


class ObjectiveKind(models.TextChoices):
    TUJUAN = "tujuan", _("Tujuan")
    SASARAN = "sasaran", _("Sasaran")


class _Measured(models.Model):
    """An indicator with its polarity, baseline and yearly targets ({"2025": "12.5"})."""

    indicator = models.CharField(_("indikator"), max_length=500)
    unit = models.CharField(_("satuan"), max_length=100)
    polarity = models.SmallIntegerField(_("polaritas"), default=1)
    baseline = models.DecimalField(
        _("kondisi awal"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    targets = models.JSONField(_("target per tahun"), default=dict)

    class Meta:
        abstract = True


class PlanObjective(_Measured):
    REGION_LOOKUP = "version__plan__region"

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="objectives")
    kind = models.CharField(_("jenis"), max_length=10, choices=ObjectiveKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveSmallIntegerField(_("urutan"))
    statement = models.CharField(_("rumusan"), max_length=500)

    class Meta:
        ordering = ["version", "kind", "position"]
        verbose_name = _("tujuan/sasaran")
        verbose_name_plural = _("tujuan/sasaran")

    def __str__(self) -> str:
        return f"{self.kind} {self.position}. {self.statement}"


class ProgrammeOutcome(_Measured):
    REGION_LOOKUP = "version__plan__region"

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="programme_outcomes"
    )
    sasaran = models.ForeignKey(PlanObjective, on_delete=models.CASCADE, related_name="+")
    programme_code = models.CharField(_("kode program"), max_length=30)

    class Meta:
        ordering = ["version", "programme_code"]
        verbose_name = _("outcome program")
        verbose_name_plural = _("outcome program")

    def __str__(self) -> str:
        return f"{self.programme_code} {self.indicator}"


class Intervention(models.Model):
    """A sub kegiatan of the plan: what is delivered, for which problem, by whom."""

    REGION_LOOKUP = "version__plan__region"

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="interventions")
    position = models.PositiveIntegerField(_("urutan"))
    problem = models.ForeignKey(
        PriorityIndicator,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("masalah prioritas"),
    )
    strategy = models.CharField(_("strategi"), max_length=12, choices=Strategy.choices)
    sub_kegiatan_code = models.CharField(_("kode sub kegiatan"), max_length=30)
    sub_kegiatan_name = models.CharField(_("nama sub kegiatan"), max_length=500)
    skpd = models.ForeignKey(Skpd, on_delete=models.PROTECT, related_name="+")
    output_indicator = models.CharField(_("indikator keluaran"), max_length=500)
    unit = models.CharField(_("satuan"), max_length=100)
    polarity = models.SmallIntegerField(_("polaritas"), default=1)
    target_group = models.CharField(_("kelompok sasaran"), max_length=300, blank=True)
    target_group_count = models.PositiveIntegerField(_("jumlah kelompok sasaran"), null=True)
    fund_source = models.CharField(_("sumber dana"), max_length=100, default="APBD")
    tag_extreme_poverty = models.BooleanField(_("tag kemiskinan ekstrem"), default=True)
    tag_stunting = models.BooleanField(_("tag stunting"), default=False)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("intervensi")
        verbose_name_plural = _("intervensi")

    def __str__(self) -> str:
        return f"{self.sub_kegiatan_code} ({self.problem_id})"


class InterventionYear(models.Model):
    REGION_LOOKUP = "intervention__version__plan__region"

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("tahun"))
    target = models.DecimalField(_("target"), max_digits=20, decimal_places=4)
    budget = models.DecimalField(
        _("pagu indikatif"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    # Kemendagri codes of the kecamatan/desa of that year; empty: the whole region.
    locations = models.JSONField(_("lokasi"), default=list, blank=True)

    class Meta:
        ordering = ["intervention", "year"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "year"], name="intervention_year_once")
        ]
        verbose_name = _("target tahunan intervensi")
        verbose_name_plural = _("target tahunan intervensi")

    def __str__(self) -> str:
        return f"{self.intervention_id} {self.year}"

    @property
    def target_text(self) -> str:
        return plain_number(self.target)
