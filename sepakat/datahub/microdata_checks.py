"""Checks of a received microdata file: why it cannot be read, and what is wrong with it
under a column mapping (region codes against the hierarchy, numbers, achievement
statuses), with the coverage it would bring and the columns that look personal.
Reads only; the services in :mod:`sepakat.datahub.microdata` act on the findings."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sepakat.datahub import microdata_files as files
from sepakat.datahub.microdata_roles import CODE_SYSTEMS, REQUIRED_ROLES, ROLE_LABELS
from sepakat.datahub.microdata_storage import staging_path
from sepakat.datahub.models import MicrodataIncoming, MicrodataKind
from sepakat.regions.codes import normalise_bps_code, normalise_kemendagri_code
from sepakat.regions.models import CodeCrosswalk, Level, Region

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
        return empty_message(original_name)
    if exc.reason == "no_records":
        return no_records_message(original_name)
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


def empty_message(original_name: str) -> str:
    return _("Berkas %(name)s kosong: tidak ada nama kolom dan tidak ada baris data.") % {
        "name": original_name
    }


def no_records_message(original_name: str) -> str:
    return _("Berkas %(name)s hanya berisi nama kolom, tanpa baris data.") % {"name": original_name}


_DB_CHUNK = 800  # below SQLite's limit of query parameters


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
