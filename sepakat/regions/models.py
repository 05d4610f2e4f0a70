"""The region hierarchy: nation > province > kab/kota > kecamatan > desa/kelurahan.

A region is identified by its Kemendagri code (dotted, always text: ``32.01.01.2001``).
The BPS code differs from it even at kab/kota level, so it is kept beside it and
statistics are joined through :class:`CodeCrosswalk`, never on the code string.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

NATIONAL_CODE = "ID"


class Level(models.IntegerChoices):
    NATIONAL = 0, _("Nasional")
    PROVINCE = 1, _("Provinsi")
    REGENCY = 2, _("Kabupaten/Kota")
    DISTRICT = 3, _("Kecamatan")
    VILLAGE = 4, _("Desa/Kelurahan")


class Kind(models.TextChoices):
    NONE = "", _("-")
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")
    DESA = "desa", _("Desa")
    KELURAHAN = "kelurahan", _("Kelurahan")


def level_of_code(code: str) -> Level:
    """The level a Kemendagri code belongs to, from its number of dotted parts."""
    if code == NATIONAL_CODE:
        return Level.NATIONAL
    return Level(len(code.split(".")))


def kind_of_code(code: str) -> str:
    """Kota have kab/kota numbers 71-99; kelurahan start with 1, desa with 2."""
    parts = code.split(".")
    if len(parts) == 2:
        return Kind.KOTA if int(parts[1]) >= 71 else Kind.KABUPATEN
    if len(parts) == 4:
        return Kind.KELURAHAN if parts[3].startswith("1") else Kind.DESA
    return Kind.NONE


def parent_code(code: str) -> str | None:
    if code == NATIONAL_CODE:
        return None
    parts = code.split(".")
    return NATIONAL_CODE if len(parts) == 1 else ".".join(parts[:-1])


class RegionQuerySet(models.QuerySet["Region"]):
    def within(self, region: Region) -> RegionQuerySet:
        """The region itself and every region below it."""
        if region.level == Level.NATIONAL:
            return self.all()
        return self.filter(Q(code=region.code) | Q(code__startswith=region.code + "."))

    def children_of(self, region: Region) -> RegionQuerySet:
        return self.filter(parent=region)


class Region(models.Model):
    code = models.CharField(_("kode Kemendagri"), max_length=20, unique=True)
    bps_code = models.CharField(_("kode BPS"), max_length=20, blank=True, db_index=True)
    name = models.CharField(_("nama"), max_length=200)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices, db_index=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("berlaku sejak"), null=True, blank=True)
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=200, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    @property
    def display_name(self) -> str:
        """The name as it is officially written: 'Kabupaten Pacitan', 'Kota Bandung',
        'Kecamatan Arjosari'. The prefix is part of the proper name, so it stays Indonesian
        in the English interface too (as in 'Kabupaten Pacitan', not 'Pacitan Regency')."""
        prefix = {
            Kind.KABUPATEN: "Kabupaten",
            Kind.KOTA: "Kota",
        }.get(Kind(self.kind) if self.kind else Kind.NONE, "")
        if self.level == Level.DISTRICT:
            prefix = "Kecamatan"
        if self.level == Level.PROVINCE:
            prefix = "Provinsi"
        name = self.name.lower()
        known = ("kabupaten ", "kab. ", "kota ", "kecamatan ", "provinsi ")
        if prefix and not name.startswith(known):
            return f"{prefix} {self.name}"
        return self.name

    def contains(self, other: Region) -> bool:
        """True when ``other`` is this region or lies below it."""
        if self.level == Level.NATIONAL:
            return True
        return other.code == self.code or other.code.startswith(self.code + ".")

    def ancestors(self) -> list[Region]:
        """Parents from the nation down to the direct parent, in one query."""
        codes: list[str] = []
        code = parent_code(self.code)
        while code is not None:
            codes.append(code)
            code = parent_code(code)
        by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
        return [by_code[c] for c in reversed(codes) if c in by_code]


class RegionBoundary(models.Model):
    """A region's polygon, kept apart from the region so that lists never load geometry."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="boundary")
    geometry = models.JSONField(_("geometri GeoJSON"))
    source = models.CharField(_("sumber"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("batas wilayah")
        verbose_name_plural = _("batas wilayah")

    def __str__(self) -> str:
        return str(_("Batas %(region)s") % {"region": self.region})


class CodeCrosswalk(models.Model):
    """One BPS code paired with one Kemendagri code, as published."""

    bps_code = models.CharField(_("kode BPS"), max_length=20, db_index=True)
    kemendagri_code = models.CharField(_("kode Kemendagri"), max_length=20, db_index=True)
    source = models.CharField(_("sumber"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bps_code", "kemendagri_code"], name="crosswalk_pair_unique"
            )
        ]
        verbose_name = _("padanan kode BPS-Kemendagri")
        verbose_name_plural = _("padanan kode BPS-Kemendagri")

    def __str__(self) -> str:
        return f"{self.bps_code} -> {self.kemendagri_code}"
