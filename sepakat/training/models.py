"""Trainings (model I and II), their agenda, participants, tests, attendance, certificates and
survey; webinars and mentoring at the secretariat.

Participants are usually not SEPAKAT users: each enrolment carries an unguessable ``token``
that opens the participant's own page (tests, check-in, survey, certificate). Every
participant is also kept as a :class:`Person` so the participant database spans trainings.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sepakat.regions.models import Region

MAX_PARTICIPANTS = 30
ATTENDANCE_THRESHOLD = 0.8
DATA_LEAD_DAYS = 7


def new_token() -> str:
    return secrets.token_urlsafe(18)


def new_certificate_code() -> str:
    # Unambiguous upper-case letters and digits, grouped for reading aloud: SPK-7KQ4-M2XD-9HTA
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"SPK-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class TrainingModel(models.TextChoices):
    MODEL_I = "model_1", _("Model I (3 hari, opsional hari ke-4 setengah hari)")
    MODEL_II = "model_2", _("Model II (bertahap: entri data, pelatihan penuh, forum)")


class TrainingStatus(models.TextChoices):
    PLANNED = "planned", _("direncanakan")
    CONFIRMED = "confirmed", _("terkonfirmasi")
    HELD = "held", _("terlaksana")
    CANCELLED = "cancelled", _("dibatalkan")


class Topic(models.TextChoices):
    """The topics of the standard curriculum that the question bank and the gain report use."""

    POLICY = "kebijakan", _("Kebijakan penanggulangan kemiskinan")
    INTRODUCTION = "pengenalan", _("Pengenalan SEPAKAT")
    DATA = "data", _("Data dan format unggah")
    ANALYSIS = "analisis", _("Analisis kemiskinan")
    PRIORITISATION = "prioritisasi", _("Prioritisasi")
    PLANNING = "perencanaan", _("Perencanaan")
    BUDGETING = "penganggaran", _("Penganggaran")
    MONITORING = "monev", _("Pemantauan dan evaluasi")


class Training(models.Model):
    region = models.ForeignKey(
        Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="trainings"
    )
    title = models.CharField(_("judul"), max_length=200)
    model = models.CharField(_("model"), max_length=10, choices=TrainingModel.choices)
    start_date = models.DateField(_("hari pertama"))
    venue = models.CharField(_("tempat"), max_length=200, blank=True)
    with_day_four = models.BooleanField(
        _("hari ke-4 (setengah hari): paparan hasil kepada Kepala Bappeda, OPD dan DPRD"),
        default=False,
    )
    funding = models.CharField(
        _("sumber dana"), max_length=200, default="APBD", help_text=_("APBD daerah penyelenggara")
    )
    rctl_person = models.CharField(
        _("penanggung jawab rencana tindak lanjut (RCTL)"), max_length=200, blank=True
    )
    rctl_plan = models.TextField(_("rencana tindak lanjut (RCTL)"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TrainingStatus.choices, default=TrainingStatus.PLANNED
    )
    pre_test_opens_at = models.DateTimeField(_("pre-test dibuka"), null=True, blank=True)
    pre_test_closes_at = models.DateTimeField(_("pre-test ditutup"), null=True, blank=True)
    post_test_opens_at = models.DateTimeField(_("post-test dibuka"), null=True, blank=True)
    post_test_closes_at = models.DateTimeField(_("post-test ditutup"), null=True, blank=True)
    survey_open = models.BooleanField(_("survei penilaian peserta dibuka"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    REGION_LOOKUP = "region"

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("pelatihan")
        verbose_name_plural = _("pelatihan")

    def __str__(self) -> str:
        return f"{self.title} ({self.start_date:%d-%m-%Y})"

    @property
    def data_due_date(self) -> dt.date:
        """The day the region's data are due: :data:`DATA_LEAD_DAYS` before day 1."""
        return self.start_date - dt.timedelta(days=DATA_LEAD_DAYS)


class TrainingTrainer(models.Model):
    """One member of the team of 5-6 trainers; one of them is the resource person of Bappenas."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="trainers")
    name = models.CharField(_("nama"), max_length=200)
    institution = models.CharField(_("instansi"), max_length=200, blank=True)
    is_bappenas = models.BooleanField(_("narasumber Bappenas"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    REGION_LOOKUP = "training__region"

    class Meta:
        ordering = ["-is_bappenas", "name"]
        verbose_name = _("pelatih")
        verbose_name_plural = _("pelatih")

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """One block of the agenda; attendance is taken per session."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="sessions")
    day = models.PositiveSmallIntegerField(_("hari ke-"))
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    title = models.CharField(_("acara"), max_length=200)
    topic = models.CharField(_("topik kurikulum"), max_length=20, choices=Topic.choices, blank=True)
    counts_for_attendance = models.BooleanField(_("dihitung dalam presensi"), default=True)
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    checkin_open_until = models.DateTimeField(
        _("presensi dibuka manual sampai"), null=True, blank=True
    )

    REGION_LOOKUP = "training__region"

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%d-%m %H:%M})"


