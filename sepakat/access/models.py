"""How a region gets in: the access request with its official letter, the review and the
written response, the region's access period and its extensions, the consultation log,
and the analysis worksheet a region returns to earn an extension.

Every row belongs to one region (``REGION_LOOKUP``) so that :func:`sepakat.core.access.scoped`
keeps one region's requests, letters and worksheets away from another region's users.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sepakat.regions.models import Region


class Signatory(models.TextChoices):
    GOVERNOR = "gubernur", _("Gubernur")
    REGENT = "bupati_walikota", _("Bupati/Wali Kota")
    DEPUTY = "wakil", _("Wakil Gubernur/Bupati/Wali Kota")
    SECRETARY = "sekda", _("Sekretaris Daerah")
    BAPPEDA = "kepala_bappeda", _("Kepala Bappeda")


class Package(models.TextChoices):
    ACCESS_ONLY = "access_only", _("Akses saja (uji coba 3 bulan, fitur terbatas)")
    TRAINING_AND_ACCESS = "training_and_access", _("Pelatihan dan akses")


class TrainingModel(models.TextChoices):
    NONE = "", _("-")
    MODEL_1 = "model_1", _("Model I")
    MODEL_2 = "model_2", _("Model II")


class Channel(models.TextChoices):
    ONLINE = "online", _("formulir daring")
    EMAIL = "email", _("surel")
    POST = "post", _("pos")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("diterima")
    CONFIRMED = "confirmed", _("dikonfirmasi daerah")
    UNDER_REVIEW = "under_review", _("sedang ditelaah")
    APPROVED = "approved", _("disetujui")
    DECLINED = "declined", _("ditolak")


OPEN_STATUSES = (RequestStatus.RECEIVED, RequestStatus.CONFIRMED, RequestStatus.UNDER_REVIEW)


class AccessRequest(models.Model):
    """One region's request for access, from the public form or registered by the centre."""

    token = models.CharField(max_length=64, unique=True, editable=False)
    region = models.ForeignKey(
        Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="access_requests"
    )
    signatory = models.CharField(
        _("pejabat penanda tangan"), max_length=20, choices=Signatory.choices
    )
    signatory_name = models.CharField(_("nama pejabat"), max_length=200)
    contact_name = models.CharField(_("nama narahubung Bappeda"), max_length=200)
    contact_position = models.CharField(_("jabatan narahubung"), max_length=200)
    contact_email = models.EmailField(_("surel narahubung"))
    contact_phone = models.CharField(_("telepon narahubung"), max_length=30)
    package = models.CharField(_("paket"), max_length=20, choices=Package.choices)
    training_model = models.CharField(
        _("model pelatihan yang diinginkan"),
        max_length=10,
        choices=TrainingModel.choices,
        blank=True,
    )
    letter = models.FileField(_("surat resmi Kepala Bappeda (PDF)"), upload_to="access/letters/")
    letter_number = models.CharField(_("nomor surat"), max_length=100)
    letter_date = models.DateField(_("tanggal surat"))
    channel = models.CharField(
        _("diterima melalui"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    decline_reason = models.TextField(_("alasan penolakan"), blank=True)
    conditions = models.TextField(_("ketentuan"), blank=True)
    submitted_from = models.GenericIPAddressField(null=True, blank=True, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("diterima pada"), db_index=True)
    confirmed_at = models.DateTimeField(_("dikonfirmasi pada"), null=True, blank=True)
    review_started_at = models.DateTimeField(_("mulai ditelaah pada"), null=True, blank=True)
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    response_number = models.CharField(_("nomor surat tanggapan"), max_length=100, blank=True)
    response_letter = models.FileField(
        _("surat tanggapan (PDF)"), upload_to="access/responses/", blank=True
    )

    REGION_LOOKUP = "region"

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["region"],
                condition=Q(status__in=["received", "confirmed", "under_review"]),
                name="access_one_open_request_per_region",
            )
        ]
        verbose_name = _("permohonan akses")
        verbose_name_plural = _("permohonan akses")

    def __str__(self) -> str:
        return f"{self.region.display_name} ({self.letter_number})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class RequestEvent(models.Model):
    """One dated step of a request, shown to the requester by the status link."""

    request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=RequestStatus.choices)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    REGION_LOOKUP = "request__region"

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.status}"


