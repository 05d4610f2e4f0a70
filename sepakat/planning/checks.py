"""The checks a plan line must pass, as pure functions with the reason in words.

Each check takes plain values (the selectors in :mod:`sepakat.planning.selectors` load
them: the catalogue in force, the region's SKPD list) and returns None when the line passes
or a :class:`CheckFailure` whose message tells the planner what is wrong and what to do.
Nothing here reads or writes the database, so the plan editor, the plan import and the
tests call them the same way.

Choices where the regulation is silent:

- a target equal to the baseline passes (keeping full coverage is a target); only a move
  against the indicator's polarity is refused; a neutral indicator (polarity 0) and a
  missing baseline get no direction check;
- a percentage target (unit ``%``/``persen``) must lie within 0-100;
- decimals may be written with a comma (``12,5``) as in Indonesian documents;
- a location must be the region itself or lie below it (kecamatan, desa/kelurahan), by its
  Kemendagri code; when the list of the region's codes is given, it must also be known.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from sepakat.planning.codes import (
    GovernmentLevel,
    NomenclatureKind,
    kind_of_code,
    normalise_code,
    wildcard_code,
)
from sepakat.regions.models import Level


@dataclass(frozen=True)
class CheckFailure:
    check: str  # "nomenclature", "level", "location", "target", "opd"
    message: str


@dataclass(frozen=True)
class Entry:
    code: str
    kind: str
    level: str
    name: str
    indicator: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Catalogue:
    """The items of one nomenclature version, as the checks need them."""

    version_name: str
    in_force_from: date
    entries: Mapping[str, Entry] = field(default_factory=dict)

    def find(self, code: str) -> Entry | None:
        """The item of ``code``, or of its ``X.XX`` form shared by all bidang."""
        entry = self.entries.get(code)
        if entry is None and (shared := wildcard_code(code)):
            entry = self.entries.get(shared)
        return entry


def check_sub_kegiatan_in_force(
    *, code: str, catalogue: Catalogue | None, on: date
) -> CheckFailure | None:
    """The code is a sub kegiatan of the nomenclature version in force on ``on``."""
    if catalogue is None:
        return CheckFailure(
            "nomenclature",
            _(
                "Belum ada versi nomenklatur yang berlaku pada %(date)s. Minta admin pusat "
                "mengimpor nomenklatur Permendagri 90/2019 yang berlaku."
            )
            % {"date": on.isoformat()},
        )
    code = normalise_code(code)
    if kind_of_code(code) != NomenclatureKind.SUB_KEGIATAN:
        return CheckFailure(
            "nomenclature",
            _(
                "'%(code)s' bukan kode sub kegiatan. Tulis kode lengkap enam bagian "
                "(urusan.bidang.program.tingkat.kegiatan.sub kegiatan, tingkat 1 untuk "
                "provinsi atau 2 untuk kabupaten/kota), mis. 1.02.02.2.01.0006."
            )
            % {"code": code},
        )
    if catalogue.find(code) is None:
        return CheckFailure(
            "nomenclature",
            _(
                "Sub kegiatan %(code)s tidak ada dalam nomenklatur yang berlaku pada "
                "%(date)s (%(version)s). Periksa kodenya di halaman Nomenklatur."
            )
            % {"code": code, "date": on.isoformat(), "version": catalogue.version_name},
        )
    return None


def check_level(*, entry: Entry, region_level: int) -> CheckFailure | None:
    """The item belongs to the plan's level of government (province or kab/kota)."""
    if region_level == Level.PROVINCE:
        own, other = GovernmentLevel.PROVINCE, GovernmentLevel.KAB_KOTA
    elif region_level == Level.REGENCY:
        own, other = GovernmentLevel.KAB_KOTA, GovernmentLevel.PROVINCE
    else:
        return CheckFailure(
            "level",
            _("Rencana disusun oleh provinsi atau kabupaten/kota, bukan wilayah tingkat ini."),
        )
    if entry.level in (own, GovernmentLevel.BOTH):
        return None
    if other == GovernmentLevel.PROVINCE:
        message = _(
            "Sub kegiatan %(code)s (%(name)s) adalah kewenangan provinsi; kabupaten/kota "
            "tidak dapat merencanakannya. Pilih sub kegiatan kabupaten/kota (digit tingkat 2)."
        )
    else:
        message = _(
            "Sub kegiatan %(code)s (%(name)s) adalah kewenangan kabupaten/kota; provinsi "
            "tidak dapat merencanakannya. Pilih sub kegiatan provinsi (digit tingkat 1)."
        )
    return CheckFailure("level", message % {"code": entry.code, "name": entry.name})


