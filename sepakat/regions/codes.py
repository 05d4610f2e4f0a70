"""Reading region codes as they are written in files, always as text.

Kemendagri codes are dotted, with 2, 2, 2 and 4 digits per level:
``32`` / ``32.01`` / ``32.01.01`` / ``32.01.01.2001``. BPS codes are plain digits,
2, 4, 7 and 10 long: ``32`` / ``3201`` / ``3201010`` / ``3201010001``. The two differ
even at kab/kota level (BPS ``1202`` is Kemendagri ``12.13``): never turn one into the
other by moving dots; join them through :class:`~sepakat.regions.models.CodeCrosswalk`.

>>> normalise_kemendagri_code(" 35.01.01.2001 ")
'35.01.01.2001'
>>> normalise_kemendagri_code("3501012001")  # undotted, as some exports write it
'35.01.01.2001'
>>> normalise_kemendagri_code("11.1") is None  # 11.10 after a spreadsheet made it a number
True
>>> normalise_bps_code("id3501010012")  # HDX/COD-AB boundaries prefix the ISO code
'3501010012'
"""

from __future__ import annotations

import re

KEMENDAGRI_PART_LENGTHS = (2, 2, 2, 4)
# Undotted Kemendagri codes: how many digits each level has in total.
_KEMENDAGRI_UNDOTTED = {2: (2,), 4: (2, 2), 6: (2, 2, 2), 10: (2, 2, 2, 4)}
BPS_CODE_LENGTHS = {2: 1, 4: 2, 7: 3, 10: 4}
_DOTTED = re.compile(r"^\d+(\.\d+){0,3}$")
_ISO_PREFIX = re.compile(r"^id", re.IGNORECASE)


def normalise_kemendagri_code(value: str) -> str | None:
    """The dotted Kemendagri code written in ``value``, or None when it is not one."""
    text = value.strip()
    if text.isdigit():
        lengths = _KEMENDAGRI_UNDOTTED.get(len(text))
        if lengths is None:
            return None
        parts, start = [], 0
        for length in lengths:
            parts.append(text[start : start + length])
            start += length
        return ".".join(parts)
    if not _DOTTED.match(text):
        return None
    parts = text.split(".")
    if any(len(p) != n for p, n in zip(parts, KEMENDAGRI_PART_LENGTHS, strict=False)):
        return None
    return text


def strip_iso_prefix(value: str) -> str:
    """``id3501010012`` -> ``3501010012``: HDX COD-AB p-codes start with the ISO country code."""
    return _ISO_PREFIX.sub("", value.strip(), count=1)


def normalise_bps_code(value: str) -> str | None:
    """The BPS code written in ``value`` (digits only, 2/4/7/10 long), or None."""
    text = strip_iso_prefix(value)
    if text.isdigit() and len(text) in BPS_CODE_LENGTHS:
        return text
    return None


def bps_level(code: str) -> int:
    return BPS_CODE_LENGTHS[len(code)]


def kemendagri_level(code: str) -> int:
    return len(code.split("."))
