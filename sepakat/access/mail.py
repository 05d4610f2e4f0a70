"""E-mails of the access process. Each function takes ids and runs after the commit."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sepakat.access.models import (
    AccessRequest,
    ExpiryReminder,
    Extension,
    ExtensionStatus,
    RequestStatus,
    Worksheet,
    WorksheetStatus,
)
from sepakat.accounts.models import User
from sepakat.core.roles import Role


def _central_team() -> list[str]:
    return list(
        User.objects.filter(role=Role.CENTRAL_ADMIN, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def _region_admins(region_id: int) -> list[str]:
    return list(
        User.objects.filter(role=Role.REGIONAL_ADMIN, region_id=region_id, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def request_received(request_id: int, confirmation_url: str, status_url: str) -> None:
    request = AccessRequest.objects.select_related("region").get(pk=request_id)
    body = _(
        "Yth. %(name)s,\n\nPermohonan akses SEPAKAT untuk %(region)s dengan surat nomor "
        "%(number)s telah kami terima.\n\nMohon konfirmasi bahwa surat ini memang dikirim oleh "
        "%(region)s dengan membuka tautan berikut (berlaku 7 hari):\n%(confirm)s\n\n"
        "Pantau status permohonan Anda di:\n%(status)s\n\nSekretariat SEPAKAT"
    ) % {
        "name": request.contact_name,
        "region": request.region.display_name,
        "number": request.letter_number,
        "confirm": confirmation_url,
        "status": status_url,
    }
    send_mail(
        _("[SEPAKAT] Konfirmasi permohonan akses %(region)s")
        % {"region": request.region.display_name},
        body,
        settings.DEFAULT_FROM_EMAIL,
        [request.contact_email],
    )


def response_letter(request_id: int, admin_username: str) -> None:
    """The written response, with the PDF attached, to the contact; copy to the central team."""
    request = AccessRequest.objects.select_related("region").get(pk=request_id)
    if request.status == RequestStatus.APPROVED:
        body = _(
            "Yth. %(name)s,\n\nPermohonan akses SEPAKAT untuk %(region)s disetujui. Surat "
            "tanggapan nomor %(number)s terlampir.\n\nAdmin daerah (nama pengguna: %(username)s) "
            "menerima surel undangan terpisah untuk membuat kata sandi dan verifikasi dua "
            "langkah.\n\nSekretariat SEPAKAT"
        ) % {
            "name": request.contact_name,
            "region": request.region.display_name,
            "number": request.response_number,
            "username": admin_username,
        }
    else:
        body = _(
            "Yth. %(name)s,\n\nPermohonan akses SEPAKAT untuk %(region)s belum dapat kami "
            "setujui, dengan alasan:\n\n%(reason)s\n\nSurat tanggapan nomor %(number)s "
            "terlampir.\n\nSekretariat SEPAKAT"
        ) % {
            "name": request.contact_name,
            "region": request.region.display_name,
            "reason": request.decline_reason,
            "number": request.response_number,
        }
    message = EmailMessage(
        _("[SEPAKAT] Surat tanggapan permohonan akses %(region)s")
        % {"region": request.region.display_name},
        body,
        settings.DEFAULT_FROM_EMAIL,
        [request.contact_email],
        cc=_central_team(),
    )
    with request.response_letter.open("rb") as pdf:
        message.attach(f"surat-tanggapan-{request.region.code}.pdf", pdf.read(), "application/pdf")
    message.send()


def extension_requested(extension_id: int) -> None:
    extension = Extension.objects.select_related("access__region").get(pk=extension_id)
    recipients = _central_team()
    if not recipients:
        return
    send_mail(
        _("[SEPAKAT] Permohonan perpanjangan akses %(region)s")
        % {"region": extension.access.region.display_name},
        _(
            "%(region)s mengajukan perpanjangan akses (berlaku sampai %(until)s). Buka menu "
            "Administrasi > Permohonan akses > Perpanjangan untuk memutuskannya."
        )
        % {
            "region": extension.access.region.display_name,
            "until": date_format(extension.previous_expires_on, "j F Y")
            if extension.previous_expires_on
            else "-",
        },
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )


def extension_decided(extension_id: int) -> None:
    extension = Extension.objects.select_related("access__region", "requested_by").get(
        pk=extension_id
    )
    recipients = _region_admins(extension.access.region_id)
    if not recipients:
        return
    if extension.status == ExtensionStatus.APPROVED:
        body = _(
            "Akses SEPAKAT %(region)s diperpanjang sampai %(until)s. Semua akun daerah Anda "
            "dapat masuk kembali."
        ) % {
            "region": extension.access.region.display_name,
            "until": date_format(extension.new_expires_on, "j F Y")
            if extension.new_expires_on
            else "-",
        }
    else:
        body = _(
            "Permohonan perpanjangan akses SEPAKAT %(region)s belum disetujui, dengan alasan:"
            "\n\n%(reason)s"
        ) % {"region": extension.access.region.display_name, "reason": extension.decline_reason}
    send_mail(
        _("[SEPAKAT] Keputusan perpanjangan akses"),
        body,
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )


def expiry_reminder(reminder_id: int, base_url: str) -> None:
    reminder = ExpiryReminder.objects.select_related("user__region").get(pk=reminder_id)
    user = reminder.user
    if user.role == Role.REGIONAL_ADMIN:
        how = _(
            "Untuk memperpanjang, kirim lembar kerja analisis daerah Anda lalu ajukan "
            "perpanjangan dari halaman Akses & bahan di SEPAKAT."
        )
    else:
        how = _("Untuk memperpanjang, hubungi admin daerah Anda.")
    link = f"\n{base_url.rstrip('/')}/akses/bahan/" if base_url else ""
    send_mail(
        _("[SEPAKAT] Akun Anda berakhir dalam %(days)d hari") % {"days": reminder.days_before},
        _(
            "Yth. %(name)s,\n\nAkun SEPAKAT Anda (%(username)s) berlaku sampai %(until)s. "
            "%(how)s%(link)s\n\nSekretariat SEPAKAT"
        )
        % {
            "name": user.get_full_name() or user.username,
            "username": user.username,
            "until": date_format(reminder.expires_on, "j F Y"),
            "how": how,
            "link": link,
        },
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )


def worksheet_submitted(worksheet_id: int) -> None:
    worksheet = Worksheet.objects.select_related("region", "template").get(pk=worksheet_id)
    recipients = _central_team()
    if not recipients:
        return
    send_mail(
        _("[SEPAKAT] Lembar kerja analisis %(region)s diajukan")
        % {"region": worksheet.region.display_name},
        _('%(region)s mengajukan lembar kerja "%(title)s" untuk ditelaah.')
        % {"region": worksheet.region.display_name, "title": worksheet.template.title},
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )


def worksheet_reviewed(worksheet_id: int) -> None:
    worksheet = Worksheet.objects.select_related("region", "template").get(pk=worksheet_id)
    recipients = _region_admins(worksheet.region_id)
    if not recipients:
        return
    if worksheet.status == WorksheetStatus.ACCEPTED:
        body = _(
            'Lembar kerja "%(title)s" %(region)s diterima. Anda dapat mengajukan perpanjangan '
            "akses dengan lembar kerja ini."
        )
    else:
        body = _('Lembar kerja "%(title)s" %(region)s dikembalikan dengan komentar:\n\n%(comment)s')
    send_mail(
        _("[SEPAKAT] Hasil telaah lembar kerja analisis"),
        body
        % {
            "title": worksheet.template.title,
            "region": worksheet.region.display_name,
            "comment": worksheet.review_comment,
        },
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )
