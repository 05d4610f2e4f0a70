"""Microdata files (Susenas-like surveys, DTKS/Regsosek-like registries): receive, map, register.

The journey is upload -> column mapping -> checks -> confirmation of the personal columns
-> registration, each step a service here:

1. :func:`microdata_receive` keeps the file under ``DATA_DIR/microdata-masuk/<token>/``
   as Parquet (``raw.parquet``) and lists its columns;
2. :func:`microdata_map` checks a mapping (which column is the weight, the region code...):
   region codes against the hierarchy (BPS codes through the crosswalk), weights, deciles,
   and suggests which columns hold personal data;
3. :func:`microdata_commit` writes ``analysis.parquet`` (every other column, a row id and
   the Kemendagri code) and ``personal.parquet`` (row id and the personal columns) under
   ``MICRODATA_DIR/<region code>/<id>/`` and registers the file, all or nothing.

Personal data (NIK, KK, names, addresses, phone numbers) never leaves ``personal.parquet``
unmasked except through :func:`personal_export`, which needs a reason and is audited.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sepakat.accounts.audit import record_bulk_change
from sepakat.accounts.models import Role, User
from sepakat.core.access import may_write, scoped
from sepakat.datahub import microdata_files as files
from sepakat.datahub.generations import bump_data_generation
from sepakat.datahub.models import (
    MicrodataFile,
    MicrodataIncoming,
    MicrodataIncomingStatus,
    MicrodataKind,
    MicrodataManifest,
    MicrodataProfile,
)
from sepakat.regions.codes import normalise_bps_code, normalise_kemendagri_code
from sepakat.regions.models import CodeCrosswalk, Level, Region

ROW_ID = "sepakat_row_id"
KEMENDAGRI_COLUMN = "sepakat_kode_wilayah"
RESERVED_COLUMNS = frozenset({ROW_ID, KEMENDAGRI_COLUMN})
PREVIEW_ROWS = 20
MANAGER_ROLES = frozenset({Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN})

# The roles a column can play, in the order the mapping form shows them. The keys are
# those of MicrodataFile.columns (the demo files use the same).
ROLE_LABELS: dict[str, Any] = {
    "region_code": gettext_lazy("Kode wilayah"),
    "welfare": gettext_lazy("Kesejahteraan (pengeluaran per kapita)"),
    "weight": gettext_lazy("Bobot (penimbang)"),
    "size": gettext_lazy("Jumlah anggota rumah tangga"),
    "strata": gettext_lazy("Strata"),
    "psu": gettext_lazy("PSU (blok sensus)"),
    "urban": gettext_lazy("Perkotaan/perdesaan"),
    "poverty_line": gettext_lazy("Garis kemiskinan"),
    "decile": gettext_lazy("Desil kesejahteraan"),
    "household_id": gettext_lazy("ID rumah tangga"),
    # A person file (Susenas KOR): "weight" is then the person weight and "size" may be
    # absent; each person's statuses are in the columns status_<code>.
    "person_id": gettext_lazy("ID anggota rumah tangga (berkas perorangan)"),
}
REQUIRED_ROLES = {
    MicrodataKind.SURVEY: ("welfare", "weight", "region_code"),
    MicrodataKind.REGISTRY: ("region_code", "decile"),
}
CODE_SYSTEMS = {
    "kemendagri": gettext_lazy("Kemendagri (32.01.01.2001)"),
    "bps": gettext_lazy("BPS (3201010001)"),
}
_PERIOD_RE = re.compile(r"^(19|20)\d{2}(-(0[1-9]|1[0-2]))?$")
_DB_CHUNK = 800  # below SQLite's limit of query parameters


class MicrodataError(ValueError):
    """A microdata step that cannot be taken; every message is for the user."""

    def __init__(self, messages: str | Iterable[str]) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(" ".join(self.messages))


# ---------------------------------------------------------------- paths and permissions


def microdata_root() -> Path:
    path = Path(settings.MICRODATA_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def staging_root() -> Path:
    """Where received files wait, apart from MICRODATA_DIR, which holds registered files only."""
    path = Path(settings.DATA_DIR) / "microdata-masuk"
    path.mkdir(parents=True, exist_ok=True)
    return path


def staging_path(incoming: MicrodataIncoming) -> Path:
    return staging_root() / incoming.staging_dir


def analysis_path(file: MicrodataFile) -> Path:
    return microdata_root() / file.relative_path


def personal_path(file: MicrodataFile) -> Path | None:
    manifest: MicrodataManifest | None = getattr(file, "manifest", None)
    if manifest is None or not manifest.personal_path:
        return None
    return microdata_root() / manifest.personal_path


def may_manage(user: User, region: Region) -> bool:
    """The centre for any region; a regional admin for their own region and below."""
    return may_write(user, region, (Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN))


def may_export_personal(user: User, file: MicrodataFile) -> bool:
    return may_manage(user, file.region)


def max_bytes() -> int:
    return int(getattr(settings, "SEPAKAT_MICRODATA_MAX_MB", 4096)) * 1024 * 1024


# ---------------------------------------------------------------- reads


def files_for(user: Any) -> QuerySet[MicrodataFile]:
    return scoped(MicrodataFile.objects.select_related("region", "manifest"), user)


def incoming_for(user: Any) -> QuerySet[MicrodataIncoming]:
    return scoped(MicrodataIncoming.objects.select_related("region"), user).filter(uploaded_by=user)


def profiles_for(user: Any, kind: str | None = None) -> QuerySet[MicrodataProfile]:
    """The user's region's profiles, those of the regions above it, and (centre) all."""
    region: Region | None = getattr(user, "region", None)
    if region is None:
        return MicrodataProfile.objects.none()
    above = [a.pk for a in region.ancestors()]
    qs = MicrodataProfile.objects.filter(
        Q(owner_region_id__in=above) | Q(pk__in=scoped(MicrodataProfile.objects.all(), user))
    ).select_related("owner_region")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name")


def column_names(incoming: MicrodataIncoming) -> list[str]:
    return [c["name"] for c in incoming.columns]


# ---------------------------------------------------------------- step 1: receive


def microdata_receive(
    *,
    user: User,
    region: Region,
    kind: str,
    title: str,
    period: str,
    source: str = "",
    stream: IO[bytes],
    original_name: str,
) -> MicrodataIncoming:
    """Keep the file, read it into Parquet and list its columns; nothing is registered yet."""
    if not may_manage(user, region):
        raise PermissionDenied
    problems = []
    if kind not in MicrodataKind.values:
        problems.append(_("Pilih jenis data: survei atau registrasi."))
    if not title.strip():
        problems.append(_("Judul wajib diisi."))
    if not _PERIOD_RE.match(period.strip()):
        problems.append(
            _("Periode %(period)s tidak sah. Tulis tahun (2025) atau tahun-bulan (2025-03).")
            % {"period": period}
        )
    file_format = files.format_of(original_name)
    if file_format is None:
        problems.append(
            _(
                "Berkas %(name)s bukan berkas data yang dikenal. Unggah berkas .dta (Stata), "
                ".sav (SPSS), .csv atau .parquet."
            )
            % {"name": original_name}
        )
    if problems:
        raise MicrodataError(problems)
    assert file_format is not None

    token = secrets.token_hex(12)
    folder = staging_root() / token
    folder.mkdir()
    try:
        source_file = folder / f"source.{file_format}"
        sha, size = _store(stream, source_file, original_name)
        raw = folder / "raw.parquet"
        try:
            columns = files.to_raw_parquet(source_file, file_format, raw)
        except files.FileUnreadable as exc:
            raise MicrodataError(unreadable_message(exc, original_name, file_format)) from exc
        source_file.unlink(missing_ok=True)
        rows = files.row_count(raw)
        if not columns:
            raise MicrodataError(_empty_message(original_name))
        if rows == 0:
            raise MicrodataError(_no_records_message(original_name))
        clash = sorted(RESERVED_COLUMNS & {c.name for c in columns})
        if clash:
            raise MicrodataError(
                _("Berkas memuat kolom bernama %(cols)s, nama yang dipakai SEPAKAT. Ganti namanya.")
                % {"cols": ", ".join(clash)}
            )
        with transaction.atomic():
            incoming = MicrodataIncoming.objects.create(
                kind=kind,
                title=title.strip()[:200],
                period=period.strip(),
                source=source.strip()[:200],
                region=region,
                uploaded_by=user,
                original_name=original_name[:255],
                file_format=file_format,
                staging_dir=token,
                sha256=sha,
                size=size,
                row_count=rows,
                columns=[c.as_dict() for c in columns],
            )
            record_bulk_change(
                actor=user,
                model=MicrodataFile,
                summary={
                    "event": "microdata_received",
                    "incoming": incoming.pk,
                    "file": original_name,
                    "rows": rows,
                    "sha256": sha,
                    "region": region.code,
                },
                object_repr=_("Mikrodata %(name)s diterima") % {"name": original_name},
            )
        return incoming
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


FORMAT_LABELS = {"csv": "CSV", "parquet": "Parquet", "dta": "Stata (.dta)", "sav": "SPSS (.sav)"}


def unreadable_message(exc: files.FileUnreadable, original_name: str, file_format: str) -> str:
    """What is wrong with the file, in the user's language: the same findings as
    ``sepakat poverty`` reports for a file it cannot read."""
    values = {
        "name": original_name,
        "format": FORMAT_LABELS.get(file_format, file_format.upper()),
        "detail": exc.detail,
    }
    if exc.reason == "empty":
        return _empty_message(original_name)
    if exc.reason == "no_records":
        return _no_records_message(original_name)
    if exc.reason == "binary":
        return (
            _(
                "Berkas %(name)s bukan berkas teks CSV: isinya data biner. Periksa bahwa "
                "akhiran namanya sesuai dengan jenis berkasnya."
            )
            % values
        )
    if exc.reason == "encoding":
        return (
            _("Berkas %(name)s bukan teks UTF-8. Simpan ulang sebagai CSV UTF-8 lalu unggah lagi.")
            % values
        )
    if exc.reason == "too_many_columns":
        return _(
            "Berkas %(name)s memiliki %(count)s kolom; batasnya %(limit)d. Simpan hanya kolom "
            "yang diperlukan untuk analisis (misalnya dengan 'keep' di Stata) lalu unggah lagi."
        ) % {**values, "count": exc.detail, "limit": files.max_columns()}
    if exc.reason == "wrong_format":
        return (
            _(
                "Berkas %(name)s bukan berkas %(format)s. Periksa bahwa berkasnya utuh dan "
                "akhiran namanya sesuai dengan jenisnya."
            )
            % values
        )
    return (
        _(
            "Berkas %(name)s tidak dapat dibaca sebagai berkas %(format)s (%(detail)s). "
            "Periksa bahwa berkasnya utuh dan jenisnya sesuai dengan akhiran namanya."
        )
        % values
    )


def _empty_message(original_name: str) -> str:
    return _("Berkas %(name)s kosong: tidak ada nama kolom dan tidak ada baris data.") % {
        "name": original_name
    }


def _no_records_message(original_name: str) -> str:
    return _("Berkas %(name)s hanya berisi nama kolom, tanpa baris data.") % {"name": original_name}


def _store(stream: IO[bytes], target: Path, original_name: str) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    limit = max_bytes()
    with target.open("wb") as handle:
        while chunk := stream.read(1024 * 1024):
            size += len(chunk)
            if size > limit:
                raise MicrodataError(
                    _("Berkas %(name)s lebih besar dari batas %(mb)d MB.")
                    % {"name": original_name, "mb": limit // (1024 * 1024)}
                )
            digest.update(chunk)
            handle.write(chunk)
    if size == 0:
        raise MicrodataError(_empty_message(original_name))
    return digest.hexdigest(), size


# ---------------------------------------------------------------- step 2: map and check


@dataclass
class Check:
    """What the checks found; ``errors`` block the registration."""

    errors: list[str] = field(default_factory=list)
    code_map: dict[str, str] = field(default_factory=dict)
    unknown_rows: int = 0
    unknown_codes: int = 0
    unknown_examples: list[str] = field(default_factory=list)
    coverage: dict[str, Any] = field(default_factory=dict)
    suggested_personal: list[dict[str, str]] = field(default_factory=list)

    def report(self) -> dict[str, Any]:
        return {
            "unknown_rows": self.unknown_rows,
            "unknown_codes": self.unknown_codes,
            "unknown_examples": self.unknown_examples,
            "coverage": self.coverage,
        }


def clean_mapping(
    *, kind: str, mapping: dict[str, str], columns: list[str]
) -> tuple[dict[str, str], list[str]]:
    """The mapping without empty roles, and what is wrong with it."""
    cleaned = {role: col for role, col in mapping.items() if role in ROLE_LABELS and col}
    system = mapping.get("code_system") or "kemendagri"
    errors = []
    for role in REQUIRED_ROLES[MicrodataKind(kind)]:
        if role not in cleaned:
            errors.append(
                _("Pilih kolom untuk %(role)s: wajib untuk data %(kind)s.")
                % {"role": ROLE_LABELS[role], "kind": MicrodataKind(kind).label}
            )
    for role, col in cleaned.items():
        if col not in columns:
            errors.append(
                _("Kolom %(col)s (%(role)s) tidak ada di berkas ini.")
                % {"col": col, "role": ROLE_LABELS[role]}
            )
    used: dict[str, str] = {}
    for role, col in cleaned.items():
        if col in used:
            errors.append(
                _("Kolom %(col)s dipilih untuk dua peran: %(a)s dan %(b)s.")
                % {"col": col, "a": ROLE_LABELS[used[col]], "b": ROLE_LABELS[role]}
            )
        used[col] = role
    if system not in CODE_SYSTEMS:
        errors.append(_("Pilih sistem kode wilayah: Kemendagri atau BPS."))
    cleaned["code_system"] = system
    return cleaned, errors


def resolve_codes(codes: Iterable[str], system: str) -> dict[str, str]:
    """Region codes as written in a file -> Kemendagri codes of the hierarchy (known ones only).

    BPS codes go through the published crosswalk first, then ``Region.bps_code``; they are
    never turned into Kemendagri codes by moving dots.
    """
    if system == "bps":
        normalised = {c: normalise_bps_code(c) for c in codes}
    else:
        normalised = {c: normalise_kemendagri_code(c) for c in codes}
    wanted = sorted({n for n in normalised.values() if n})
    found: dict[str, str] = {}
    if system == "bps":
        for chunk in _chunks(wanted):
            for bps, kemendagri in CodeCrosswalk.objects.filter(bps_code__in=chunk).values_list(
                "bps_code", "kemendagri_code"
            ):
                found.setdefault(bps, kemendagri)
            for bps, code in Region.objects.filter(bps_code__in=chunk).values_list(
                "bps_code", "code"
            ):
                found.setdefault(bps, code)
    else:
        found = {n: n for n in wanted}
    existing: set[str] = set()
    for chunk in _chunks(sorted(set(found.values()))):
        existing.update(Region.objects.filter(code__in=chunk).values_list("code", flat=True))
    result: dict[str, str] = {}
    for raw, norm in normalised.items():
        target = found.get(norm) if norm else None
        if target and target in existing:
            result[raw] = target
    return result


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _DB_CHUNK):
        yield items[start : start + _DB_CHUNK]


def _inside(region: Region, code: str) -> bool:
    return (
        region.level == Level.NATIONAL or code == region.code or code.startswith(region.code + ".")
    )


def check_file(
    incoming: MicrodataIncoming, mapping: dict[str, str], *, accept_unknown: bool
) -> Check:
    """Check the file under ``mapping``: region codes, numbers, personal columns."""
    raw = staging_path(incoming) / "raw.parquet"
    by_name = {c["name"]: c for c in incoming.columns}
    check = Check()
    region_column = by_name[mapping["region_code"]]
    counts = files.code_counts(raw, region_column)
    code_map = resolve_codes([c for c in counts if c is not None], mapping["code_system"])
    unknown: dict[str, int] = {}
    outside: dict[str, int] = {}
    for raw_code, n in counts.items():
        code = code_map.get(raw_code) if raw_code is not None else None
        if code is None:
            unknown[raw_code if raw_code is not None else _("(kosong)")] = n
        elif not _inside(incoming.region, code):
            outside[raw_code] = n  # type: ignore[index]
            code_map.pop(raw_code)  # type: ignore[arg-type]
    if outside:
        check.errors.append(
            _(
                "%(rows)d baris memuat kode wilayah di luar %(region)s (%(codes)d kode, misalnya "
                "%(examples)s). Anda hanya dapat mendaftarkan data wilayah ini; hapus baris itu "
                "atau pilih wilayah yang benar saat mengunggah."
            )
            % {
                "rows": sum(outside.values()),
                "region": incoming.region.display_name,
                "codes": len(outside),
                "examples": ", ".join(sorted(outside)[:5]),
            }
        )
    if unknown:
        check.unknown_rows = sum(unknown.values())
        check.unknown_codes = len(unknown)
        check.unknown_examples = sorted(unknown)[:10]
        if not accept_unknown:
            check.errors.append(
                _(
                    "%(rows)d baris memuat %(codes)d kode wilayah yang tidak dikenal dalam "
                    "hierarki wilayah, misalnya %(examples)s. Periksa sistem kodenya (Kemendagri "
                    "atau BPS) dan kolom yang dipilih, atau centang 'Tetap daftarkan' agar baris "
                    "itu disimpan tanpa kode Kemendagri."
                )
                % {
                    "rows": check.unknown_rows,
                    "codes": check.unknown_codes,
                    "examples": ", ".join(check.unknown_examples[:5]),
                }
            )
    check.code_map = code_map
    check.coverage = _coverage(counts, code_map, check.unknown_rows)
    check.errors.extend(_numeric_checks(raw, mapping, by_name))
    check.errors.extend(_status_checks(raw, by_name))
    check.suggested_personal = _suggest_personal(raw, incoming.columns, mapping)
    return check


_NUMERIC_RULES: dict[str, list[tuple[str, Any]]] = {
    "weight": [
        ("t IS NULL", gettext_lazy("Bobot kosong")),
        ("v < 0", gettext_lazy("Bobot tidak boleh negatif")),
    ],
    "welfare": [
        ("t IS NULL", gettext_lazy("Nilai kesejahteraan kosong")),
        ("v < 0", gettext_lazy("Nilai kesejahteraan tidak boleh negatif")),
    ],
    "size": [("v <= 0 OR v <> trunc(v)", gettext_lazy("Jumlah anggota harus bilangan bulat > 0"))],
    "poverty_line": [("v <= 0", gettext_lazy("Garis kemiskinan harus lebih dari 0"))],
    "decile": [
        (
            "v IS NOT NULL AND (v < 1 OR v > 10 OR v <> trunc(v))",
            gettext_lazy("Desil harus bilangan bulat 1 sampai 10"),
        )
    ],
}


def _numeric_checks(
    raw: Path, mapping: dict[str, str], by_name: dict[str, dict[str, str]]
) -> list[str]:
    errors = []
    for role, rules in _NUMERIC_RULES.items():
        if role not in mapping:
            continue
        column = by_name[mapping[role]]
        rules = [
            ("t IS NOT NULL AND v IS NULL", gettext_lazy("Bukan angka")),
            # a NaN or an infinity is no number to compute with ('NaN', 'inf' in a CSV)
            ("NOT isfinite(v)", gettext_lazy("Nilai NaN atau tak hingga")),
            *rules,
        ]
        for condition, label in rules:
            problem = files.numeric_problems(raw, column, condition)
            if problem is None:
                continue
            examples = ", ".join(
                _("baris %(row)d (%(value)s)") % {"row": row, "value": value or "-"}
                for row, value in problem.examples
            )
            errors.append(
                _(
                    "%(problem)s: %(n)d baris di kolom %(col)s (%(role)s), misalnya %(examples)s. "
                    "Perbaiki berkasnya lalu unggah lagi, atau pilih kolom yang benar."
                )
                % {
                    "problem": label,
                    "n": problem.count,
                    "col": column["name"],
                    "role": ROLE_LABELS[role],
                    "examples": examples,
                }
            )
            break  # one problem per column is enough to know what to fix
    return errors


# The prioritisation's achievement statuses (status_pdk01...): named after a catalogue code
# (three letters, two digits), so that another "status_..." column (status_kawin) is left alone.
_STATUS_COLUMN = re.compile(r"^status_[a-z]{3}\d{2}$")


def _status_checks(raw: Path, by_name: dict[str, dict[str, str]]) -> list[str]:
    """A status column holds 1 (achieved), 0 (not) or nothing (outside the reference
    population); anything else would be counted wrongly by the priority score."""
    errors = []
    for name in sorted(n for n in by_name if _STATUS_COLUMN.match(n)):
        problem = files.numeric_problems(
            raw, by_name[name], "t IS NOT NULL AND (v IS NULL OR v NOT IN (0, 1))"
        )
        if problem is None:
            continue
        examples = ", ".join(
            _("baris %(row)d (%(value)s)") % {"row": row, "value": value or "-"}
            for row, value in problem.examples
        )
        errors.append(
            _(
                "Status capaian harus 1 (tercapai), 0 (tidak tercapai) atau kosong (di luar "
                "populasi rujukan): %(n)d baris di kolom %(col)s tidak, misalnya %(examples)s. "
                "Perbaiki berkasnya lalu unggah lagi."
            )
            % {"n": problem.count, "col": name, "examples": examples}
        )
    return errors


def _coverage(
    counts: dict[str | None, int], code_map: dict[str, str], unknown_rows: int
) -> dict[str, Any]:
    """Which kab/kota (and how many units below them) the file covers, with row counts."""
    rows: Counter[str] = Counter()
    units: dict[str, set[str]] = defaultdict(set)
    levels: Counter[int] = Counter()
    for raw_code, n in counts.items():
        code = code_map.get(raw_code) if raw_code is not None else None
        if code is None:
            continue
        parts = code.split(".")
        levels[len(parts)] += n
        key = ".".join(parts[:2])
        rows[key] += n
        units[key].add(code)
    names = {
        r.code: r.display_name
        for chunk in _chunks(sorted(rows))
        for r in Region.objects.filter(code__in=chunk)
    }
    level = levels.most_common(1)[0][0] if levels else None
    return {
        "level": level,
        "level_name": str(Level(level).label) if level is not None else "",
        "units": sum(len(u) for u in units.values()),
        "unknown_rows": unknown_rows,
        "regencies": [
            {"code": key, "name": names.get(key, ""), "rows": rows[key], "units": len(units[key])}
            for key in sorted(rows)
        ],
    }


def _suggest_personal(
    raw: Path, columns: list[dict[str, str]], mapping: dict[str, str]
) -> list[dict[str, str]]:
    mapped = {v for k, v in mapping.items() if k in ROLE_LABELS}
    free = [c for c in columns if c["name"] not in mapped]
    by_name = {c["name"] for c in free if files.is_personal_name(c["name"])}
    by_value = files.nik_like_columns(raw, free)
    flagged = [c for c in free if c["name"] in by_name | by_value]
    firsts = files.first_values(raw, flagged)
    return [
        {
            "name": c["name"],
            "reason": "nik" if c["name"] in by_value else "name",
            "example": files.mask_value(firsts.get(c["name"])),
        }
        for c in flagged
    ]


def microdata_map(
    *,
    incoming: MicrodataIncoming,
    user: User,
    mapping: dict[str, str],
    accept_unknown: bool = False,
    profile: MicrodataProfile | None = None,
    save_as_profile: str = "",
) -> MicrodataIncoming:
    """Check the file under ``mapping``; when clean, keep it and move on to the confirmation.

    The checks read the whole file, so they run before the transaction: a database write
    lock is held only for the few rows written at the end.
    """
    incoming = _own(incoming, user)
    _still_open(incoming)
    cleaned, errors = clean_mapping(
        kind=incoming.kind, mapping=mapping, columns=column_names(incoming)
    )
    if errors:
        raise MicrodataError(errors)
    check = check_file(incoming, cleaned, accept_unknown=accept_unknown)
    if check.errors:
        raise MicrodataError(check.errors)
    with transaction.atomic():
        incoming = _lock(incoming, user)
        _still_open(incoming)
        if save_as_profile.strip():
            profile = profile_save(
                user=user, name=save_as_profile, kind=incoming.kind, mapping=cleaned
            )
        incoming.mapping = cleaned
        incoming.profile = profile
        incoming.suggested_personal = check.suggested_personal
        incoming.report = {**check.report(), "accept_unknown": accept_unknown}
        incoming.status = MicrodataIncomingStatus.CHECKED
        incoming.save(
            update_fields=["mapping", "profile", "suggested_personal", "report", "status"]
        )
        record_bulk_change(
            actor=user,
            model=MicrodataFile,
            summary={
                "event": "microdata_mapped",
                "incoming": incoming.pk,
                "mapping": cleaned,
                "unknown_rows": check.unknown_rows,
                "suggested_personal": [s["name"] for s in check.suggested_personal],
            },
            object_repr=_("Pemetaan kolom %(name)s diperiksa") % {"name": incoming.original_name},
        )
    return incoming


def _still_open(incoming: MicrodataIncoming) -> None:
    if incoming.status not in (MicrodataIncomingStatus.MAPPING, MicrodataIncomingStatus.CHECKED):
        raise MicrodataError(_("Berkas ini sudah didaftarkan atau dibatalkan."))


@transaction.atomic
def profile_save(*, user: User, name: str, kind: str, mapping: dict[str, str]) -> MicrodataProfile:
    """Save a mapping under a name for the user's region; the same name replaces it."""
    if user.role not in MANAGER_ROLES or user.region is None:
        raise PermissionDenied
    name = name.strip()[:100]
    if not name:
        raise MicrodataError(_("Nama profil wajib diisi."))
    clean = {k: v for k, v in mapping.items() if k in ROLE_LABELS or k == "code_system"}
    profile, created = MicrodataProfile.objects.update_or_create(
        owner_region=user.region,
        name=name,
        defaults={"kind": kind, "mapping": clean, "created_by": user},
    )
    record_bulk_change(
        actor=user,
        model=MicrodataProfile,
        summary={"event": "profile_saved", "profile": profile.pk, "name": name, "mapping": clean},
        object_repr=(
            _("Profil pemetaan %(name)s dibuat")
            if created
            else _("Profil pemetaan %(name)s diubah")
        )
        % {"name": name},
    )
    return profile


