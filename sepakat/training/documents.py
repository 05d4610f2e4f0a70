"""Documents of a training: agenda, terms of reference (KAK), budget (RAB), certificates,
the training report, and the participant import template."""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from sepakat.training import selectors
from sepakat.training.models import (
    MAX_PARTICIPANTS,
    AgencyType,
    Certificate,
    ParticipantRole,
    Session,
    Training,
)
from sepakat.training.pdf import qr_data_uri, render_pdf
from sepakat.training.rules import long_date, training_hours


def _days(sessions: list[Session]) -> list[tuple[int, Any, list[Session]]]:
    by_day: dict[int, list[Session]] = defaultdict(list)
    for s in sessions:
        by_day[s.day].append(s)
    return [
        (day, timezone.localtime(items[0].starts_at).date(), items)
        for day, items in sorted(by_day.items())
    ]


def agenda_pdf(training: Training) -> bytes:
    sessions = list(training.sessions.order_by("starts_at"))
    return render_pdf(
        "training/pdf/agenda.html",
        {
            "training": training,
            "days": _days(sessions),
            "trainers": list(training.trainers.all()),
        },
    )


def kak_pdf(training: Training) -> bytes:
    """Kerangka Acuan Kerja, filled with the event's data, for the region's APBD proposal."""
    sessions = list(training.sessions.order_by("starts_at"))
    return render_pdf(
        "training/pdf/kak.html",
        {
            "training": training,
            "days": _days(sessions),
            "n_days": len({s.day for s in sessions}),
            "max_participants": MAX_PARTICIPANTS,
            "due_date": training.data_due_date,
            "datasets": [r.dataset for r in selectors.readiness_checklist(training)],
            "trainers": list(training.trainers.all()),
            "agency_types": [str(a.label) for a in AgencyType],
        },
    )