def check_location(
    *, location_code: str, region_code: str, known_codes: Container[str] | None = None
) -> CheckFailure | None:
    """The location (Kemendagri code) is the region or lies inside it."""
    code = location_code.strip()
    inside = code == region_code or code.startswith(region_code + ".")
    if not inside:
        return CheckFailure(
            "location",
            _(
                "Lokasi %(code)s berada di luar wilayah %(region)s. Pilih kecamatan atau "
                "desa/kelurahan di wilayah Anda (kode diawali %(region)s.)."
            )
            % {"code": code or "-", "region": region_code},
        )
    if known_codes is not None and code not in known_codes:
        return CheckFailure(
            "location",
            _(
                "Kode lokasi %(code)s tidak dikenal di wilayah %(region)s. Periksa kodenya "
                "di halaman Wilayah."
            )
            % {"code": code, "region": region_code},
        )
    return None


def parse_number(value: object) -> Decimal | None:
    """A finite number from a number or a text with a decimal point or comma, else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = str(value).strip().replace(" ", "")
        if "," in text and "." in text:
            return None  # 1.234,5 or 1,234.5: ambiguous, ask for a plain number
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            return None
    return number if number.is_finite() else None


_PERCENT_UNITS = {"%", "persen", "percent"}


def check_target(
    *,
    target: object,
    baseline: object | None,
    polarity: int,
    unit: str = "",
    indicator: str = "",
) -> CheckFailure | None:
    """The target is a number in the indicator's unit that does not move against its
    polarity (+1 higher is better, -1 lower is better, 0 neutral) from the baseline."""
    value = parse_number(target)
    what = indicator or _("indikator")
    if value is None:
        return CheckFailure(
            "target",
            _("Target '%(value)s' untuk %(indicator)s bukan angka. Tulis angka saja, mis. 12,5.")
            % {"value": target, "indicator": what},
        )
    if unit.strip().lower() in _PERCENT_UNITS and not (0 <= value <= 100):
        return CheckFailure(
            "target",
            _("Target %(value)s untuk %(indicator)s harus di antara 0 dan 100 (satuan persen).")
            % {"value": value, "indicator": what},
        )
    base = parse_number(baseline) if baseline is not None else None
    if base is None or polarity == 0:
        return None
    if polarity > 0 and value < base:
        return CheckFailure(
            "target",
            _(
                "Target %(value)s lebih rendah dari kondisi awal %(baseline)s, padahal untuk "
                "%(indicator)s makin tinggi makin baik. Tetapkan target paling sedikit "
                "%(baseline)s."
            )
            % {"value": value, "baseline": base, "indicator": what},
        )
    if polarity < 0 and value > base:
        return CheckFailure(
            "target",
            _(
                "Target %(value)s lebih tinggi dari kondisi awal %(baseline)s, padahal untuk "
                "%(indicator)s makin rendah makin baik. Tetapkan target paling banyak "
                "%(baseline)s."
            )
            % {"value": value, "baseline": base, "indicator": what},
        )
    return None


def check_opd(
    *, skpd_code: str, skpds: Mapping[str, tuple[str, bool]], region_name: str = ""
) -> CheckFailure | None:
    """The responsible OPD is an active agency of the region's SKPD list
    (``skpds``: code -> (name, active))."""
    code = normalise_code(skpd_code)
    found = skpds.get(code)
    if found is None:
        return CheckFailure(
            "opd",
            _(
                "SKPD %(code)s tidak ada dalam daftar SKPD %(region)s. Pilih SKPD dari daftar "
                "atau minta admin daerah memperbarui daftar SKPD."
            )
            % {"code": code or "-", "region": region_name or _("wilayah ini")},
        )
    name, active = found
    if not active:
        return CheckFailure(
            "opd",
            _(
                "SKPD %(code)s (%(name)s) sudah tidak aktif. Pilih SKPD yang kini menangani "
                "urusan tersebut."
            )
            % {"code": code, "name": name},
        )
    return None