def _lock(incoming: MicrodataIncoming, user: User) -> MicrodataIncoming:
    return _own(incoming, user, lock=True)


def _own(incoming: MicrodataIncoming, user: User, *, lock: bool = False) -> MicrodataIncoming:
    """A fresh copy of the upload; only its uploader may continue it."""
    qs = MicrodataIncoming.objects.select_related("region")
    fresh = (qs.select_for_update(of=("self",)) if lock else qs).get(pk=incoming.pk)
    if fresh.uploaded_by_id != user.pk:
        raise PermissionDenied
    return fresh


# ---------------------------------------------------------------- step 3: register


def microdata_commit(
    *, incoming: MicrodataIncoming, user: User, personal_columns: list[str]
) -> MicrodataFile:
    """Split the file into its analysis and personal parts and register it, all or nothing.

    The parts are written first, beside the received file; the transaction then creates
    the row, moves the folder to ``<region code>/<id>/`` and records the audit entry. If
    anything fails, the folder is removed and no row remains.
    """
    incoming = _own(incoming, user)
    if incoming.status != MicrodataIncomingStatus.CHECKED:
        raise MicrodataError(_("Periksa pemetaan kolom dulu sebelum mendaftarkan berkas."))
    if not may_manage(user, incoming.region):
        raise PermissionDenied
    mapping = incoming.mapping
    names = column_names(incoming)
    personal = [c for c in names if c in set(personal_columns)]
    unknown = sorted(set(personal_columns) - set(names))
    mapped = {col: role for role, col in mapping.items() if role in ROLE_LABELS}
    errors = [_("Kolom %(col)s tidak ada di berkas ini.") % {"col": col} for col in unknown]
    errors += [
        _(
            "Kolom %(col)s dipakai sebagai %(role)s sehingga tidak dapat ditandai sebagai data "
            "pribadi. Ubah pemetaannya dulu."
        )
        % {"col": col, "role": ROLE_LABELS[mapped[col]]}
        for col in personal
        if col in mapped
    ]
    if errors:
        raise MicrodataError(errors)
    check = check_file(
        incoming, mapping, accept_unknown=bool(incoming.report.get("accept_unknown"))
    )
    if check.errors:
        raise MicrodataError(check.errors)

    folder = staging_path(incoming)
    out = folder / "out"
    final: Path | None = None
    try:
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        by_name = {c["name"]: c for c in incoming.columns}
        rows = files.write_parts(
            raw=folder / "raw.parquet",
            columns=incoming.columns,
            personal=personal,
            region_column=by_name[mapping["region_code"]],
            code_map=check.code_map,
            row_id=ROW_ID,
            kemendagri_column=KEMENDAGRI_COLUMN,
            analysis_path=out / "analysis.parquet",
            personal_path=out / "personal.parquet" if personal else None,
        )
        sha = files_sha256(out / "analysis.parquet")
        with transaction.atomic():
            incoming = _lock(incoming, user)
            if incoming.status != MicrodataIncomingStatus.CHECKED:
                raise MicrodataError(_("Berkas ini sudah didaftarkan atau dibatalkan."))
            file = MicrodataFile.objects.create(
                kind=incoming.kind,
                title=incoming.title,
                region=incoming.region,
                period=incoming.period,
                # A placeholder until the row has its id, which names the folder.
                relative_path=f"_baru/{incoming.staging_dir}/analysis.parquet",
                row_count=rows,
                sha256=sha,
                columns=_file_columns(mapping),
                personal_columns=personal,
                source=incoming.source or incoming.original_name,
            )
            relative_dir = Path(incoming.region.code) / str(file.pk)
            final = microdata_root() / relative_dir
            if final.exists():
                # Left by an attempt that failed before its row was saved: no row owns it.
                shutil.rmtree(final)
            final.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(out, final)
            file.relative_path = str(relative_dir / "analysis.parquet")
            file.save(update_fields=["relative_path"])
            # The decile profile reads the latest registry file of the region or above.
            bump_data_generation([incoming.region.code])
            MicrodataManifest.objects.create(
                file=file,
                personal_path=str(relative_dir / "personal.parquet") if personal else "",
                row_id_column=ROW_ID,
                coverage=check.coverage,
                report={**check.report(), "mapping": mapping},
                original_name=incoming.original_name,
                original_sha256=incoming.sha256,
                profile=incoming.profile,
                uploaded_by=user,
            )
            incoming.status = MicrodataIncomingStatus.COMMITTED
            incoming.microdata_file = file
            incoming.save(update_fields=["status", "microdata_file"])
            record_bulk_change(
                actor=user,
                model=MicrodataFile,
                summary={
                    "event": "microdata_registered",
                    "file": file.pk,
                    "path": file.relative_path,
                    "rows": rows,
                    "sha256": sha,
                    "personal_columns": personal,
                    "unknown_rows": check.unknown_rows,
                },
                object_repr=_("Mikrodata %(title)s didaftarkan") % {"title": file.title},
            )
            transaction.on_commit(lambda: shutil.rmtree(folder, ignore_errors=True))
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        if final is not None:
            shutil.rmtree(final, ignore_errors=True)
        raise
    return file


