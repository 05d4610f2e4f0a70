"""Writes of the access process: a request from its letter to the written response, the
region's access period with its accounts, extensions, the consultation log and reminders.

Every write validates before it saves, runs in one transaction, leaves its audit trail
(django-auditlog on the models, plus a dated :class:`RequestEvent` for the requester's
status page) and sends its e-mail only after commit.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sepakat.access import mail
from sepakat.access.models import (
    OPEN_STATUSES,
    AccessRequest,
    Channel,
    Consultation,
    ExpiryReminder,
    Extension,
    ExtensionStatus,
    Package,
    RegionAccess,
    RequestEvent,
    RequestStatus,
    Signatory,
    Worksheet,
    WorksheetStatus,
)
from sepakat.access.pdf import render_pdf
from sepakat.accounts.invitations import invitation_create
from sepakat.accounts.models import User
from sepakat.accounts.services import user_create
from sepakat.core.audit import record_bulk_change
from sepakat.core.errors import UserError
from sepakat.core.files import pdf_active_content
from sepakat.core.roles import Role
from sepakat.regions.models import Level, Region

LETTER_MAX_BYTES = 5 * 1024 * 1024
REQUESTS_PER_HOUR_PER_ADDRESS = 3
CONFIRMATION_MAX_AGE = dt.timedelta(days=7)
CONFIRMATION_SALT = "sepakat.access.confirm"
TRIAL_MONTHS = 3
EXTENSION_MONTHS = 3
REMINDER_DAYS = (30, 7, 1)
# The roles of a region's own accounts, whose expiry follows the region's access period.
REGION_ROLES = (Role.REGIONAL_ADMIN, Role.PLANNER, Role.DATA_OPERATOR, Role.VIEWER)


def letter_max_bytes() -> int:
    return int(getattr(settings, "SEPAKAT_LETTER_MAX_BYTES", LETTER_MAX_BYTES))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


# Requests --------------------------------------------------------------------------------


def check_letter(letter: UploadedFile[bytes] | None) -> None:
    """The official letter must be a PDF (by its first bytes, not only its name), not too big."""
    if letter is None:
        raise ValidationError({"letter": _("Unggah surat resmi Kepala Bappeda dalam bentuk PDF.")})
    limit = letter_max_bytes()
    if letter.size is not None and letter.size > limit:
        raise ValidationError(
            {
                "letter": _(
                    "Berkas surat %(name)s berukuran %(size).1f MB; batasnya %(limit).0f MB. "
                    "Pindai ulang dengan resolusi lebih rendah lalu unggah kembali."
                )
                % {"name": letter.name, "size": letter.size / 2**20, "limit": limit / 2**20}
            }
        )
    letter.seek(0)
    content = letter.read(limit + 1)
    head = content[:5]
    letter.seek(0)
    if head != b"%PDF-":
        raise ValidationError(
            {
                "letter": _(
                    "Berkas %(name)s bukan PDF. Simpan atau pindai surat sebagai PDF lalu unggah "
                    "kembali."
                )
                % {"name": letter.name}
            }
        )
    # The letter is opened by the central team's reviewers: a PDF that runs a script or a
    # program when opened is refused, whatever else it holds.
    active = pdf_active_content(content)
    if active is not None:
        raise ValidationError(
            {
                "letter": _(
                    "Berkas %(name)s memuat isi aktif PDF (%(feature)s) yang tidak diperlukan "
                    "sebuah surat. Cetak ke PDF (Print to PDF) atau pindai ulang suratnya, lalu "
                    "unggah kembali."
                )
                % {"name": letter.name, "feature": active}
            }
        )


def _check_request_fields(
    *, region: Region, signatory: str, package: str, training_model: str
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if region.level not in (Level.PROVINCE, Level.REGENCY):
        errors["region"] = [_("Pilih provinsi atau kabupaten/kota yang mengajukan.")]
    elif signatory == Signatory.GOVERNOR and region.level != Level.PROVINCE:
        errors["signatory"] = [
            _("Gubernur menandatangani permohonan provinsi, bukan kabupaten/kota.")
        ]
    elif signatory == Signatory.REGENT and region.level != Level.REGENCY:
        errors["signatory"] = [_("Bupati/Wali Kota menandatangani permohonan kabupaten/kota.")]
    if package == Package.TRAINING_AND_ACCESS and not training_model:
        errors["training_model"] = [_("Pilih model pelatihan yang diinginkan.")]
    return errors


def open_request_of(region: Region) -> AccessRequest | None:
    return AccessRequest.objects.filter(region=region, status__in=OPEN_STATUSES).first()


@transaction.atomic
def request_submit(
    *,
    region: Region,
    signatory: str,
    signatory_name: str,
    contact_name: str,
    contact_position: str,
    contact_email: str,
    contact_phone: str,
    package: str,
    training_model: str,
    letter: UploadedFile[bytes] | None,
    letter_number: str,
    letter_date: dt.date,
    base_url: str,
    ip_address: str | None = None,
    channel: str = Channel.ONLINE,
    registered_by: User | None = None,
    confirmed: bool = False,
    now: dt.datetime | None = None,
) -> AccessRequest:
    """Receive a request, from the public form or registered by the central team.

    A request from the form waits for the region to confirm by the e-mailed link; one the
    centre registers (e-mail, post) may be confirmed at once (``confirmed``).
    """
    now = now or timezone.now()
    if channel == Channel.ONLINE and ip_address:
        recent = AccessRequest.objects.filter(
            submitted_from=ip_address, created_at__gte=now - dt.timedelta(hours=1)
        ).count()
        if recent >= REQUESTS_PER_HOUR_PER_ADDRESS:
            raise UserError(
                _(
                    "Sudah ada %(n)d permohonan dari alamat jaringan Anda dalam satu jam terakhir. "
                    "Tunggu satu jam, atau kirim surat Anda melalui surel ke %(contact)s."
                )
                % {"n": recent, "contact": settings.SEPAKAT_SUPPORT_CONTACT}
            )
    if channel != Channel.ONLINE and (
        registered_by is None or registered_by.role != Role.CENTRAL_ADMIN
    ):
        raise UserError(_("Hanya tim pusat yang mencatat permohonan dari surel atau pos."))
    errors = _check_request_fields(
        region=region, signatory=signatory, package=package, training_model=training_model
    )
    try:
        check_letter(letter)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    existing = open_request_of(region)
    if existing is not None:
        raise UserError(
            _(
                "%(region)s sudah memiliki permohonan yang sedang diproses (surat nomor "
                "%(number)s, diterima %(date)s). Pantau statusnya melalui tautan di surel "
                "konfirmasi, atau hubungi %(contact)s."
            )
            % {
                "region": region.display_name,
                "number": existing.letter_number,
                "date": timezone.localtime(existing.created_at).strftime("%d-%m-%Y"),
                "contact": settings.SEPAKAT_SUPPORT_CONTACT,
            }
        )
    assert letter is not None
    request = AccessRequest(
        token=secrets.token_urlsafe(32),
        region=region,
        signatory=signatory,
        signatory_name=signatory_name.strip(),
        contact_name=contact_name.strip(),
        contact_position=contact_position.strip(),
        contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(),
        package=package,
        training_model=training_model if package == Package.TRAINING_AND_ACCESS else "",
        letter_number=letter_number.strip(),
        letter_date=letter_date,
        channel=channel,
        submitted_from=ip_address if channel == Channel.ONLINE else None,
        registered_by=registered_by,
        created_at=now,
    )
    request.letter.save(f"{region.code}-{request.token[:10]}.pdf", letter, save=False)
    try:
        request.full_clean()
        request.save()
        _event(
            request,
            RequestStatus.RECEIVED,
            actor=registered_by,
            at=now,
            note=str(Channel(channel).label),
        )
        if confirmed:
            _move(
                request,
                RequestStatus.CONFIRMED,
                actor=registered_by,
                at=now,
                note=_("konfirmasi dicatat tim pusat"),
            )
    except (ValidationError, IntegrityError):
        request.letter.delete(save=False)
        raise
    if request.status == RequestStatus.RECEIVED:
        link = confirmation_url(request, base_url=base_url)
        status = status_url(request, base_url=base_url)
        transaction.on_commit(lambda: mail.request_received(request.pk, link, status))
    return request


def status_url(request: AccessRequest, *, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("access:status", args=[request.token])


def confirmation_token(request: AccessRequest) -> str:
    return signing.TimestampSigner(salt=CONFIRMATION_SALT).sign(request.token)


def confirmation_url(request: AccessRequest, *, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("access:confirm", args=[confirmation_token(request)])


def _event(
    request: AccessRequest, status: str, *, actor: User | None, at: dt.datetime, note: str = ""
) -> RequestEvent:
    event = RequestEvent(request=request, status=status, actor=actor, at=at, note=note)
    event.full_clean()
    event.save()
    return event


_STAMP = {
    RequestStatus.CONFIRMED: "confirmed_at",
    RequestStatus.UNDER_REVIEW: "review_started_at",
    RequestStatus.APPROVED: "decided_at",
    RequestStatus.DECLINED: "decided_at",
}


def _move(
    request: AccessRequest, status: str, *, actor: User | None, at: dt.datetime, note: str = ""
) -> None:
    request.status = status
    setattr(request, _STAMP[RequestStatus(status)], at)
    request.full_clean()
    request.save()
    _event(request, status, actor=actor, at=at, note=note)


def _lock(request: AccessRequest) -> AccessRequest:
    return (
        AccessRequest.objects.select_for_update(of=("self",))
        .select_related("region")
        .get(pk=request.pk)
    )


def _central(user: User) -> None:
    if user.role != Role.CENTRAL_ADMIN:
        raise UserError(_("Hanya admin pusat yang memproses permohonan akses."))


@transaction.atomic
def request_confirm_by_link(*, signed: str, now: dt.datetime | None = None) -> AccessRequest:
    """The region confirms it sent the letter, with the link from the e-mail."""
    try:
        token = signing.TimestampSigner(salt=CONFIRMATION_SALT).unsign(
            signed, max_age=CONFIRMATION_MAX_AGE
        )
    except signing.SignatureExpired as exc:
        raise UserError(
            _(
                "Tautan konfirmasi ini sudah kedaluwarsa (berlaku %(days)d hari). Minta tautan "
                "baru dari halaman status permohonan, atau hubungi %(contact)s."
            )
            % {"days": CONFIRMATION_MAX_AGE.days, "contact": settings.SEPAKAT_SUPPORT_CONTACT}
        ) from exc
    except signing.BadSignature as exc:
        raise UserError(
            _("Tautan konfirmasi ini tidak sah. Periksa apakah tautannya tersalin utuh.")
        ) from exc
    request = AccessRequest.objects.filter(token=token).first()
    if request is None:
        raise UserError(_("Permohonan untuk tautan ini tidak ditemukan."))
    request = _lock(request)
    if request.status == RequestStatus.RECEIVED:
        _move(
            request,
            RequestStatus.CONFIRMED,
            actor=None,
            at=now or timezone.now(),
            note=_("dikonfirmasi melalui tautan surel"),
        )
    return request


@transaction.atomic
def request_resend_confirmation(*, request: AccessRequest, base_url: str) -> AccessRequest:
    request = _lock(request)
    if request.status != RequestStatus.RECEIVED:
        raise UserError(_("Permohonan ini sudah dikonfirmasi."))
    link = confirmation_url(request, base_url=base_url)
    status = status_url(request, base_url=base_url)
    transaction.on_commit(lambda: mail.request_received(request.pk, link, status))
    return request


@transaction.atomic
def request_record_confirmation(
    *, request: AccessRequest, by: User, note: str = "", now: dt.datetime | None = None
) -> AccessRequest:
    """The central team records a confirmation that came by post or telephone."""
    _central(by)
    request = _lock(request)
    if request.status != RequestStatus.RECEIVED:
        raise UserError(_("Hanya permohonan yang baru diterima yang dapat dikonfirmasi."))
    _move(
        request,
        RequestStatus.CONFIRMED,
        actor=by,
        at=now or timezone.now(),
        note=note.strip() or _("konfirmasi dicatat tim pusat"),
    )
    return request


@transaction.atomic
def request_start_review(
    *, request: AccessRequest, by: User, now: dt.datetime | None = None
) -> AccessRequest:
    _central(by)
    request = _lock(request)
    if request.status != RequestStatus.CONFIRMED:
        raise UserError(_("Penelaahan dimulai setelah daerah mengonfirmasi pengiriman suratnya."))
    _move(request, RequestStatus.UNDER_REVIEW, actor=by, at=now or timezone.now())
    return request


def _roman(month: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"][month - 1]


def next_response_number(today: dt.date) -> str:
    decided = AccessRequest.objects.filter(decided_at__year=today.year).count()
    return f"{decided + 1:03d}/SEPAKAT/PKKS/{_roman(today.month)}/{today.year}"


def _username_from_email(email: str) -> str:
    base = re.sub(r"[^a-z0-9._-]", "", email.split("@")[0].lower())[:30] or "admin"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


def _region_admin(request: AccessRequest, access: RegionAccess, *, by: User, base_url: str) -> User:
    """The region's admin (the Bappeda contact): found again by e-mail, or created and invited."""
    user = User.objects.filter(
        region=request.region, role=Role.REGIONAL_ADMIN, email__iexact=request.contact_email
    ).first()
    if user is None:
        user = user_create(
            username=_username_from_email(request.contact_email),
            password=None,
            role=Role.REGIONAL_ADMIN,
            region=request.region,
            email=request.contact_email,
            first_name=request.contact_name[:150],
            agency=_("Bappeda %(region)s") % {"region": request.region.display_name},
            expires_on=access.expires_on,
            is_trial=access.is_trial,
            created_by=by,
        )
    if not user.has_usable_password() or not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
        invitation_create(user=user, invited_by=by, base_url=base_url)
    return user


