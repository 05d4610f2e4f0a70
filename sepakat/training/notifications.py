"""E-mails of trainings, webinars and mentoring, sent after the transaction commits.

Functions take ids, not objects, and read fresh rows, so that they can move to a
background task unchanged. ``base_url`` (scheme and host) makes links absolute.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, send_mail, send_mass_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.core.roles import Role


def absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def _regional_admin_emails(region_codes: Iterable[str]) -> list[str]:
    return list(
        User.objects.filter(role=Role.REGIONAL_ADMIN, region__code__in=list(region_codes))
        .filter(is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def _central_emails() -> list[str]:
    return list(
        User.objects.filter(role=Role.CENTRAL_ADMIN, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def participant_links(participant_ids: list[int], base_url: str) -> None:
    from sepakat.training.models import Participant

    messages = []
    for p in Participant.objects.filter(pk__in=participant_ids).select_related(
        "person", "training"
    ):
        link = absolute(base_url, reverse("training:participant_home", args=[p.token]))
        messages.append(
            (
                _("[SEPAKAT] Tautan pribadi Anda untuk %(title)s") % {"title": p.training.title},
                _(
                    "Yth. %(name)s,\n\nAnda terdaftar sebagai peserta %(title)s mulai "
                    "%(date)s. Buka tautan pribadi berikut di laptop atau ponsel Anda untuk "
                    "mengerjakan pre-test dan post-test, mencatat kehadiran dengan kode QR di "
                    "ruangan, mengisi survei dan mengunduh sertifikat:\n\n%(link)s\n\n"
                    "Jangan bagikan tautan ini kepada orang lain."
                )
                % {
                    "name": p.person.name,
                    "title": p.training.title,
                    "date": p.training.start_date.strftime("%d-%m-%Y"),
                    "link": link,
                },
                settings.DEFAULT_FROM_EMAIL,
                [p.person.email],
            )
        )
    send_mass_mail(messages, fail_silently=False)


def certificates(certificate_ids: list[int], base_url: str) -> None:
    from sepakat.training.documents import certificate_pdf
    from sepakat.training.models import Certificate

    for certificate in Certificate.objects.filter(pk__in=certificate_ids).select_related(
        "participant__person", "participant__training__region"
    ):
        person = certificate.participant.person
        training = certificate.participant.training
        verify = absolute(base_url, reverse("training:certificate_verify", args=[certificate.code]))
        message = EmailMessage(
            _("[SEPAKAT] Sertifikat %(title)s") % {"title": training.title},
            _(
                "Yth. %(name)s,\n\nterlampir sertifikat Anda untuk %(title)s (kode %(code)s). "
                "Keasliannya dapat diperiksa siapa saja di:\n%(verify)s"
            )
            % {
                "name": person.name,
                "title": training.title,
                "code": certificate.code,
                "verify": verify,
            },
            settings.DEFAULT_FROM_EMAIL,
            [person.email],
        )
        message.attach(
            f"sertifikat-{certificate.code}.pdf",
            certificate_pdf(certificate, base_url=base_url),
            "application/pdf",
        )
        message.send()


def data_warning(training_id: int, missing: list[str], days_left: int) -> None:
    from sepakat.training.models import Training

    training = Training.objects.select_related("region").get(pk=training_id)
    region = training.region
    recipients = sorted(
        set(_regional_admin_emails([region.code, *(a.code for a in region.ancestors())]))
        | set(_central_emails())
    )
    if not recipients:
        return
    if days_left > 0:
        when = _("%(n)d hari lagi") % {"n": days_left}
    elif days_left == 0:
        when = _("hari ini")
    else:
        when = _("sudah lewat %(n)d hari") % {"n": -days_left}
    send_mail(
        _("[SEPAKAT] Data belum lengkap untuk %(title)s") % {"title": training.title},
        _(
            "Pelatihan %(title)s untuk %(region)s dimulai %(date)s. Data berikut wajib "
            "diterima paling lambat 7 hari sebelum hari pertama (batas: %(when)s) dan belum "
            "diterima:\n\n%(list)s\n\nUnggah datanya melalui menu Data di SEPAKAT."
        )
        % {
            "title": training.title,
            "region": region.display_name,
            "date": training.start_date.strftime("%d-%m-%Y"),
            "when": when,
            "list": "\n".join(f"- {name}" for name in missing),
        },
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )


# --- Webinars --------------------------------------------------------------------------


def _webinar_when(webinar: object) -> str:
    starts_at = webinar.starts_at  # type: ignore[attr-defined]
    return timezone.localtime(starts_at).strftime("%d-%m-%Y %H:%M")


def webinar_announced(webinar_id: int, region_codes: list[str], base_url: str) -> None:
    from sepakat.training.models import Webinar

    webinar = Webinar.objects.get(pk=webinar_id)
    recipients = _regional_admin_emails(region_codes)
    if not recipients:
        return
    link = absolute(base_url, reverse("training:webinar_register", args=[webinar.pk]))
    body = _(
        "Webinar SEPAKAT: %(topic)s\nWaktu: %(when)s WIB\nNarasumber: %(speakers)s\n"
        "Batas pendaftaran: %(deadline)s\n\nDaftarkan staf Anda di:\n%(link)s"
    ) % {
        "topic": webinar.topic,
        "when": _webinar_when(webinar),
        "speakers": webinar.speakers,
        "deadline": timezone.localtime(webinar.registration_deadline).strftime("%d-%m-%Y %H:%M"),
        "link": link,
    }
    # One message per admin, so that no address is disclosed to the others.
    send_mass_mail(
        [
            (
                _("[SEPAKAT] Webinar: %(topic)s") % {"topic": webinar.topic},
                body,
                settings.DEFAULT_FROM_EMAIL,
                [r],
            )
            for r in recipients
        ]
    )


def webinar_registration(registration_id: int) -> None:
    from sepakat.training.models import RegistrationStatus, WebinarRegistration

    r = WebinarRegistration.objects.select_related("webinar").get(pk=registration_id)
    if r.status == RegistrationStatus.WAITLISTED:
        text = _(
            "Kuota webinar %(topic)s sudah penuh; Anda masuk daftar tunggu. Kami mengabari "
            "Anda bila ada kursi yang kosong."
        )
    else:
        text = _(
            "Pendaftaran Anda untuk webinar %(topic)s (%(when)s WIB) diterima. Webinar "
            "dipastikan atau dibatalkan pada %(date)s sesuai jumlah pendaftar."
        )
    send_mail(
        _("[SEPAKAT] Pendaftaran webinar: %(topic)s") % {"topic": r.webinar.topic},
        text
        % {
            "topic": r.webinar.topic,
            "when": _webinar_when(r.webinar),
            "date": r.webinar.go_no_go_date.strftime("%d-%m-%Y"),
        },
        settings.DEFAULT_FROM_EMAIL,
        [r.email],
    )


def webinar_seat_freed(registration_id: int) -> None:
    from sepakat.training.models import WebinarRegistration

    r = WebinarRegistration.objects.select_related("webinar").get(pk=registration_id)
    send_mail(
        _("[SEPAKAT] Kursi tersedia: %(topic)s") % {"topic": r.webinar.topic},
        _(
            "Ada kursi kosong pada webinar %(topic)s (%(when)s WIB) dan Anda kini terdaftar "
            "sebagai peserta dari daftar tunggu."
        )
        % {"topic": r.webinar.topic, "when": _webinar_when(r.webinar)},
        settings.DEFAULT_FROM_EMAIL,
        [r.email],
    )


def webinar_decided(webinar_id: int) -> None:
    from sepakat.training.models import RegistrationStatus, Webinar, WebinarStatus

    webinar = Webinar.objects.get(pk=webinar_id)
    registrations = webinar.registrations.exclude(status=RegistrationStatus.CANCELLED)
    names = {"topic": webinar.topic, "when": _webinar_when(webinar)}
    if webinar.status == WebinarStatus.CANCELLED:
        subject = _("[SEPAKAT] Webinar dibatalkan: %(topic)s") % names
        body = (
            _(
                "Webinar %(topic)s (%(when)s WIB) dibatalkan karena jumlah pendaftar belum "
                "mencapai kuota minimum. Kami mengabari Anda bila webinar ini dijadwalkan lagi."
            )
            % names
        )
    else:
        subject = _("[SEPAKAT] Webinar dipastikan: %(topic)s") % names
        body = _(
            "Webinar %(topic)s dipastikan berlangsung pada %(when)s WIB.\nTautan: %(link)s"
        ) % {**names, "link": webinar.meeting_url or "-"}
    waitlisted_body = body
    if webinar.status == WebinarStatus.CONFIRMED:
        waitlisted_body = (
            body
            + "\n\n"
            + _("Anda masih dalam daftar tunggu; kami mengabari bila ada kursi kosong.")
        )
    send_mass_mail(
        [
            (
                subject,
                waitlisted_body if r.status == RegistrationStatus.WAITLISTED else body,
                settings.DEFAULT_FROM_EMAIL,
                [r.email],
            )
            for r in registrations
        ]
    )


# --- Mentoring -------------------------------------------------------------------------


def mentoring_requested(request_id: int) -> None:
    from sepakat.training.models import MentoringRequest

    m = MentoringRequest.objects.select_related("region").get(pk=request_id)
    recipients = _central_emails()
    if not recipients:
        return
    send_mail(
        _("[SEPAKAT] Permintaan pendampingan dari %(region)s") % {"region": m.region.display_name},
        _("Topik: %(topics)s\nTanggal usulan: %(date)s (%(days)d hari)")
        % {"topics": m.topics, "date": m.proposed_start.strftime("%d-%m-%Y"), "days": m.days},
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )


def mentoring_decided(request_id: int) -> None:
    from sepakat.training.models import MentoringRequest, MentoringStatus

    m = MentoringRequest.objects.select_related("region", "requested_by").get(pk=request_id)
    if not m.requested_by.email:
        return
    if m.status == MentoringStatus.AGREED:
        checklist = "\n".join(f"- {item['item']}" for item in m.data_checklist)
        body = _(
            "Pendampingan di Sekretariat SEPAKAT, Jakarta, disepakati mulai %(date)s selama "
            "%(days)d hari.\nTopik: %(topics)s\n\nData yang perlu disiapkan:\n%(checklist)s"
        ) % {
            "date": m.agreed_start.strftime("%d-%m-%Y") if m.agreed_start else "-",
            "days": m.days,
            "topics": m.agreed_topics or m.topics,
            "checklist": checklist,
        }
    else:
        body = _("Permintaan pendampingan belum dapat dipenuhi: %(note)s") % {
            "note": m.central_note or "-"
        }
    send_mail(
        _("[SEPAKAT] Permintaan pendampingan %(status)s") % {"status": m.get_status_display()},
        body,
        settings.DEFAULT_FROM_EMAIL,
        [m.requested_by.email],
    )