class AgencyType(models.TextChoices):
    BAPPEDA = "bappeda", _("Bappeda bidang sosial budaya")
    HEALTH = "kesehatan", _("Dinas Kesehatan")
    EDUCATION = "pendidikan", _("Dinas Pendidikan")
    SOCIAL = "sosial", _("Dinas Sosial")
    PUBLIC_WORKS = "pu", _("Dinas Pekerjaan Umum")
    AGRICULTURE = "pertanian", _("Dinas Pertanian")
    VILLAGE = "pmd", _("Dinas Pemberdayaan Masyarakat dan Desa")
    KOMINFO = "kominfo", _("Dinas Kominfo")
    BPS = "bps", _("BPS")
    NGO = "lsm", _("LSM")
    UNIVERSITY = "pt", _("Perguruan tinggi")
    OTHER = "lain", _("Perangkat daerah lain")


class ParticipantRole(models.TextChoices):
    PLANNER = "perencana", _("Perencana")
    TECHNICAL = "teknis", _("Staf teknis")


class Person(models.Model):
    """A person in the participant database, kept across trainings (matched by e-mail)."""

    name = models.CharField(_("nama"), max_length=200)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    email = models.EmailField(_("e-mail"), unique=True)
    agency = models.CharField(_("instansi"), max_length=200)
    agency_type = models.CharField(_("jenis instansi"), max_length=12, choices=AgencyType.choices)
    echelon = models.PositiveSmallIntegerField(
        _("eselon"), choices=[(3, "III"), (4, "IV")], null=True, blank=True
    )
    role = models.CharField(_("peran"), max_length=10, choices=ParticipantRole.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="training_people")
    updated_at = models.DateTimeField(auto_now=True)

    REGION_LOOKUP = "region"

    class Meta:
        ordering = ["name"]
        verbose_name = _("orang (basis data peserta)")
        verbose_name_plural = _("basis data peserta")

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """A person enrolled in one training."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="enrolments")
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    survey_done = models.BooleanField(default=False)
    registered_at = models.DateTimeField(auto_now_add=True)

    REGION_LOOKUP = "training__region"

    class Meta:
        ordering = ["person__name"]
        constraints = [
            models.UniqueConstraint(fields=["training", "person"], name="participant_once")
        ]
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")

    def __str__(self) -> str:
        return self.person.name


class Attendance(models.Model):
    class Method(models.TextChoices):
        QR = "qr", _("kode QR")
        TRAINER = "trainer", _("oleh pelatih")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendances"
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    method = models.CharField(max_length=10, choices=Method.choices)
    checked_in_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Written by a central admin who records attendance before the session's start (a clock
    # off, a session moved); the audit row keeps it with the record.
    override_reason = models.CharField(
        _("alasan pencatatan sebelum sesi mulai"), max_length=300, blank=True
    )

    REGION_LOOKUP = "session__training__region"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "session"], name="attendance_once")
        ]
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")

    def __str__(self) -> str:
        return f"{self.participant_id} @ {self.session_id}"


class Question(models.Model):
    """A multiple-choice question of the bank, by curriculum topic."""

    topic = models.CharField(_("topik"), max_length=20, choices=Topic.choices)
    text = models.TextField(_("pertanyaan"))
    choices = models.JSONField(_("pilihan jawaban"))
    correct = models.PositiveSmallIntegerField(_("indeks jawaban benar"))
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["topic", "pk"]
        verbose_name = _("soal")
        verbose_name_plural = _("bank soal")

    def __str__(self) -> str:
        return self.text[:80]


class TestKind(models.TextChoices):
    __test__ = False  # not a pytest test class

    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")


class TestAttempt(models.Model):
    __test__ = False  # not a pytest test class

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attempts")
    kind = models.CharField(max_length=4, choices=TestKind.choices)
    answers = models.JSONField(default=dict)
    score = models.FloatField(_("nilai (0-100)"))
    topic_scores = models.JSONField(default=dict)
    submitted_at = models.DateTimeField()

    REGION_LOOKUP = "participant__training__region"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "kind"], name="attempt_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.kind} {self.score}"


class Certificate(models.Model):
    participant = models.OneToOneField(
        Participant, on_delete=models.PROTECT, related_name="certificate"
    )
    code = models.CharField(
        _("kode"), max_length=20, unique=True, default=new_certificate_code, editable=False
    )
    attendance_share = models.FloatField(_("persentase kehadiran"))
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(_("alasan pencabutan"), max_length=300, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    REGION_LOOKUP = "participant__training__region"

    class Meta:
        ordering = ["participant__person__name"]
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")

    def __str__(self) -> str:
        return self.code

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class SurveyResponse(models.Model):
    """One anonymous answer to the Participant Assessment Survey: no link to the participant."""

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="survey_responses"
    )
    ratings = models.JSONField(default=dict)
    comments = models.TextField(blank=True)
    submitted_on = models.DateField()

    REGION_LOOKUP = "training__region"

    def __str__(self) -> str:
        return f"{self.training_id} {self.submitted_on}"


class DataReminder(models.Model):
    """A data-readiness warning already sent, so that the daily command sends it once."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.SmallIntegerField()
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["training", "days_before"], name="reminder_once")
        ]

    # --- Webinars ---------------------------------------------------------------------------

    def __str__(self) -> str:
        return f"{self.training_id} -{self.days_before}"


class WebinarStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("terjadwal")
    CONFIRMED = "confirmed", _("dipastikan")
    CANCELLED = "cancelled", _("dibatalkan")


class Webinar(models.Model):
    topic = models.CharField(_("topik"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    speakers = models.CharField(_("narasumber"), max_length=300)
    min_participants = models.PositiveIntegerField(_("peserta minimum"))
    max_participants = models.PositiveIntegerField(_("peserta maksimum"), null=True, blank=True)
    registration_deadline = models.DateTimeField(_("batas pendaftaran"))
    go_no_go_date = models.DateField(_("tanggal kepastian"))
    meeting_url = models.URLField(_("tautan rapat daring"), blank=True)
    recording_url = models.URLField(_("tautan rekaman"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=WebinarStatus.choices, default=WebinarStatus.SCHEDULED
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("webinar")
        verbose_name_plural = _("webinar")

    def __str__(self) -> str:
        return self.topic


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("terdaftar")
    WAITLISTED = "waitlisted", _("daftar tunggu")
    CANCELLED = "cancelled", _("batal")


class WebinarRegistration(models.Model):
    webinar = models.ForeignKey(Webinar, on_delete=models.CASCADE, related_name="registrations")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("nama"), max_length=200)
    email = models.EmailField(_("e-mail"))
    agency = models.CharField(_("instansi"), max_length=200)
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices)
    registered_at = models.DateTimeField()
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    attended = models.BooleanField(_("hadir"), default=False)

    REGION_LOOKUP = "region"

    class Meta:
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["webinar", "email"], name="webinar_email_once")
        ]
        verbose_name = _("pendaftaran webinar")
        verbose_name_plural = _("pendaftaran webinar")

    def __str__(self) -> str:
        return f"{self.name} ({self.webinar_id})"


# --- Mentoring --------------------------------------------------------------------------


class MentoringStatus(models.TextChoices):
    REQUESTED = "requested", _("diajukan")
    AGREED = "agreed", _("disepakati")
    DECLINED = "declined", _("ditolak")
    DONE = "done", _("selesai")


class MentoringRequest(models.Model):
    """A region asks for mentoring at the SEPAKAT secretariat in Jakarta (at least one day)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="mentoring_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    topics = models.TextField(_("topik yang diminta"))
    proposed_start = models.DateField(_("tanggal usulan"))
    days = models.PositiveSmallIntegerField(_("jumlah hari"), default=1)
    agreed_start = models.DateField(_("tanggal disepakati"), null=True, blank=True)
    agreed_topics = models.TextField(_("topik disepakati"), blank=True)
    data_checklist = models.JSONField(_("data yang harus disiapkan"), default=list)
    status = models.CharField(
        max_length=10, choices=MentoringStatus.choices, default=MentoringStatus.REQUESTED
    )
    central_note = models.TextField(_("catatan tim pusat"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    REGION_LOOKUP = "region"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("permintaan pendampingan")
        verbose_name_plural = _("permintaan pendampingan")

    def __str__(self) -> str:
        return f"{self.region.code} {self.proposed_start}"


class MentoringSession(models.Model):
    request = models.ForeignKey(MentoringRequest, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("tanggal"))
    topic = models.CharField(_("topik"), max_length=200)
    outcome = models.TextField(_("hasil"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    REGION_LOOKUP = "request__region"

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("sesi pendampingan")
        verbose_name_plural = _("sesi pendampingan")

    def __str__(self) -> str:
        return f"{self.date} {self.topic}"
