"""Development targets of a region and where their realisation comes from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sepakat.regions.models import Region


class TargetKind(models.TextChoices):
    """The planning document a target comes from; printed as ``level`` by the command."""

    RPJMD = "rpjmd", _("RPJMD (lima tahunan, target per tahun)")
    RKPD = "rkpd", _("RKPD (tahunan)")
    RPKD = "rpkd", _("RPKD (rencana yang disetujui)")
    TPB = "tpb", _("TPB/SDGs (RAD provinsi)")
    SPM = "spm", _("SPM")


class RealisationSource(models.TextChoices):
    """Where a target's realisation is read from. Catalogue indicators are realised by
    their verified observations; a plan's output indicators by the OPD's verified
    quarterly reports (:class:`QuarterReport`)."""

    OBSERVATIONS = "observasi", _("observasi terverifikasi")
    OPD_REPORTS = "laporan_opd", _("laporan triwulanan OPD")


class Target(models.Model):
    """The target value of one indicator for one region, year and planning document."""

    REGION_LOOKUP = "region"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("jenis target"), max_length=8, choices=TargetKind.choices)
    year = models.PositiveSmallIntegerField(_("tahun"))
    # A catalogue indicator, or (for a plan's output indicators) the plan's intervention;
    # ``key`` names either, so one indicator has one target per region, kind and year.
    indicator = models.ForeignKey(
        "datahub.Indicator", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    intervention = models.ForeignKey(
        "planning.Intervention", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    key = models.CharField(_("kunci indikator"), max_length=60)
    name = models.CharField(_("indikator"), max_length=500)
    sector = models.CharField(_("bidang"), max_length=60, blank=True)
    unit = models.CharField(_("satuan"), max_length=100)
    polarity = models.SmallIntegerField(_("polaritas"))
    value = models.FloatField(_("target"))
    baseline_year = models.PositiveSmallIntegerField(_("tahun kondisi awal"), null=True, blank=True)
    baseline_value = models.FloatField(_("kondisi awal"), null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=300, blank=True)
    legal_basis = models.CharField(_("dasar hukum"), max_length=300, blank=True)
    realisation_source = models.CharField(
        _("sumber realisasi"),
        max_length=12,
        choices=RealisationSource.choices,
        default=RealisationSource.OBSERVATIONS,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("target")
        ordering = ("region", "year", "kind", "sector", "name")
        constraints = [
            models.UniqueConstraint(
                fields=("region", "kind", "year", "key"), name="monitoring_target_unique"
            )
        ]
        indexes = [models.Index(fields=("region", "year"))]

    def __str__(self) -> str:
        return f"{self.region.code} {self.kind} {self.year} {self.name}"


class QuarterStatus(models.TextChoices):
    DRAFT = "draft", _("draf")
    SUBMITTED = "submitted", _("diajukan")
    VERIFIED = "verified", _("terverifikasi")
    RETURNED = "returned", _("dikembalikan")


class QuarterReport(models.Model):
    """The OPD's report of one sub kegiatan of the plan for one quarter (Permendagri
    86/2017, evaluation of RKPD/Renja results): output and financial realisation, both
    cumulative to the end of the quarter, as the evaluation table and SIPD-RI report them."""

    REGION_LOOKUP = "region"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"))
    intervention = models.ForeignKey(
        "planning.Intervention", on_delete=models.CASCADE, related_name="+"
    )
    output = models.DecimalField(
        _("realisasi keluaran s.d. triwulan"), max_digits=20, decimal_places=4
    )
    financial = models.DecimalField(
        _("realisasi keuangan s.d. triwulan (Rp)"), max_digits=20, decimal_places=2
    )
    reason = models.TextField(_("alasan bila tertinggal"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=QuarterStatus.choices, default=QuarterStatus.DRAFT
    )
    note = models.TextField(_("catatan verifikator"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("laporan triwulan OPD")
        ordering = ("region", "year", "quarter", "intervention")
        constraints = [
            models.UniqueConstraint(
                fields=("intervention", "year", "quarter"), name="monitoring_quarter_once"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="monitoring_quarter_1_4"
            ),
        ]
        indexes = [models.Index(fields=("region", "year", "quarter"))]

    def __str__(self) -> str:
        return f"{self.region.code} {self.year} TW{self.quarter} {self.intervention_id}"
