"""Numbers as Indonesian planners write them: ``9,87 persen``, ``Rp 512.345``.

The active language decides the separators (Indonesian: ``.`` groups thousands and ``,``
marks decimals; English the reverse) and the words (``persen``/``percent``).

>>> from django.utils import translation
>>> with translation.override("id"):
...     format_number(1234.5, 1), format_value(9.8712, "%", 2), format_value(512345, "Rp/kapita/bulan", 0)
('1.234,5', '9,87 persen', 'Rp 512.345')
>>> with translation.override("en"):
...     format_number(1234.5, 1), format_value(9.8712, "%", 2), format_value(512345, "Rp/bulan", 0)
('1,234.5', '9.87 percent', 'Rp 512,345')
"""

from __future__ import annotations

import math

from django.utils.translation import get_language
from django.utils.translation import gettext as _


def _english() -> bool:
    return (get_language() or "id").startswith("en")


def _separators() -> tuple[str, str]:
    """(thousands, decimal) for the active language."""
    return (",", ".") if _english() else (".", ",")


def _percent(number: str) -> str:
    # A unit, like the separators, follows the language itself rather than a catalogue.
    return f"{number} percent" if _english() else f"{number} persen"


# The catalogue's units are written in Indonesian; in English they are shown in English,
# as "persen" is, so that an English table does not read "7.44 tahun". A unit a region
# added itself and not listed here is shown as it was written.
UNITS_EN = {
    "tahun": "years",
    "jiwa": "people",
    "ribu jiwa": "thousand people",
    "indeks": "index",
    "rasio": "ratio",
    "miliar": "billion",
    "Rp miliar": "Rp billion",
    "juta Rp": "million Rp",
    "Rp/bulan": "Rp/month",
    "Rp/kapita/bulan": "Rp/capita/month",
    "ribu Rp/jiwa": "thousand Rp/person",
    "ribu Rp/orang/tahun": "thousand Rp/person/year",
    "% penduduk": "% of population",
    "% rumah tangga": "% of households",
    "per 1.000 kelahiran hidup": "per 1,000 live births",
    "per 100.000 kelahiran hidup": "per 100,000 live births",
    "poin persen": "percentage points",
}


def unit_label(unit: str) -> str:
    """The unit as the reader's language writes it: ``tahun`` -> ``years`` in English."""
    unit = (unit or "").strip()
    return UNITS_EN.get(unit, unit) if _english() else unit


def format_number(value: float | None, decimals: int = 2, *, signed: bool = False) -> str:
    """``1234.5`` -> ``1.234,5`` (Indonesian) or ``1,234.5`` (English); ``-`` when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    thousands, decimal = _separators()
    text = f"{abs(value):,.{max(decimals, 0)}f}"
    integer, _dot, fraction = text.partition(".")
    out = integer.replace(",", thousands) + (decimal + fraction if fraction else "")
    if value < 0 and float(text.replace(",", "")) != 0:
        out = "-" + out
    elif signed and value > 0 and float(text.replace(",", "")) != 0:
        out = "+" + out
    return out


def format_value(value: float | None, unit: str, decimals: int = 2, *, signed: bool = False) -> str:
    """A value with its unit: ``9,87 persen``, ``Rp 512.345``, ``1.234,5 ribu jiwa``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    number = format_number(value, decimals, signed=signed)
    unit = (unit or "").strip()
    if unit == "%":
        return _percent(number)
    if unit == "Rp" or (unit.startswith("Rp") and "/" in unit):
        return f"Rp {number}"
    if unit.startswith("Rp "):  # "Rp miliar"
        return f"Rp {number} {unit_label(unit[3:])}"
    if unit.startswith("%"):  # "% penduduk", "% rumah tangga"
        return _percent(number)
    if unit in ("indeks", "rasio", ""):
        return number
    return f"{number} {unit_label(unit)}"


def format_points(value: float | None, unit: str, decimals: int = 2) -> str:
    """A difference: percentage points for percentages, otherwise the value with its unit."""
    if value is None:
        return "-"
    if (unit or "").startswith("%"):
        number = format_number(abs(value), decimals)
        return f"{number} percentage points" if _english() else f"{number} poin persen"
    return format_value(abs(value), unit, decimals)


def format_cell(value: object, decimals: int | None = None) -> str:
    """A table cell: numbers in the given decimals (or by size), booleans in words, years
    as they are, a dash when missing."""
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, int | float) and decimals is not None:
        return format_number(value, decimals)
    if isinstance(value, int):
        return str(value) if 1900 <= value <= 2100 else format_number(value, 0)
    if isinstance(value, float):
        return format_number(value, 3 if abs(value) < 1 else 2)
    return str(value)