def _apply_access_period(access: RegionAccess, *, actor: User | None, reason: str) -> int:
    """Every account of the region follows the region's access period."""
    users = User.objects.filter(region=access.region, role__in=REGION_ROLES)
    changed = users.exclude(expires_on=access.expires_on, is_trial=access.is_trial).count()
    users.update(expires_on=access.expires_on, is_trial=access.is_trial)
    if changed:
        record_bulk_change(
            actor=actor,
            model=User,
            summary={
                "region": access.region.code,
                "expires_on": str(access.expires_on),
                "is_trial": access.is_trial,
                "users": changed,
                "reason": reason,
            },
            object_repr=str(
                _("Masa berlaku akun %(region)s") % {"region": access.region.display_name}
            ),
        )
    return changed


def _response_letter(request: AccessRequest, *, today: dt.date) -> None:
    from sepakat.access.selectors import response_letter_context

    pdf = render_pdf("access/letters/response.html", response_letter_context(request, today=today))
    request.response_letter.save(
        f"tanggapan-{request.region.code}-{request.pk}.pdf", ContentFile(pdf), save=False
    )


@transaction.atomic
def request_approve(
    *,
    request: AccessRequest,
    by: User,
    base_url: str,
    response_number: str = "",
    conditions: str = "",
    now: dt.datetime | None = None,
) -> AccessRequest:
    """Approve: grant the access, invite the region's admin, write and mail the response."""
    _central(by)
    request = _lock(request)
    if request.status != RequestStatus.UNDER_REVIEW:
        raise UserError(_("Permohonan harus ditelaah dahulu sebelum disetujui."))
    now = now or timezone.now()
    today = timezone.localdate(now)
    RegionAccess.objects.filter(region=request.region, is_active=True).update(is_active=False)
    access = RegionAccess(
        region=request.region,
        request=request,
        package=request.package,
        starts_on=today,
        expires_on=add_months(today, TRIAL_MONTHS)
        if request.package == Package.ACCESS_ONLY
        else None,
    )
    access.full_clean()
    access.save()
    request.response_number = response_number.strip() or next_response_number(today)
    request.conditions = conditions.strip()
    request.decided_by = by
    _move(request, RequestStatus.APPROVED, actor=by, at=now)
    admin = _region_admin(request, access, by=by, base_url=base_url)
    _apply_access_period(access, actor=by, reason="approval")
    _response_letter(request, today=today)
    request.save(update_fields=["response_letter", "response_number", "conditions", "decided_by"])
    transaction.on_commit(lambda: mail.response_letter(request.pk, admin.username))
    return request