class RegionAccess(models.Model):
    """The access a region holds after an approved request: its package and its period."""

    region = models.ForeignKey(
        Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="accesses"
    )
    request = models.OneToOneField(
        AccessRequest, on_delete=models.PROTECT, related_name="access", null=True, blank=True
    )
    package = models.CharField(_("paket"), max_length=20, choices=Package.choices)
    starts_on = models.DateField(_("mulai"))
    expires_on = models.DateField(_("berlaku sampai"), null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    REGION_LOOKUP = "region"

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("akses daerah")
        verbose_name_plural = _("akses daerah")

    def __str__(self) -> str:
        return f"{self.region.display_name}: {self.get_package_display()}"

    @property
    def is_trial(self) -> bool:
        return self.package == Package.ACCESS_ONLY


class ExtensionStatus(models.TextChoices):
    REQUESTED = "requested", _("diajukan")
    APPROVED = "approved", _("disetujui")
    DECLINED = "declined", _("ditolak")


class Extension(models.Model):
    """A region's request to extend its access, and what the centre decided; kept as history."""

    access = models.ForeignKey(RegionAccess, on_delete=models.PROTECT, related_name="extensions")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.REQUESTED,
    )
    worksheet = models.ForeignKey(
        "access.Worksheet",
        verbose_name=_("lembar kerja analisis"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("catatan daerah"), blank=True)
    commitment = models.TextField(_("komitmen lain yang dicatat tim pusat"), blank=True)
    decline_reason = models.TextField(_("alasan penolakan"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    previous_expires_on = models.DateField(null=True, blank=True)
    new_expires_on = models.DateField(null=True, blank=True)

    REGION_LOOKUP = "access__region"

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("perpanjangan akses")
        verbose_name_plural = _("perpanjangan akses")

    def __str__(self) -> str:
        return f"{self.access.region.display_name} {self.requested_at:%Y-%m-%d}"


class ExpiryReminder(models.Model):
    """A reminder already sent, so that the daily run never sends it twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expiry_reminders"
    )
    expires_on = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField()

    REGION_LOOKUP = "user__region"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "expires_on", "days_before"], name="expiry_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} H-{self.days_before} {self.expires_on}"


class ConsultationKind(models.TextChoices):
    VISIT = "visit", _("kunjungan ke kantor")
    EMAIL = "email", _("konsultasi melalui surel")
    ONLINE = "online", _("pertemuan daring")


class Consultation(models.Model):
    """A visit to the office or an e-mail consultation with a region."""

    region = models.ForeignKey(
        Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="consultations"
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=ConsultationKind.choices)
    held_on = models.DateField(_("tanggal"))
    topic = models.CharField(_("topik"), max_length=300)
    people = models.TextField(_("peserta"), help_text=_("nama dan jabatan, satu per baris"))
    notes = models.TextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()

    REGION_LOOKUP = "region"

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("konsultasi")
        verbose_name_plural = _("konsultasi")

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


# The analysis worksheet ---------------------------------------------------------------


class WorksheetTemplate(models.Model):
    """A worksheet the central team writes: sections of questions."""

    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    is_active = models.BooleanField(_("dipakai"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("templat lembar kerja")
        verbose_name_plural = _("templat lembar kerja")

    def __str__(self) -> str:
        return self.title


class WorksheetSection(models.Model):
    template = models.ForeignKey(
        WorksheetTemplate, on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveSmallIntegerField()
    title = models.CharField(_("judul bagian"), max_length=200)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.title


class WorksheetQuestion(models.Model):
    section = models.ForeignKey(
        WorksheetSection, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField()
    text = models.TextField(_("pertanyaan"))

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.text[:80]


class WorksheetStatus(models.TextChoices):
    DRAFT = "draft", _("draf")
    SUBMITTED = "submitted", _("diajukan")
    RETURNED = "returned", _("dikembalikan")
    ACCEPTED = "accepted", pgettext_lazy("lembar kerja", "diterima")


class Worksheet(models.Model):
    """One region's filled worksheet."""

    template = models.ForeignKey(
        WorksheetTemplate, on_delete=models.PROTECT, related_name="worksheets"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="worksheets"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=WorksheetStatus.choices, default=WorksheetStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("komentar penelaah"), blank=True)

    REGION_LOOKUP = "region"

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("lembar kerja analisis")
        verbose_name_plural = _("lembar kerja analisis")

    def __str__(self) -> str:
        return f"{self.template.title}: {self.region.display_name}"

    @property
    def is_editable(self) -> bool:
        return self.status in (WorksheetStatus.DRAFT, WorksheetStatus.RETURNED)


class EmbedKind(models.TextChoices):
    NONE = "", _("tanpa lampiran")
    TABLE = "table", _("tabel")
    BARS = "bars", _("grafik batang")


class WorksheetAnswer(models.Model):
    """The answer to one question, optionally with an indicator of the region shown as a table
    or a bar chart of its verified values."""

    worksheet = models.ForeignKey(Worksheet, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(WorksheetQuestion, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("jawaban"), blank=True)
    indicator = models.ForeignKey(
        "datahub.Indicator",
        verbose_name=_("indikator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    embed = models.CharField(
        _("tampilkan sebagai"), max_length=10, choices=EmbedKind.choices, blank=True
    )

    REGION_LOOKUP = "worksheet__region"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["worksheet", "question"], name="worksheet_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.worksheet_id}/{self.question_id}"