def _file_columns(mapping: dict[str, str]) -> dict[str, str]:
    """MicrodataFile.columns: the roles, with region_code naming the added Kemendagri column."""
    columns = {role: col for role, col in mapping.items() if role in ROLE_LABELS}
    columns.update(
        region_code=KEMENDAGRI_COLUMN,
        code_system="kemendagri",
        source_region_code=mapping["region_code"],
        source_code_system=mapping["code_system"],
        row_id=ROW_ID,
    )
    if mapping["code_system"] == "bps":
        columns["bps_code"] = mapping["region_code"]
    return columns


def files_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@transaction.atomic
def microdata_discard(*, incoming: MicrodataIncoming, user: User) -> None:
    incoming = _lock(incoming, user)
    if incoming.status == MicrodataIncomingStatus.COMMITTED:
        raise MicrodataError(_("Berkas yang sudah didaftarkan tidak dapat dibatalkan."))
    incoming.status = MicrodataIncomingStatus.DISCARDED
    incoming.save(update_fields=["status"])
    record_bulk_change(
        actor=user,
        model=MicrodataFile,
        summary={"event": "microdata_discarded", "incoming": incoming.pk},
        object_repr=_("Mikrodata %(name)s dibatalkan") % {"name": incoming.original_name},
    )
    folder = staging_path(incoming)
    transaction.on_commit(lambda: shutil.rmtree(folder, ignore_errors=True))