@transaction.atomic
def request_decline(
    *,
    request: AccessRequest,
    by: User,
    reason: str,
    response_number: str = "",
    now: dt.datetime | None = None,
) -> AccessRequest:
    _central(by)
    request = _lock(request)
    if not request.is_open:
        raise UserError(_("Permohonan ini sudah diputuskan."))
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Tuliskan alasan penolakan; alasan ini dikirim kepada daerah.")}
        )
    now = now or timezone.now()
    today = timezone.localdate(now)
    request.decline_reason = reason.strip()
    request.response_number = response_number.strip() or next_response_number(today)
    request.decided_by = by
    _move(request, RequestStatus.DECLINED, actor=by, at=now, note=request.decline_reason)
    _response_letter(request, today=today)
    request.save(update_fields=["response_letter", "response_number"])
    transaction.on_commit(lambda: mail.response_letter(request.pk, ""))
    return request


# Consultations ---------------------------------------------------------------------------


@transaction.atomic
def consultation_record(
    *,
    region: Region,
    kind: str,
    held_on: dt.date,
    topic: str,
    people: str,
    by: User,
    notes: str = "",
    now: dt.datetime | None = None,
) -> Consultation:
    if by.role not in (Role.CENTRAL_ADMIN, Role.TRAINER):
        raise UserError(_("Hanya tim pusat yang mencatat konsultasi."))
    consultation = Consultation(
        region=region,
        kind=kind,
        held_on=held_on,
        topic=topic.strip(),
        people=people.strip(),
        notes=notes.strip(),
        recorded_by=by,
        recorded_at=now or timezone.now(),
    )
    consultation.full_clean()
    consultation.save()
    return consultation


