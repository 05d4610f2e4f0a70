"""What a user reads when the workbook guard refuses a list (a bomb, a DTD, damage).

Kept apart from ``xlsx_guard`` because the guard must stay free of Django (the analytics
library uses it); the lists that share these words are the nomenclature, plan and
participant imports.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

_MESSAGES = {
    "bomb": lambda: _(
        "Berkas xlsx membengkak menjadi ratusan MB saat dibuka (bom zip); berkas ditolak tanpa "
        "dibuka. Simpan ulang daftar dari Excel atau LibreOffice sebagai 'Excel Workbook (.xlsx)'."
    ),
    "entities": lambda: _(
        "Berkas xlsx berisi deklarasi entitas XML (DOCTYPE) yang tidak pernah ditulis Excel; "
        "berkas ditolak tanpa dibuka. Simpan ulang dari Excel atau LibreOffice sebagai "
        "'Excel Workbook (.xlsx)'."
    ),
    "damaged": lambda: _(
        "Berkas xlsx rusak atau terpotong dan tidak dapat dibuka. Simpan ulang dari Excel atau "
        "LibreOffice sebagai 'Excel Workbook (.xlsx)'."
    ),
}


def unsafe_xlsx_message(kind: str) -> str:
    """The message for an ``UnsafeXlsx.kind`` (``bomb``, ``entities`` or ``damaged``)."""
    return _MESSAGES[kind]()
