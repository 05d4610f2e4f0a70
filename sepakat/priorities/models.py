"""Prioritisasi: the catalogue of achievement indicators the priority score ranks.

Each indicator is a person- (or household-) level status, 1 achieved and 0 not, defined for
a reference population (children 7-12 for primary school participation...). The survey
person file carries it in the column ``status_<code>`` (lower case), whether the file came
with it or it was derived from the Susenas variables by the rules in
:mod:`sepakat.analytics.statuses`; the registry household file carries the household version
under the same name. The method itself lives in :mod:`sepakat.analytics.priorities`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sepakat.core.approval import EDITABLE_STATUSES, ApprovalStatus
from sepakat.datahub.models import Area, Indicator, MicrodataFile
from sepakat.regions.models import Region

# The five sectors of SEPAKAT's prioritisation, in the order the training shows them.
SECTORS = (
    Area.EDUCATION,
    Area.HEALTH,
    Area.EMPLOYMENT,
    Area.BASIC_INFRASTRUCTURE,
    Area.SOCIAL_PROTECTION,
)


class TargetBasis(models.TextChoices):
    GENERAL = "general", _("umum (target 100 %)")
    SPM = "spm", _("Standar Pelayanan Minimal (SPM)")
    TPB = "tpb", _("Tujuan Pembangunan Berkelanjutan (TPB/SDGs)")


class UnitLevel(models.TextChoices):
    PERSON = "person", _("orang")
    HOUSEHOLD = "household", _("rumah tangga")


class PriorityIndicator(models.Model):
    """An achievement indicator of the prioritisation, national and kept by the central team."""

    code = models.CharField(_("kode"), max_length=20, unique=True)
    sector = models.CharField(
        _("sektor"), max_length=30, choices=[(a.value, a.label) for a in SECTORS]
    )
    name_id = models.CharField(_("nama (Indonesia)"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200, blank=True)
    unit_level = models.CharField(_("satuan pengamatan"), max_length=10, choices=UnitLevel.choices)
    reference_population = models.CharField(_("populasi rujukan"), max_length=300)
    status_rule = models.TextField(_("aturan status tercapai"))
    target = models.FloatField(_("target (0-1]"))
    target_basis = models.CharField(_("dasar target"), max_length=10, choices=TargetBasis.choices)
    legal_source = models.CharField(_("dasar hukum target"), max_length=300, blank=True)
    variables = models.CharField(
        _("variabel Susenas/Sakernas/registrasi"), max_length=300, blank=True
    )
    # The analysis indicator that reports the same thing as an aggregate, where one exists.
    indicator = models.ForeignKey(
        Indicator,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("indikator analisis terkait"),
    )
    # Supply-side and other determinants shown beside the problem (Podes facilities and
    # distances by desa...), linked by the central team.
    determinants = models.ManyToManyField(
        Indicator, blank=True, related_name="+", verbose_name=_("indikator determinan")
    )
    ordering = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["ordering", "code"]
        verbose_name = _("indikator prioritisasi")
        verbose_name_plural = _("indikator prioritisasi")

    def __str__(self) -> str:
        return f"{self.code} {self.name_id}"

    @property
    def status_column(self) -> str:
        return f"status_{self.code.lower()}"


# --------------------------------------------------------------------------- the ranking


class PriorityRun(models.Model):
    """The ranked list of priority problems of a region and year, computed once from a
    survey person file and kept with its provenance, so that pages never recompute."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("tahun"), max_length=4)
    file = models.ForeignKey(MicrodataFile, on_delete=models.PROTECT, related_name="+")
    params = models.JSONField(_("parameter"), default=dict)
    # One row per domain (kab/kota, and the region itself) and indicator: the columns of
    # sepakat.analytics.priorities.RESULT_COLUMNS plus "domain", "name" and "sector".
    results = models.JSONField(default=list)
    sensitivity = models.JSONField(default=list)
    method = models.TextField(_("metode"))
    engine = models.CharField(_("mesin hitung"), max_length=20)
    seconds = models.FloatField(default=0.0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    REGION_LOOKUP = "region"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("peringkat masalah prioritas")
        verbose_name_plural = _("peringkat masalah prioritas")

    def __str__(self) -> str:
        return f"{self.region.code} {self.period} #{self.pk}"


# --------------------------------------------------------------------------- the set


SetStatus = ApprovalStatus


class PrioritySet(models.Model):
    """One numbered version of a region's priority set for a year."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("tahun"), max_length=4)
    version = models.PositiveSmallIntegerField(_("versi"))
    status = models.CharField(
        _("status"), max_length=10, choices=SetStatus.choices, default=SetStatus.DRAFT
    )
    run = models.ForeignKey(PriorityRun, on_delete=models.PROTECT, related_name="sets")
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("alasan dikembalikan"), blank=True)

    REGION_LOOKUP = "region"

    class Meta:
        ordering = ["region__code", "-period", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "period", "version"], name="priority_set_version_unique"
            )
        ]
        verbose_name = _("set prioritas")
        verbose_name_plural = _("set prioritas")

    def __str__(self) -> str:
        return f"{self.region.code} {self.period} v{self.version}"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class PrioritySetItem(models.Model):
    """A problem in the set, at its position, with the links to determinants and places."""

    priority_set = models.ForeignKey(PrioritySet, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(PriorityIndicator, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("urutan"))
    computed_rank = models.PositiveSmallIntegerField(_("peringkat hitungan"), null=True)
    score = models.FloatField(_("skor"), null=True)
    reason = models.TextField(_("alasan perubahan urutan"), blank=True)
    determinants_text = models.TextField(_("determinan"), blank=True)
    determinants = models.ManyToManyField(
        Indicator, blank=True, related_name="+", verbose_name=_("indikator determinan")
    )
    # Kemendagri codes of kecamatan/desa inside the set's region.
    locations = models.JSONField(_("lokasi prioritas"), default=list, blank=True)

    REGION_LOOKUP = "priority_set__region"

    class Meta:
        ordering = ["priority_set", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority_set", "indicator"], name="priority_set_item_unique"
            )
        ]
        verbose_name = _("masalah dalam set prioritas")
        verbose_name_plural = _("masalah dalam set prioritas")

    def __str__(self) -> str:
        return f"{self.priority_set} {self.position}. {self.indicator.code}"


# ---------------------------------------------------------------- determinants and locations
# The official priority-location lists live in their own module; importing them here
# registers them with the app.
from sepakat.priorities.models_places import (  # noqa: E402, F401
    PriorityLocationEntry,
    PriorityLocationList,
)
