"""The shape of Permendagri 90/2019 codes and the level-of-government rule.

A code is ``urusan.bidang.program.tingkat.kegiatan.sub``, e.g. ``1.02.02.2.01.0006``:

==========  ===================  ============================
parts       kind                 example
==========  ===================  ============================
1           urusan               ``1``
2           bidang urusan        ``1.02``
3           program              ``1.02.02``
5           kegiatan             ``1.02.02.2.01``
6           sub kegiatan         ``1.02.02.2.01.0006``
==========  ===================  ============================

The fourth part is the level digit of the kegiatan: ``1`` province, ``2`` kab/kota. The
support programme every agency shares is published once for all bidang as ``X.XX.01``
(``X.XX.01.2.02.0001``); such a code matches any bidang. Sub kegiatan numbers have four
digits since Kepmendagri 050-5889/2021 (two in the 2020 list): a two-digit sub is refused,
since the numbering changed and cannot be padded.
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class NomenclatureKind(models.TextChoices):
    URUSAN = "urusan", _("Urusan")
    BIDANG = "bidang", _("Bidang urusan")
    PROGRAM = "program", _("Program")
    KEGIATAN = "kegiatan", _("Kegiatan")
    SUB_KEGIATAN = "sub_kegiatan", _("Sub kegiatan")


class GovernmentLevel(models.TextChoices):
    """Whose list an item belongs to. Urusan, bidang and programmes serve both levels."""

    BOTH = "semua", _("Provinsi dan kabupaten/kota")
    PROVINCE = "provinsi", _("Provinsi")
    KAB_KOTA = "kabkota", _("Kabupaten/kota")


WILDCARD_BIDANG = "X.XX"
_BIDANG = r"(?:\d\.\d{2}|X\.XX)"
_PATTERNS = (
    (re.compile(r"^\d$"), NomenclatureKind.URUSAN),
    (re.compile(r"^\d\.\d{2}$"), NomenclatureKind.BIDANG),
    (re.compile(rf"^{_BIDANG}\.\d{{2}}$"), NomenclatureKind.PROGRAM),
    (re.compile(rf"^{_BIDANG}\.\d{{2}}\.[12]\.\d{{2}}$"), NomenclatureKind.KEGIATAN),
    (re.compile(rf"^{_BIDANG}\.\d{{2}}\.[12]\.\d{{2}}\.\d{{4}}$"), NomenclatureKind.SUB_KEGIATAN),
)


def normalise_code(raw: str) -> str:
    """A code as written in the lists: no spaces, an upper-case ``X`` for the wildcard."""
    return re.sub(r"\s+", "", raw).upper()


def kind_of_code(code: str) -> NomenclatureKind | None:
    """The kind of a well-formed code, or None when the code has no valid shape."""
    for pattern, kind in _PATTERNS:
        if pattern.match(code):
            return kind
    return None


def level_from_code(code: str) -> GovernmentLevel:
    """The level of government by the kegiatan's level digit; above kegiatan, both levels."""
    parts = code.split(".")
    if len(parts) < 5:
        return GovernmentLevel.BOTH
    return GovernmentLevel.PROVINCE if parts[3] == "1" else GovernmentLevel.KAB_KOTA


def wildcard_code(code: str) -> str | None:
    """The same code under the shared ``X.XX`` bidang, for programmes and below."""
    parts = code.split(".")
    if len(parts) < 3 or parts[0] == "X":
        return None
    return ".".join([WILDCARD_BIDANG, *parts[2:]])


def parent_codes(code: str) -> list[str]:
    """The codes above ``code``, from the urusan down (the level digit is no item)."""
    parts = code.split(".")
    prefixes = [".".join(parts[:n]) for n in (1, 2, 3, 5) if n < len(parts)]
    return [p for p in prefixes if p and not p.startswith("X")]


_SKPD_RE = re.compile(r"^\d\.\d{2}\.\d\.\d{2}\.\d\.\d{2}\.\d{2}\.\d{4}$")


def is_skpd_code(code: str) -> bool:
    """An organisation code of Permendagri 90/2019: three urusan-bidang pairs (the first the
    main one, e.g. ``1.02.0.00.0.00``), the organisation and the unit: ``...01.0000``."""
    return bool(_SKPD_RE.match(code))
