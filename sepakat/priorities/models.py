"""Prioritisasi: the catalogue of achievement indicators the priority score ranks.

Each indicator is a person- (or household-) level status, 1 achieved and 0 not, defined for
a reference population (children 7-12 for primary school participation...). The survey
person file carries it in the column ``status_<code>`` (lower case), whether the file came
with it or it was derived from the Susenas variables by the rules in
:mod:`sepakat.analytics.statuses`; the registry household file carries the household version
under the same name. The method itself lives in :mod:`sepakat.analytics.priorities`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sepakat.datahub.models import Area, Indicator

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