# Extensions ------------------------------------------------------------------------------


@transaction.atomic
def extension_request(
    *,
    access: RegionAccess,
    requested_by: User,
    worksheet: Worksheet | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Extension:
    """The region asks to extend its trial, with its analysis worksheet or a commitment."""
    access = (
        RegionAccess.objects.select_for_update(of=("self",))
        .select_related("region")
        .get(pk=access.pk)
    )
    own_admin = (
        requested_by.role == Role.REGIONAL_ADMIN and requested_by.region_id == access.region_id
    )
    if not own_admin and requested_by.role != Role.CENTRAL_ADMIN:
        raise UserError(_("Perpanjangan diajukan oleh admin daerah yang bersangkutan."))
    if access.expires_on is None or not access.is_active:
        raise UserError(_("Akses ini tidak memiliki batas waktu yang dapat diperpanjang."))
    if Extension.objects.filter(access=access, status=ExtensionStatus.REQUESTED).exists():
        raise UserError(_("Sudah ada permohonan perpanjangan yang menunggu keputusan."))
    if worksheet is not None and worksheet.region_id != access.region_id:
        raise UserError(_("Lembar kerja ini bukan milik wilayah Anda."))
    if worksheet is None and not note.strip():
        raise ValidationError(
            {
                "note": _(
                    "Pilih lembar kerja analisis Anda, atau tuliskan komitmen lain yang akan "
                    "dicatat tim pusat."
                )
            }
        )
    extension = Extension(
        access=access,
        worksheet=worksheet,
        note=note.strip(),
        requested_by=requested_by,
        requested_at=now or timezone.now(),
        previous_expires_on=access.expires_on,
    )
    extension.full_clean()
    extension.save()
    transaction.on_commit(lambda: mail.extension_requested(extension.pk))
    return extension


@transaction.atomic
def extension_approve(
    *,
    extension: Extension,
    by: User,
    commitment: str = "",
    now: dt.datetime | None = None,
) -> Extension:
    """Extend by three months, from the current end or from today when already expired.

    The basis is an accepted analysis worksheet, or another commitment the central team
    records here.
    """
    _central(by)
    extension = (
        Extension.objects.select_for_update(of=("self",))
        .select_related("access__region", "worksheet")
        .get(pk=extension.pk)
    )
    if extension.status != ExtensionStatus.REQUESTED:
        raise UserError(_("Permohonan perpanjangan ini sudah diputuskan."))
    worksheet_ok = (
        extension.worksheet is not None and extension.worksheet.status == WorksheetStatus.ACCEPTED
    )
    if not worksheet_ok and not commitment.strip():
        raise UserError(
            _(
                "Perpanjangan memerlukan lembar kerja analisis yang sudah diterima, atau "
                "komitmen lain yang Anda catat di sini."
            )
        )
    now = now or timezone.now()
    today = timezone.localdate(now)
    access = RegionAccess.objects.select_for_update(of=("self",)).get(pk=extension.access_id)
    assert access.expires_on is not None
    base = max(access.expires_on, today)
    access.expires_on = add_months(base, EXTENSION_MONTHS)
    access.full_clean()
    access.save()
    extension.status = ExtensionStatus.APPROVED
    extension.commitment = commitment.strip()
    extension.decided_by = by
    extension.decided_at = now
    extension.new_expires_on = access.expires_on
    extension.full_clean()
    extension.save()
    _apply_access_period(access, actor=by, reason="extension")
    transaction.on_commit(lambda: mail.extension_decided(extension.pk))
    return extension


@transaction.atomic
def extension_decline(
    *, extension: Extension, by: User, reason: str, now: dt.datetime | None = None
) -> Extension:
    _central(by)
    extension = Extension.objects.select_for_update(of=("self",)).get(pk=extension.pk)
    if extension.status != ExtensionStatus.REQUESTED:
        raise UserError(_("Permohonan perpanjangan ini sudah diputuskan."))
    if not reason.strip():
        raise ValidationError({"reason": _("Tuliskan alasan penolakan untuk daerah.")})
    extension.status = ExtensionStatus.DECLINED
    extension.decline_reason = reason.strip()
    extension.decided_by = by
    extension.decided_at = now or timezone.now()
    extension.full_clean()
    extension.save()
    transaction.on_commit(lambda: mail.extension_decided(extension.pk))
    return extension


# Reminders -------------------------------------------------------------------------------


def reminder_due(days_left: int) -> int | None:
    """Which reminder (30, 7 or 1 days before) is due with ``days_left`` days to go.

    A missed daily run is caught up by the next one: 5 days left means the 7-day reminder.
    """
    if days_left < 0:
        return None
    due = [d for d in REMINDER_DAYS if d >= max(days_left, 1)]
    return min(due) if due else None


def send_expiry_reminders(
    *, today: dt.date | None = None, base_url: str = ""
) -> list[ExpiryReminder]:
    """E-mail every active account that expires within 30 days the reminder due today, once."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=max(REMINDER_DAYS))
    users = list(
        User.objects.filter(is_active=True, expires_on__gte=today, expires_on__lte=horizon)
        .exclude(email="")
        .select_related("region")
        .order_by("expires_on", "pk")
    )
    sent_before = set(
        ExpiryReminder.objects.filter(user__in=users).values_list(
            "user_id", "expires_on", "days_before"
        )
    )
    sent: list[ExpiryReminder] = []
    for user in users:
        assert user.expires_on is not None
        due = reminder_due((user.expires_on - today).days)
        if due is None or (user.pk, user.expires_on, due) in sent_before:
            continue
        sent.append(_remind(user, due, base_url=base_url))
    return sent


@transaction.atomic
def _remind(user: User, days_before: int, *, base_url: str) -> ExpiryReminder:
    assert user.expires_on is not None
    reminder = ExpiryReminder(
        user=user, expires_on=user.expires_on, days_before=days_before, sent_at=timezone.now()
    )
    reminder.full_clean()
    reminder.save()
    transaction.on_commit(lambda: mail.expiry_reminder(reminder.pk, base_url))
    return reminder
