"""What a data template looks like, shared by the writer and the reader.

A template is an .xlsx workbook with three sheets:

- ``Petunjuk``: instructions in Bahasa Indonesia and a table of the columns;
- ``Data``: row 1 the column titles for people, row 2 the column keys the reader uses
  (``kode_wilayah``, ``nama_wilayah``, ``tahun`` and one indicator code per column), data
  from row 3 on;
- ``_meta`` (very hidden): which dataset, which version of it, for which region.

The version is derived from the dataset's indicator codes, so a template downloaded before
the catalogue changed is recognised as an older version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

# Excel's column names, shared with every reader that reports a cell.
from sepakat.core.headers import column_letter as column_letter

DATA_SHEET = "Data"
INSTRUCTION_SHEET = "Petunjuk"
META_SHEET = "_meta"
TITLE_ROW = 1
KEY_ROW = 2
FIRST_DATA_ROW = 3
REGION_CODE_KEY = "kode_wilayah"
REGION_NAME_KEY = "nama_wilayah"
YEAR_KEY = "tahun"
FIXED_KEYS = (REGION_CODE_KEY, REGION_NAME_KEY, YEAR_KEY)
TEMPLATE_MARK = "SEPAKAT-TEMPLAT"
MIN_YEAR, MAX_YEAR = 2000, 2100


def template_version(indicator_codes: Sequence[str]) -> str:
    """A short fingerprint of the dataset's columns, in order."""
    digest = hashlib.sha256(",".join(indicator_codes).encode()).hexdigest()
    return digest[:8]
