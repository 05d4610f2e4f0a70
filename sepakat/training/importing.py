"""Reads a participant list (.xlsx or .csv) into participants and cell-precise errors.

Nothing here touches the database. Columns are found by their header (``nama``, ``nip``,
``email``, ``instansi``, ``jenis_instansi``, ``eselon``, ``peran``; a few common variants
are accepted); agency types and roles may be written as their code or their label.

A list is at most ``MAX_IMPORT_BYTES`` (1 MB): a training takes 30 participants and the
template filled for them weighs a few kilobytes, so anything larger is another file.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from sepakat.core.headers import column_letter, doubled_title
from sepakat.core.xlsx_guard import UnsafeXlsx, check_xlsx
from sepakat.core.xlsx_messages import unsafe_xlsx_message
from sepakat.training.models import AgencyType, ParticipantRole
from sepakat.training.services import ParticipantData

HEADER_ALIASES = {
    "nama": "nama",
    "nama lengkap": "nama",
    "name": "nama",
    "nip": "nip",
    "email": "email",
    "e-mail": "email",
    "surel": "email",
    "instansi": "instansi",
    "perangkat daerah": "instansi",
    "opd": "instansi",
    "jenis instansi": "jenis_instansi",
    "jenis_instansi": "jenis_instansi",
    "eselon": "eselon",
    "peran": "peran",
}
REQUIRED = ("nama", "email", "instansi", "jenis_instansi", "peran")
ECHELONS = {"3": 3, "4": 4, "iii": 3, "iv": 4, "3.0": 3, "4.0": 4}
ROLE_ALIASES = {"staf teknis": ParticipantRole.TECHNICAL, "staf": ParticipantRole.TECHNICAL}


MAX_IMPORT_BYTES = 1024 * 1024


class FileRejected(Exception):
    """The whole file cannot be read as a participant list; the message says why."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    message: str