# ---------------------------------------------------------------- pages and exports


@dataclass(frozen=True)
class Preview:
    headers: list[str]
    personal: list[bool]
    rows: list[list[str]]


def preview(file: MicrodataFile, limit: int = PREVIEW_ROWS) -> Preview:
    """The first rows with every personal column masked."""
    row_id = getattr(getattr(file, "manifest", None), "row_id_column", ROW_ID)
    path = analysis_path(file)
    if not path.exists():
        return Preview([], [], [])
    headers, rows = files.read_rows(path, personal_path(file), row_id, limit)
    secret = set(file.personal_columns)
    flags = [h in secret for h in headers]
    shown = [
        [files.mask_value(v) if flag else _show(v) for v, flag in zip(row, flags, strict=True)]
        for row in rows
    ]
    return Preview(headers, flags, shown)


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format(value, ".15g") if abs(value) < 1e15 else f"{value:.0f}"
    return str(value)


@dataclass(frozen=True)
class Export:
    path: Path
    filename: str
    rows: int


@transaction.atomic
def personal_export(*, file: MicrodataFile, user: User, reason: str) -> Export:
    """The file with its personal columns, as CSV, for a stated reason; always audited.

    The caller streams ``path`` to the user and removes it.
    """
    if not may_export_personal(user, file):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise MicrodataError(
            _("Tuliskan alasan pengunduhan data pribadi; alasan ini dicatat di jejak audit.")
        )
    row_id = getattr(getattr(file, "manifest", None), "row_id_column", ROW_ID)
    handle, name = tempfile.mkstemp(dir=staging_root(), suffix=".csv")
    target = Path(name)
    try:
        import os

        os.close(handle)
        rows = files.export_csv(analysis_path(file), personal_path(file), row_id, target)
        record_bulk_change(
            actor=user,
            model=MicrodataFile,
            summary={
                "event": "personal_data_download",
                "file": file.pk,
                "title": file.title,
                "reason": reason[:2000],
                "rows": rows,
                "personal_columns": file.personal_columns,
            },
            object_repr=_("Unduhan data pribadi: %(title)s") % {"title": file.title},
        )
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    slug = re.sub(r"[^A-Za-z0-9]+", "-", file.title).strip("-").lower()[:60] or "mikrodata"
    return Export(path=target, filename=f"{slug}-{file.pk}-data-pribadi.csv", rows=rows)
