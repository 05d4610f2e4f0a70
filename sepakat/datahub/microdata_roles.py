"""The roles a column of a microdata file can play, and the columns SEPAKAT adds to it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from sepakat.core.roles import Role
from sepakat.datahub.models import MicrodataKind

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