def rab_xlsx(training: Training) -> bytes:
    """Rencana Anggaran Biaya: volumes from the event, unit costs for the region to fill.

    Totals are Excel formulas, so the sheet recomputes as the region enters its SBU prices.
    """
    sessions = list(training.sessions.all())
    n_days = len({s.day for s in sessions}) or 3
    n_participants = max(training.participants.count(), MAX_PARTICIPANTS)
    n_trainers = max(training.trainers.count(), 6)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "RAB"
    bold = Font(bold=True)
    ws.append([_("RENCANA ANGGARAN BIAYA (RAB)")])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([training.title])
    ws.append([_("Wilayah"), training.region.display_name])
    ws.append([_("Hari pertama"), long_date(training.start_date)])
    ws.append([_("Jumlah hari"), n_days])
    ws.append([_("Sumber dana"), training.funding])
    ws.append([])
    header = [
        _("No."),
        _("Uraian"),
        _("Volume"),
        _("Satuan"),
        _("Harga satuan (Rp)"),
        _("Jumlah (Rp)"),
        _("Keterangan"),
    ]
    ws.append(header)
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDE7EE")
    lines = [
        (_("Konsumsi peserta (makan siang dan 2x rehat)"), n_participants * n_days, _("OH")),
        (_("Konsumsi pelatih dan panitia"), (n_trainers + 4) * n_days, _("OH")),
        (_("Sewa ruang pelatihan dengan proyektor"), n_days, _("hari")),
        (_("Honorarium narasumber Bappenas"), n_days, _("OJ")),
        (_("Honorarium pelatih"), (n_trainers - 1) * n_days, _("OH")),
        (_("Tiket pesawat pelatih Jakarta pp"), n_trainers, _("orang")),
        (_("Penginapan pelatih"), n_trainers * n_days, _("OK")),
        (_("Uang harian pelatih"), n_trainers * (n_days + 1), _("OH")),
        (_("Bahan pelatihan (modul dan alat tulis)"), n_participants, _("paket")),
        (_("Sertifikat"), n_participants, _("lembar")),
        (_("Paket data internet untuk praktik daring"), n_participants, _("paket")),
    ]
    if training.with_day_four:
        lines.append((_("Paparan hasil hari ke-4 (konsumsi undangan)"), 40, _("OH")))
    first = ws.max_row + 1
    for number, (label, volume, unit) in enumerate(lines, start=1):
        row = ws.max_row + 1
        ws.append([number, label, volume, unit, None, f"=C{row}*E{row}", ""])
    last = ws.max_row
    ws.append(["", _("JUMLAH"), "", "", "", f"=SUM(F{first}:F{last})", ""])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for row in ws.iter_rows(min_row=first, max_row=ws.max_row, min_col=5, max_col=6):
        for cell in row:
            cell.number_format = "#,##0"
    ws.append([])
    ws.append(
        [
            "",
            _("Isi harga satuan sesuai Standar Biaya Umum (SBU) daerah; jumlah dihitung otomatis."),
        ]
    )
    for column, width in zip("ABCDEFG", (5, 52, 10, 10, 18, 18, 24), strict=True):
        ws.column_dimensions[column].width = width
    ws["B2"].alignment = Alignment(wrap_text=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def certificate_context(certificate: Certificate, *, base_url: str) -> dict[str, Any]:
    verify_url = base_url.rstrip("/") + reverse(
        "training:certificate_verify", args=[certificate.code]
    )
    training = certificate.participant.training
    return {
        "certificate": certificate,
        "person": certificate.participant.person,
        "training": training,
        "hours": training_hours(training),
        "issued_on": long_date(certificate.issued_at),
        "signatory": signatory(),
        "verify_url": verify_url,
        "qr": qr_data_uri(verify_url),
    }


def signatory() -> dict[str, str]:
    """Who signs, from the settings (``SEPAKAT_SIGNATORY_*``); blanks print a dotted line."""
    return {
        "title": settings.SEPAKAT_SIGNATORY_TITLE,
        "name": settings.SEPAKAT_SIGNATORY_NAME,
        "nip": settings.SEPAKAT_SIGNATORY_NIP,
        "place": settings.SEPAKAT_SIGNATORY_PLACE,
    }


def certificate_pdf(certificate: Certificate, *, base_url: str) -> bytes:
    return render_pdf(
        "training/pdf/certificate.html", certificate_context(certificate, base_url=base_url)
    )


def certificates_zip(training: Training, *, base_url: str) -> bytes:
    """All valid certificates of a training as one ZIP of PDFs."""
    out = io.BytesIO()
    certificates = Certificate.objects.filter(
        participant__training=training, revoked_at__isnull=True
    ).select_related("participant__person", "participant__training__region")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            archive.writestr(
                f"sertifikat-{certificate.code}.pdf",
                certificate_pdf(certificate, base_url=base_url),
            )
    return out.getvalue()


def report_pdf(training: Training) -> bytes:
    """The training report: tests (gain per participant and topic), attendance, survey."""
    return render_pdf(
        "training/pdf/report.html",
        {
            "training": training,
            "gain": selectors.gain_report(training),
            "attendance": selectors.attendance_table(training),
            "survey": selectors.survey_report(training.survey_responses.all()),
            "composition": selectors.composition(training),
            "generated_at": timezone.localtime(),
        },
    )


# --- Participant import template ---------------------------------------------------------

IMPORT_COLUMNS = ("nama", "nip", "email", "instansi", "jenis_instansi", "eselon", "peran")


def participant_template_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Peserta"
    ws.append(list(IMPORT_COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.append(
        [
            "Siti Rahmawati",
            "198001012005012001",
            "siti@contoh.go.id",
            "Bappeda",
            AgencyType.BAPPEDA.value,
            4,
            ParticipantRole.PLANNER.value,
        ]
    )
    agencies = DataValidation(
        type="list", formula1='"' + ",".join(AgencyType.values) + '"', allow_blank=False
    )
    roles = DataValidation(
        type="list", formula1='"' + ",".join(ParticipantRole.values) + '"', allow_blank=False
    )
    echelons = DataValidation(type="list", formula1='"3,4"', allow_blank=True)
    for validation, column in ((agencies, "E"), (echelons, "F"), (roles, "G")):
        ws.add_data_validation(validation)
        validation.add(f"{column}2:{column}200")
    for column, width in zip("ABCDEFG", (28, 22, 28, 30, 16, 8, 12), strict=True):
        ws.column_dimensions[column].width = width
    info = wb.create_sheet("Petunjuk")
    info.append([_("Kolom"), _("Isi")])
    info.append(["jenis_instansi", ", ".join(f"{a.value} = {a.label}" for a in AgencyType)])
    info.append(["eselon", _("3 atau 4; kosongkan bila bukan pejabat struktural")])
    info.append(["peran", ", ".join(f"{r.value} = {r.label}" for r in ParticipantRole)])
    info.append(["nip", _("18 digit; kosongkan bila tidak punya NIP")])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
