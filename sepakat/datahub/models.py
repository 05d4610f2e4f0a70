"""The indicator catalogue, indicator values (observations) and microdata files.

Observations carry their provenance (which upload or computation, by whom, when) so
that every number shown can be traced back to its source.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sepakat.regions.models import Region


class Area(models.TextChoices):
    """The six analysis areas of SEPAKAT, with basic services split by the agency that
    answers for them: a finding on schooling goes to the Dinas Pendidikan, one on maternal
    deaths to the Dinas Kesehatan, one on sanitation to the Dinas PUPR/Perkim. The label
    keeps "Pelayanan dasar" as the heading, so the six areas still read as six."""

    POVERTY = "kemiskinan", _("Kemiskinan")
    EMPLOYMENT = "ketenagakerjaan", _("Ketenagakerjaan")
    EDUCATION = "pendidikan", _("Pelayanan dasar: Pendidikan")
    HEALTH = "kesehatan", _("Pelayanan dasar: Kesehatan")
    BASIC_INFRASTRUCTURE = "infrastruktur_dasar", _("Pelayanan dasar: Infrastruktur dasar")
    SOCIAL_PROTECTION = "perlindungan_sosial", _("Perlindungan sosial")
    REGIONAL_ECONOMY = "ekonomi_daerah", _("Ekonomi daerah")
    REGIONAL_BUDGET = "keuangan_daerah", _("Keuangan daerah")


BASIC_SERVICE_AREAS = (Area.EDUCATION, Area.HEALTH, Area.BASIC_INFRASTRUCTURE)

# Bidang urusan (Permendagri 90/2019) and the OPD that usually holds it, per area: where a
# finding is sent. Poverty, the economy and the budget are cross-cutting (Bappeda).
AREA_URUSAN: dict[str, tuple[str, Any]] = {
    Area.POVERTY: ("5.01", _("Bappeda (sekretariat TKPK)")),
    Area.EMPLOYMENT: ("2.07", _("Dinas Tenaga Kerja")),
    Area.EDUCATION: ("1.01", _("Dinas Pendidikan")),
    Area.HEALTH: (
        "1.02, 2.09",
        _("Dinas Kesehatan; Dinas Ketahanan Pangan untuk kecukupan pangan"),
    ),
    Area.BASIC_INFRASTRUCTURE: ("1.03, 1.04", _("Dinas PUPR dan Dinas Perumahan dan Permukiman")),
    Area.SOCIAL_PROTECTION: (
        "1.06, 2.12",
        _("Dinas Sosial; Dinas Dukcapil untuk dokumen kependudukan"),
    ),
    Area.REGIONAL_ECONOMY: ("5.01", _("Bappeda")),
    Area.REGIONAL_BUDGET: ("5.02", _("BPKAD")),
}


class Polarity(models.IntegerChoices):
    """Which way is better. Neutral indicators describe (the poverty line rises with prices,
    a sector's share of GRDP shows a structure): they get no verdict, rank, quadrant
    verdict or achievement band anywhere."""

    HIGHER_IS_BETTER = 1, _("makin tinggi makin baik")
    LOWER_IS_BETTER = -1, _("makin rendah makin baik")
    NEUTRAL = 0, _("netral (deskriptif, tanpa penilaian baik-buruk)")


class IndicatorKind(models.TextChoices):
    """What sort of quantity an indicator is. Counts and money totals grow with the size of
    the area: they are never compared level-to-level with a larger area (a kab/kota is
    shown as its share of the province, or per capita through its companion)."""

    RATE = "rate", _("rasio, persentase atau rata-rata")
    INDEX = "index", _("indeks")
    COUNT = "count", _("jumlah (orang, rumah tangga, unit)")
    MONEY_TOTAL = "money_total", _("jumlah uang (total rupiah)")


EXTENSIVE_KINDS = (IndicatorKind.COUNT, IndicatorKind.MONEY_TOTAL)


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
    kind = models.CharField(
        _("jenis besaran"),
        max_length=12,
        choices=IndicatorKind.choices,
        default=IndicatorKind.RATE,
    )
    # Read beside this one: the rate of a count (number of poor -> P0), the per capita
    # value of a money total, the leakage beside a coverage.
    companion = models.ForeignKey(
        "self",
        verbose_name=_("indikator pendamping"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decimals = models.PositiveSmallIntegerField(_("jumlah desimal"), default=2)
    definition = models.TextField(_("definisi"), blank=True)
    source = models.CharField(_("sumber"), max_length=200, blank=True)
    # Sources change with the level: a household access rate is a Susenas estimate for a
    # kab/kota, but a registry (Regsosek/DTSEN) or village-data aggregate for a desa.
    local_source = models.CharField(
        _("sumber di tingkat kecamatan dan desa"),
        max_length=200,
        blank=True,
        help_text=_("Kosongkan bila sama dengan sumber di tingkat kabupaten/kota ke atas."),
    )
    levels = models.JSONField(_("tingkat wilayah"), default=list)
    period_type = models.CharField(
        _("jenis periode"), max_length=12, choices=PeriodType.choices, default=PeriodType.YEARLY
    )
    is_key = models.BooleanField(_("indikator utama bidang"), default=False)
    min_value = models.FloatField(_("nilai terkecil yang sah"), null=True, blank=True)
    max_value = models.FloatField(_("nilai terbesar yang sah"), null=True, blank=True)
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

    @property
    def urusan(self) -> tuple[str, str]:
        """(bidang urusan codes, usual OPD) that answer for the indicator's area."""
        code, agency = AREA_URUSAN.get(self.area, ("", ""))
        return code, str(agency)

    @property
    def is_extensive(self) -> bool:
        """A count or money total: never compared level-to-level with a larger area."""
        return self.kind in EXTENSIVE_KINDS

    @property
    def name(self) -> str:
        """The name in the active language."""
        from django.utils.translation import get_language

        if (get_language() or "id").startswith("en") and self.name_en:
            return self.name_en
        return self.name_id


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
    # A verified value is locked: a new upload cannot change it until an admin reopens it.
    locked = models.BooleanField(_("terkunci"), default=False)

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


class DatasetKind(models.TextChoices):
    INDICATORS = "indicators", _("Nilai indikator")
    BUDGET = "budget", _("Anggaran (RKA/APBD)")
    # Values SEPAKAT computes itself (poverty from survey microdata): they are verified
    # like uploads, but there is no template to fill or upload.
    COMPUTED = "computed", _("Dihitung dari mikrodata (tanpa templat)")


# Kinds that regions send in a template.
TEMPLATE_KINDS = (DatasetKind.INDICATORS, DatasetKind.BUDGET)


class Dataset(models.Model):
    """A kind of data that regions send in a published template (Daerah Dalam Angka...)."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name_id = models.CharField(_("nama (Indonesia)"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200, blank=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=DatasetKind.choices)
    row_level = models.PositiveSmallIntegerField(
        _("tingkat baris"), help_text=_("2 kab/kota, 3 kecamatan, 4 desa/kelurahan"), default=3
    )
    agency = models.CharField(_("perangkat daerah penanggung jawab"), max_length=200, blank=True)
    description = models.TextField(_("keterangan"), blank=True)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="datasets")
    required_for_training = models.BooleanField(_("wajib sebelum pelatihan"), default=True)
    ordering = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["ordering", "code"]
        verbose_name = _("jenis data")
        verbose_name_plural = _("jenis data")

    def __str__(self) -> str:
        return self.name_id

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "id").startswith("en") and self.name_en:
            return self.name_en
        return self.name_id


class UploadStatus(models.TextChoices):
    QUEUED = "queued", _("menunggu diproses")
    PARSING = "parsing", _("sedang dibaca")
    PREVIEWED = "previewed", _("siap ditinjau")
    FAILED = "failed", _("ditolak")
    COMMITTED = "committed", _("disimpan")
    DISCARDED = "discarded", _("dibatalkan")


class Upload(models.Model):
    """One file a user sent, kept as it came; its values are staged until confirmed."""

    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="uploads")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="uploads")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="uploads"
    )
    original_name = models.CharField(_("nama berkas"), max_length=255)
    stored_path = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    status = models.CharField(
        _("status"), max_length=10, choices=UploadStatus.choices, default=UploadStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    staged_path = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    REGION_LOOKUP = "region"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("unggahan")
        verbose_name_plural = _("unggahan")

    def __str__(self) -> str:
        return self.original_name


# BPS marks estimates with a relative standard error above 25 percent as unreliable
# ("perlu kehati-hatian"); SEPAKAT holds them back unless the reviewer confirms them.
UNRELIABLE_CV = 0.25


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("draf")
    SUBMITTED = "submitted", _("diajukan")
    RETURNED = "returned", _("dikembalikan")
    VERIFIED = "verified", _("terverifikasi")


class Submission(models.Model):
    """Values a data operator sends for verification; verified values become observations."""

    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="submissions")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="submissions")
    upload = models.OneToOneField(
        Upload, null=True, blank=True, on_delete=models.PROTECT, related_name="submission"
    )
    agency = models.CharField(_("perangkat daerah"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submissions"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.DRAFT,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewed_submissions",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("alasan dikembalikan"), blank=True)
    reopened_reason = models.TextField(_("alasan dibuka kembali"), blank=True)
    # Where the values came from when not from a template upload (a computation from
    # survey microdata: file, checksum, method, run): copied into each verified value.
    provenance = models.JSONField(_("asal-usul"), default=dict, blank=True)
    # Why the reviewer published estimates with CV above 25 percent; empty means they were
    # held back.
    unreliable_reason = models.TextField(_("alasan menerbitkan perkiraan kurang andal"), blank=True)

    REGION_LOOKUP = "region"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pengajuan data")
        verbose_name_plural = _("pengajuan data")

    def __str__(self) -> str:
        return f"{self.dataset} {self.region.code} #{self.pk}"


class SubmissionValue(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=10)
    value = models.FloatField()
    # The verified value when the submission was made: what the reviewer compares against.
    previous_value = models.FloatField(null=True, blank=True)
    # Set for survey estimates: their precision travels with them to the observation.
    standard_error = models.FloatField(null=True, blank=True)

    REGION_LOOKUP = "region"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator", "region", "period"],
                name="submission_value_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.region_id} {self.period} = {self.value}"

    @property
    def cv(self) -> float | None:
        """Coefficient of variation SE/|estimate|, when the value has a standard error."""
        if self.standard_error is None or self.value == 0:
            return None
        return abs(self.standard_error / self.value)

    @property
    def is_unreliable(self) -> bool:
        """BPS's rule: an estimate with CV above 25 percent is not reliable."""
        cv = self.cv
        return cv is not None and cv > UNRELIABLE_CV


class DataRequirement(models.Model):
    """A dataset a region must deliver by a date (for a training: 7 days before day 1)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="data_requirements")
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="requirements")
    due_date = models.DateField(_("batas waktu"))
    reason = models.CharField(_("keperluan"), max_length=200, blank=True)

    REGION_LOOKUP = "region"

    class Meta:
        ordering = ["due_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "dataset", "due_date"], name="data_requirement_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region.code} {self.dataset.code} {self.due_date}"


class ApiToken(models.Model):
    """A per-user token for the JSON API; only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("nama"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class MicrodataProfile(models.Model):
    """A saved column mapping (which column holds the weight, the region code...) to reuse.

    ``mapping`` holds role -> column name and ``code_system`` (kemendagri or bps), the
    same keys as :attr:`MicrodataFile.columns`. A profile of the nation is offered to
    every region; a region's own profile only to that region and the regions above it.
    """

    owner_region = models.ForeignKey(
        Region,
        verbose_name=_("wilayah pemilik"),
        on_delete=models.PROTECT,
        related_name="microdata_profiles",
    )
    name = models.CharField(_("nama profil"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=10, choices=MicrodataKind.choices)
    mapping = models.JSONField(_("pemetaan kolom"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    REGION_LOOKUP = "owner_region"

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_region", "name"], name="microdata_profile_unique_name"
            )
        ]
        verbose_name = _("profil pemetaan mikrodata")
        verbose_name_plural = _("profil pemetaan mikrodata")

    def __str__(self) -> str:
        return self.name


class MicrodataIncomingStatus(models.TextChoices):
    MAPPING = "mapping", _("menunggu pemetaan kolom")
    CHECKED = "checked", _("menunggu konfirmasi")
    COMMITTED = "committed", _("terdaftar")
    DISCARDED = "discarded", _("dibatalkan")


class MicrodataIncoming(models.Model):
    """A microdata file received and read, waiting for its column mapping and confirmation.

    The file is kept as Parquet under ``DATA_DIR/microdata-masuk/<token>/`` until it is
    registered or discarded; nothing of it is visible to analyses before then.
    """

    kind = models.CharField(_("jenis"), max_length=10, choices=MicrodataKind.choices)
    title = models.CharField(_("judul"), max_length=200)
    period = models.CharField(_("periode"), max_length=10)
    source = models.CharField(_("sumber"), max_length=200, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    original_name = models.CharField(_("nama berkas"), max_length=255)
    file_format = models.CharField(max_length=10)
    staging_dir = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    row_count = models.PositiveBigIntegerField(default=0)
    columns = models.JSONField(default=list)
    mapping = models.JSONField(default=dict, blank=True)
    profile = models.ForeignKey(
        MicrodataProfile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    suggested_personal = models.JSONField(default=list, blank=True)
    report = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10,
        choices=MicrodataIncomingStatus.choices,
        default=MicrodataIncomingStatus.MAPPING,
    )
    microdata_file = models.OneToOneField(
        MicrodataFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    REGION_LOOKUP = "region"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mikrodata masuk")
        verbose_name_plural = _("mikrodata masuk")

    def __str__(self) -> str:
        return self.original_name


class MicrodataManifest(models.Model):
    """Where a registered microdata file's parts are and what it covers.

    The analysis columns are in :attr:`MicrodataFile.relative_path`; the personal columns
    (NIK, names, addresses) in ``personal_path``, joined by the row id column.
    """

    file = models.OneToOneField(MicrodataFile, on_delete=models.CASCADE, related_name="manifest")
    personal_path = models.CharField(_("berkas data pribadi"), max_length=300, blank=True)
    row_id_column = models.CharField(max_length=60, default="sepakat_row_id")
    coverage = models.JSONField(_("cakupan wilayah"), default=dict, blank=True)
    report = models.JSONField(_("hasil pemeriksaan"), default=dict, blank=True)
    original_name = models.CharField(_("nama berkas asli"), max_length=255, blank=True)
    original_sha256 = models.CharField(max_length=64, blank=True)
    profile = models.ForeignKey(
        MicrodataProfile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    REGION_LOOKUP = "file__region"

    class Meta:
        verbose_name = _("rincian berkas mikrodata")
        verbose_name_plural = _("rincian berkas mikrodata")

    def __str__(self) -> str:
        return str(self.file)


class SubmissionBudgetLine(models.Model):
    """One spending line of a budget submission (RKA or APBD lampiran IV), until verified."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="budget_lines"
    )
    year = models.PositiveSmallIntegerField()
    stage = models.CharField(max_length=10)
    skpd_code = models.CharField(max_length=40)
    skpd_name = models.CharField(max_length=200)
    sub_kegiatan_code = models.CharField(max_length=30)
    urusan_name = models.CharField(max_length=200, blank=True)
    program_name = models.CharField(max_length=300, blank=True)
    kegiatan_name = models.CharField(max_length=300, blank=True)
    sub_kegiatan_name = models.CharField(max_length=300)
    account = models.CharField(max_length=3)
    amount = models.DecimalField(max_digits=18, decimal_places=2)
    realisation = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    # The stored amount when the submission was made, for the reviewer's comparison.
    previous_amount = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["year", "stage", "skpd_code", "sub_kegiatan_code", "account"]

    def __str__(self) -> str:
        return f"{self.year} {self.stage} {self.sub_kegiatan_code} {self.account} {self.amount}"
