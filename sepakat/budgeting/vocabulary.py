"""The words of a budget file: stages, tags, fund sources and rupiah amounts.

Pure functions, no database: the import, the data hub and the tests read a cell the same way.

Fund sources follow the transfer scheme of UU 1/2022 (HKPD). A file's text is kept, but
where it names one of the national sources it is written the one way of :data:`FUND_SOURCES`
(``Dana Alokasi Khusus Fisik``, ``DAK FISIK`` and ``dak_fisik`` all become ``DAK fisik``),
so that the analysis adds up one source once. A text naming none of them (``BLUD``,
``Pinjaman Daerah``) is kept as written, with its spaces tidied.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from sepakat.budgeting.models import STAGE_ORDER

STAGES = STAGE_ORDER

# The tag words of the command-line layout: SIPD-RI's extreme-poverty and stunting tags, then
# the three strategies of Inpres 4/2022 (reduce the spending burden, raise income, reduce
# poverty pockets). Stored and printed in this order.
TAGS: tuple[str, ...] = ("kemiskinan-ekstrem", "stunting", "beban", "pendapatan", "kantong")
# What each word means, for pages and documents (the word itself stays what files carry).
TAG_LABELS = {
    "kemiskinan-ekstrem": _("Kemiskinan ekstrem (tag SIPD-RI)"),
    "stunting": _("Stunting (tag SIPD-RI)"),
    "beban": _("Strategi: mengurangi beban pengeluaran"),
    "pendapatan": _("Strategi: meningkatkan pendapatan"),
    "kantong": _("Strategi: mengurangi kantong kemiskinan"),
}

FUND_SOURCES: tuple[str, ...] = (
    "PAD",
    "DAU",
    "DAU earmarked",
    "DAK fisik",
    "DAK non-fisik",
    "DBH",
    "DBH-CHT",
    "Dana Desa",
    "lainnya",
)

# Spellings met in SIPD exports and regional files, reduced by :func:`_fund_key`.
_FUND_ALIASES: dict[str, str] = {
    "pad": "PAD",
    "pendapatanaslidaerah": "PAD",
    "dau": "DAU",
    "danaalokasiumum": "DAU",
    "dauumum": "DAU",
    "dautidakditentukanpenggunaannya": "DAU",
    "dauearmarked": "DAU earmarked",
    "dauspecificgrant": "DAU earmarked",
    "dauyangditentukanpenggunaannya": "DAU earmarked",
    "dauditentukanpenggunaannya": "DAU earmarked",
    "danaalokasiumumyangditentukanpenggunaannya": "DAU earmarked",
    "dakfisik": "DAK fisik",
    "danaalokasikhususfisik": "DAK fisik",
    "daknonfisik": "DAK non-fisik",
    "danaalokasikhususnonfisik": "DAK non-fisik",
    "dbh": "DBH",
    "danabagihasil": "DBH",
    "dbhcht": "DBH-CHT",
    "dbhcukaihasiltembakau": "DBH-CHT",
    "danabagihasilcukaihasiltembakau": "DBH-CHT",
    "dd": "Dana Desa",
    "danadesa": "Dana Desa",
    "lainnya": "lainnya",
    "lain": "lainnya",
    "lainlain": "lainnya",
    "lainlainpendapatandaerahyangsah": "lainnya",
}


def _fund_key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def normalise_fund_source(text: str) -> str:
    """The national name of a fund source, or the text itself with its spaces tidied.

    >>> normalise_fund_source("Dana Alokasi Khusus Fisik")
    'DAK fisik'
    >>> normalise_fund_source("  BLUD  RSUD ")
    'BLUD RSUD'
    """
    tidy = " ".join(text.split())
    return _FUND_ALIASES.get(_fund_key(tidy), tidy)


def parse_tags(text: str) -> tuple[list[str], list[str]]:
    """(known tags in the order of :data:`TAGS`, unknown words) of a space-separated cell.

    Commas are read as spaces too: a planner typing ``stunting, beban`` means two tags.
    """
    words = [w for w in re.split(r"[\s,]+", text.strip().lower()) if w]
    unknown = [w for w in dict.fromkeys(words) if w not in TAGS]
    known = [t for t in TAGS if t in words]
    return known, unknown


def parse_stage(text: str) -> str | None:
    """``KUA-PPAS`` -> ``kua-ppas``; None for a word that is no stage."""
    stage = text.strip().lower().replace("_", "-").replace(" ", "-")
    return stage if stage in STAGES else None


_AMOUNT_RE = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def parse_amount(text: str) -> Decimal | None:
    """Rupiah written as a plain number with a decimal point or an Indonesian decimal comma.

    Thousand separators are refused (None), since ``1.500`` could then mean one and a half or
    fifteen hundred: a plain number is never read two ways.

    >>> parse_amount("1500000,50")
    Decimal('1500000.50')
    >>> parse_amount("1.500.000") is None
    True
    """
    value = text.strip().replace(" ", "")
    if not _AMOUNT_RE.match(value):
        return None
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None
    return number if number.is_finite() else None
