"""The indicator catalogue, indicator values (observations) and microdata files.

Observations carry their provenance (which upload or computation, by whom, when) so
that every number shown can be traced back to its source.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sepakat.regions.models import Region


class Area(models.TextChoices):
    """The six analysis areas of SEPAKAT."""

    POVERTY = "kemiskinan", _("Kemiskinan")
    EMPLOYMENT = "ketenagakerjaan", _("Ketenagakerjaan")
    BASIC_SERVICES = "pelayanan_dasar", _("Pelayanan dasar")
    SOCIAL_PROTECTION = "perlindungan_sosial", _("Perlindungan sosial")
    REGIONAL_ECONOMY = "ekonomi_daerah", _("Ekonomi daerah")
    REGIONAL_BUDGET = "keuangan_daerah", _("Keuangan daerah")


class Polarity(models.IntegerChoices):
    HIGHER_IS_BETTER = 1, _("makin tinggi makin baik")
    LOWER_IS_BETTER = -1, _("makin rendah makin baik")


class PeriodType(models.TextChoices):
    YEARLY = "tahunan", _("Tahunan")
    SUSENAS_MARCH = "maret", _("Susenas Maret")
    SUSENAS_SEPTEMBER = "september", _("Susenas September")


class Indicator(models.Model):
    """One indicator of the catalogue; ``owner_region`` set means a region's own indicator."""

    code = models.CharField(_("kode"), max_length=40)
    name_id = models.CharField(_("nama (Indonesia)"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200, blank=True)
    area = models.CharField(_("bidang"), max_length=30, choices=Area.choices)
    unit = models.CharField(_("satuan"), max_length=40)
    polarity = models.SmallIntegerField(_("polaritas"), choices=Polarity.choices)
    decimals = models.PositiveSmallIntegerField(_("jumlah desimal"), default=2)
    definition = models.TextField(_("definisi"), blank=True)
    source = models.CharField(_("sumber"), max_length=200, blank=True)
    levels = models.JSONField(_("tingkat wilayah"), default=list)
    period_type = models.CharField(
        _("jenis periode"), max_length=12, choices=PeriodType.choices, default=PeriodType.YEARLY
    )
    is_key = models.BooleanField(_("indikator utama bidang"), default=False)
    owner_region = models.ForeignKey(
        Region,
        verbose_name=_("wilayah pemilik"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_indicators",
    )

    class Meta:
        ordering = ["area", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(owner_region__isnull=True),
                name="indicator_code_unique_national",
            ),
            models.UniqueConstraint(
                fields=["code", "owner_region"], name="indicator_code_unique_per_region"
            ),
        ]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")

    def __str__(self) -> str:
        return f"{self.code} {self.name_id}"


class ObservationStatus(models.TextChoices):
    DRAFT = "draft", _("draf")
    SUBMITTED = "submitted", _("diajukan")
    VERIFIED = "verified", _("terverifikasi")


class Observation(models.Model):
    """The value of one indicator for one region and period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="observations")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="observations")
    period = models.CharField(_("periode"), max_length=10, help_text=_("2024, atau 2024-03"))
    value = models.FloatField(_("nilai"))
    standard_error = models.FloatField(_("galat baku"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ObservationStatus.choices,
        default=ObservationStatus.DRAFT,
    )
    source = models.CharField(_("sumber"), max_length=200, blank=True)
    provenance = models.JSONField(_("asal-usul"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    REGION_LOOKUP = "region"

    class Meta:
        ordering = ["indicator", "region", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "period"], name="observation_unique"
            )
        ]
        indexes = [models.Index(fields=["region", "indicator", "period"])]
        verbose_name = _("nilai indikator")
        verbose_name_plural = _("nilai indikator")

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.region_id} {self.period} = {self.value}"


class MicrodataKind(models.TextChoices):
    SURVEY = "survey", _("Survei (Susenas)")
    REGISTRY = "registry", _("Registrasi (DTKS/Regsosek/DTSEN)")


class MicrodataFile(models.Model):
    """A household or person file stored as Parquet under the data folder."""

    kind = models.CharField(_("jenis"), max_length=10, choices=MicrodataKind.choices)
    title = models.CharField(_("judul"), max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="microdata_files")
    period = models.CharField(_("periode"), max_length=10)
    relative_path = models.CharField(_("berkas"), max_length=300, unique=True)
    row_count = models.PositiveIntegerField(_("jumlah baris"))
    sha256 = models.CharField(_("checksum SHA-256"), max_length=64)
    columns = models.JSONField(_("pemetaan kolom"), default=dict)
    personal_columns = models.JSONField(_("kolom data pribadi"), default=list, blank=True)
    source = models.CharField(_("sumber"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    REGION_LOOKUP = "region"

    class Meta:
        ordering = ["-period", "title"]
        verbose_name = _("berkas mikrodata")
        verbose_name_plural = _("berkas mikrodata")

    def __str__(self) -> str:
        return self.title