@dataclass
class ReadResult:
    rows: list[tuple[int, ParticipantData]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _letter(index: int) -> str:
    return column_letter(index + 1)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(content: bytes, name: str) -> list[list[str]]:
    if content.startswith(b"PK\x03\x04"):
        import python_calamine

        try:
            check_xlsx(content)
        except UnsafeXlsx as exc:
            # Named first, as the other refusals of this list are, then what the guard found.
            raise FileRejected(f"{name}: {unsafe_xlsx_message(exc.kind)}") from exc
        try:
            workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
            sheet = workbook.get_sheet_by_index(0)
            return [[_cell(v) for v in row] for row in sheet.to_python()]
        except Exception as exc:  # calamine raises its own types for damaged files
            raise FileRejected(
                _("Berkas %(name)s rusak atau tidak dapat dibuka sebagai Excel.") % {"name": name}
            ) from exc
    if b"\x00" in content[:4096]:
        raise FileRejected(
            _("Berkas %(name)s bukan berkas Excel (.xlsx) atau CSV.") % {"name": name}
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    # newline="" so that CR-only line endings (old Mac Excel) are rows, not a csv.Error.
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise FileRejected(
            _(
                "Berkas %(name)s tidak dapat dibaca sebagai CSV (%(detail)s). Simpan ulang dari "
                "Excel sebagai 'CSV UTF-8' atau pakai templat .xlsx."
            )
            % {"name": name, "detail": str(exc)}
        ) from exc
    return [[c.strip() for c in row] for row in rows]


def _choice(value: str, choices: type[AgencyType] | type[ParticipantRole]) -> str | None:
    key = value.strip().lower()
    for member in choices:
        if key in (member.value, str(member.label).lower()):
            return str(member.value)
    if choices is ParticipantRole and key in ROLE_ALIASES:
        return str(ROLE_ALIASES[key].value)
    return None


def read_participants(content: bytes, *, name: str) -> ReadResult:
    """``content`` may be cut at ``MAX_IMPORT_BYTES + 1``: a longer file is refused unread."""
    if len(content) > MAX_IMPORT_BYTES:
        raise FileRejected(
            _(
                "Berkas %(name)s lebih besar dari batas %(kb)d KB untuk daftar peserta. Pakai "
                "templat daftar peserta dan isi hanya peserta pelatihan ini."
            )
            % {"name": name, "kb": MAX_IMPORT_BYTES // 1024}
        )
    table = [row for row in _table(content, name)]
    while table and not any(table[0]):
        table.pop(0)
    if not table:
        raise FileRejected(_("Berkas %(name)s kosong.") % {"name": name})
    header = [HEADER_ALIASES.get(h.strip().lower(), "") for h in table[0]]
    # Two columns read as one field ("nama" and "Nama"): which holds the names is a guess.
    doubled = doubled_title(table[0], key=lambda h: HEADER_ALIASES.get(h.strip().lower(), ""))
    if doubled is not None:
        raise FileRejected(
            _(
                "Baris judul berkas %(name)s memuat kolom %(column)s dua kali (kolom %(first)s "
                "dan %(second)s). Hapus salah satunya, lalu unggah lagi."
            )
            % {
                "name": name,
                "column": doubled.title,
                "first": doubled.first_letter,
                "second": doubled.second_letter,
            }
        )
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise FileRejected(
            _(
                "Baris judul berkas %(name)s tidak memuat kolom: %(cols)s. Pakai templat daftar "
                "peserta (kolom: nama, nip, email, instansi, jenis_instansi, eselon, peran)."
            )
            % {"name": name, "cols": ", ".join(missing)}
        )
    col = {key: header.index(key) for key in set(header) if key}
    result = ReadResult()
    seen_emails: dict[str, int] = {}
    for offset, raw in enumerate(table[1:], start=2):
        if not any(raw):
            continue

        def get(key: str, raw: list[str] = raw) -> str:
            index = col.get(key)
            return raw[index].strip() if index is not None and index < len(raw) else ""

        def error(key: str, message: str, row: int = offset) -> None:
            result.errors.append(
                RowError(row=row, column=_letter(col.get(key, 0)), value=get(key), message=message)
            )

        before = len(result.errors)
        if not get("nama"):
            error("nama", _("Nama wajib diisi."))
        email = get("email").lower()
        try:
            validate_email(email)
        except ValidationError:
            error("email", _("Alamat e-mail tidak sah."))
        else:
            if email in seen_emails:
                error(
                    "email",
                    _("E-mail ini sudah ada di baris %(row)d.") % {"row": seen_emails[email]},
                )
            seen_emails.setdefault(email, offset)
        nip = re.sub(r"\s", "", get("nip"))
        if nip and not re.fullmatch(r"\d{18}", nip):
            error("nip", _("NIP harus 18 digit angka, atau kosong bila tidak punya NIP."))
        if not get("instansi"):
            error("instansi", _("Instansi wajib diisi."))
        agency_type = _choice(get("jenis_instansi"), AgencyType)
        if agency_type is None:
            error(
                "jenis_instansi",
                _("Jenis instansi tidak dikenal; pilih salah satu: %(list)s.")
                % {"list": ", ".join(AgencyType.values)},
            )
        echelon_text = get("eselon").lower()
        echelon = ECHELONS.get(echelon_text) if echelon_text else None
        if echelon_text and echelon is None:
            error("eselon", _("Eselon harus 3 atau 4, atau kosong."))
        role = _choice(get("peran"), ParticipantRole)
        if role is None:
            error("peran", _("Peran harus 'perencana' atau 'teknis'."))
        if len(result.errors) == before and agency_type is not None and role is not None:
            result.rows.append(
                (
                    offset,
                    ParticipantData(
                        name=get("nama"),
                        email=email,
                        agency=get("instansi"),
                        agency_type=agency_type,
                        role=role,
                        nip=nip,
                        echelon=echelon,
                    ),
                )
            )
    return result
