"""APBD spending lines in the Permendagri 90/2019 nomenclature.

A sub kegiatan code reads ``urusan.bidang.program.kegiatan.sub``, for example
``1.02.01.2.02.0001`` (urusan 1, bidang 02, program 01, kegiatan 2.02, sub 0001).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from sepakat.regions.models import Region


class SpendingAccount(models.TextChoices):
    OPERATING = "5.1", _("5.1 Belanja operasi")
    CAPITAL = "5.2", _("5.2 Belanja modal")
    UNEXPECTED = "5.3", _("5.3 Belanja tidak terduga")
    TRANSFER = "5.4", _("5.4 Belanja transfer")


class BudgetStage(models.TextChoices):
    """The stages of the budget chain, in the order a year's budget passes them."""

    RKPD = "rkpd", _("RKPD (indikatif)")
    KUA_PPAS = "kua-ppas", _("KUA-PPAS")
    RKA = "rka", _("RKA (rencana)")
    MURNI = "murni", _("APBD murni")
    PERUBAHAN = "perubahan", _("APBD perubahan")
    DPA = "dpa", _("DPA")


class Service(models.TextChoices):
    """How a line serves poverty reduction: directly (the plan's intervention reaches the
    poor: aid, services, training) or in support of it (data, coordination, overheads)."""

    DIRECT = "langsung", _("langsung")
    SUPPORTING = "penunjang", _("penunjang")


# The chain order: a stage is compared with the one before it that a region has for a year.
STAGE_ORDER: tuple[str, ...] = tuple(BudgetStage.values)


class ApbdLine(models.Model):
    """One amount of one sub kegiatan, SKPD and spending account, in one year and stage."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="apbd_lines")
    year = models.PositiveSmallIntegerField(_("tahun"))
    stage = models.CharField(_("tahap"), max_length=10, choices=BudgetStage.choices)
    skpd_code = models.CharField(_("kode SKPD"), max_length=40)
    skpd_name = models.CharField(_("SKPD"), max_length=200)
    sub_kegiatan_code = models.CharField(_("kode sub kegiatan"), max_length=30)
    urusan_name = models.CharField(_("urusan"), max_length=200)
    program_name = models.CharField(_("program"), max_length=300)
    kegiatan_name = models.CharField(_("kegiatan"), max_length=300)
    sub_kegiatan_name = models.CharField(_("sub kegiatan"), max_length=300)
    account = models.CharField(_("jenis belanja"), max_length=3, choices=SpendingAccount.choices)
    amount = models.DecimalField(_("pagu (Rp)"), max_digits=18, decimal_places=2)
    realisation = models.DecimalField(
        _("realisasi (Rp)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    # Realisation at the end of each quarter (triwulan I-IV), cumulative from 1 January as
    # SIPD-RI's realisation report and the Permendagri 86/2017 evaluation forms give it
    # ("realisasi s.d. triwulan"): a quarter's own spending is the difference of two of
    # them. Empty = not reported. ``realisation`` stays the year's realisation.
    realisation_q1 = models.DecimalField(
        _("realisasi s.d. triwulan I (Rp)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    realisation_q2 = models.DecimalField(
        _("realisasi s.d. triwulan II (Rp)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
    )
    realisation_q3 = models.DecimalField(
        _("realisasi s.d. triwulan III (Rp)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
    )
    realisation_q4 = models.DecimalField(
        _("realisasi s.d. triwulan IV (Rp)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
    )
    # Why a realisation exceeds the pagu (a shifted budget, a carried-over payment): the
    # import refuses such a line without it.
    reason = models.CharField(_("alasan"), max_length=500, blank=True, default="")
    # The fund source as the file names it, normalised to the national list where it names
    # one of its sources (see :mod:`sepakat.budgeting.vocabulary`); empty when not given.
    fund_source = models.CharField(_("sumber dana"), max_length=100, blank=True, default="")
    # Space-separated tag words in the fixed order of ``vocabulary.TAGS``.
    tags = models.CharField(_("tag"), max_length=100, blank=True, default="")
    source = models.CharField(_("sumber"), max_length=200, blank=True)
    # What the line serves, suggested from the approved plan (same sub kegiatan code) or set
    # by hand: direct or supporting, the plan's intervention, its priority problems (the
    # catalogue codes, space-separated) and the kecamatan/desa codes of the year.
    service = models.CharField(
        _("sifat"), max_length=10, choices=Service.choices, blank=True, default=""
    )
    intervention = models.ForeignKey(
        "planning.Intervention",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("intervensi rencana"),
    )
    problem_codes = models.CharField(_("masalah prioritas"), max_length=300, blank=True, default="")
    locations = models.JSONField(_("lokasi"), default=list, blank=True)

    REGION_LOOKUP = "region"

    class Meta:
        ordering = ["region", "year", "stage", "sub_kegiatan_code", "account"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "region",
                    "year",
                    "stage",
                    "skpd_code",
                    "sub_kegiatan_code",
                    "account",
                    "fund_source",
                ],
                name="apbd_line_unique_with_fund_source",
            )
        ]
        verbose_name = _("baris APBD")
        verbose_name_plural = _("baris APBD")

    def __str__(self) -> str:
        return f"{self.year} {self.stage} {self.sub_kegiatan_code} {self.account}"

    @property
    def quarters(self) -> tuple[Decimal | None, ...]:
        return (self.realisation_q1, self.realisation_q2, self.realisation_q3, self.realisation_q4)

    @property
    def tag_list(self) -> list[str]:
        return self.tags.split()

    @property
    def bidang_urusan_code(self) -> str:
        """``1.02`` (health) of ``1.02.02.2.01.0006``: the bidang, not the urusan digit."""
        return ".".join(self.sub_kegiatan_code.split(".")[:2])

    @property
    def urusan_code(self) -> str:
        return self.sub_kegiatan_code.split(".")[0]

    @property
    def program_code(self) -> str:
        return ".".join(self.sub_kegiatan_code.split(".")[:3])

    @property
    def kegiatan_code(self) -> str:
        return ".".join(self.sub_kegiatan_code.split(".")[:5])
