"""Profile by welfare decile from the registry (DTKS/Regsosek/DTSEN-like) file.

For the desa of a region: the share of households with each yes/no attribute (adequate
housing, improved water, assistance received...) in each national welfare decile 1-10.
DuckDB reads the Parquet file and returns only the aggregated table (at most ten rows per
attribute); no household record comes into Python. Cells with fewer than
:data:`MIN_HOUSEHOLDS` households are suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
from django.utils.translation import gettext_lazy as _

from sepakat.datahub.microdata import analysis_path
from sepakat.datahub.models import MicrodataFile
from sepakat.regions.models import Level, Region

MIN_HOUSEHOLDS = 5
# Readable names of the attributes SEPAKAT's registry files carry; others show their column.
ATTRIBUTE_LABELS = {
    "adequate_housing": _("Rumah layak huni"),
    "improved_water": _("Air minum layak"),
    "improved_sanitation": _("Sanitasi layak"),
    "head_female": _("Kepala rumah tangga perempuan"),
    "has_disabled_member": _("Ada anggota penyandang disabilitas"),
    "has_elderly_member": _("Ada anggota lanjut usia"),
    "jkn_pbi": _("Penerima PBI JKN"),
    "receives_pkh": _("Penerima PKH"),
    "receives_bpnt": _("Penerima BPNT/sembako"),
    "receives_pip": _("Penerima PIP"),
    "receives_blt_dd": _("Penerima BLT Dana Desa"),
    "any_assistance": _("Menerima bantuan sosial apa pun"),
    "urban": _("Tinggal di perkotaan"),
}


@dataclass
class DecileProfile:
    file: MicrodataFile | None
    rows: list[dict[str, Any]] = field(default_factory=list)
    households: int = 0
    attributes: list[str] = field(default_factory=list)
    error: str = ""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def decile_profile(file: MicrodataFile, region: Region) -> DecileProfile:
    """Share (%) of households with each boolean attribute, by decile, in ``region``."""
    columns = file.columns or {}
    decile_col = columns.get("decile")
    code_col = columns.get("region_code")
    profile = DecileProfile(file=file)
    if not decile_col or not code_col:
        profile.error = str(
            _("Berkas registrasi ini belum memetakan kolom desil dan kode wilayah.")
        )
        return profile
    path = analysis_path(file)
    con = duckdb.connect()
    try:
        source = "read_parquet('" + str(path).replace("'", "''") + "')"
        described = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
        roles = {v for k, v in columns.items() if k not in ("urban",)}
        booleans = [
            name for name, kind, *_r in described if kind == "BOOLEAN" and name not in roles
        ]
        if not booleans:
            profile.error = str(_("Berkas registrasi ini tidak punya atribut ya/tidak."))
            return profile
        shares = ", ".join(
            f"avg(CAST({_quote(b)} AS DOUBLE)) * 100 AS {_quote('a_' + b)}" for b in booleans
        )
        if region.level == Level.NATIONAL:
            where, params = "TRUE", []
        else:
            where, params = f"CAST({_quote(code_col)} AS VARCHAR) LIKE ?", [region.code + ".%"]
        result = con.execute(
            f"SELECT CAST({_quote(decile_col)} AS INTEGER) AS d, count(*) AS n, {shares} "
            f"FROM {source} WHERE {where} AND {_quote(decile_col)} BETWEEN 1 AND 10 "
            "GROUP BY 1 ORDER BY 1",
            params,
        ).fetchall()
    finally:
        con.close()
    profile.attributes = [str(ATTRIBUTE_LABELS.get(b, b.replace("_", " "))) for b in booleans]
    for record in result:
        decile, n = int(record[0]), int(record[1])
        profile.households += n
        for label, share in zip(profile.attributes, record[2:], strict=True):
            profile.rows.append(
                {
                    "atribut": label,
                    "desil": decile,
                    "persen": None if n < MIN_HOUSEHOLDS or share is None else round(share, 2),
                    "rumah_tangga": n,
                }
            )
    return profile
