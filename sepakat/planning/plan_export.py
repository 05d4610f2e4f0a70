"""``sepakat plan export``: a version as the long CSV or as a SIPD-shaped workbook.

The SIPD-RI workbook has one row per sub kegiatan and year of the period (the baseline
year is no input of SIPD and is left out), in the order a planner types them into the
RKPD/Renja input of SIPD-RI: sub kegiatan code and name, output indicator, target, unit,
indicative budget, location, fund source, the extreme-poverty and stunting tags, and the
OPD. Codes are written as text so that ``1.10`` stays ``1.10``. The RPKD draft (DOCX,
PDF) is built by :mod:`rpkd` and its two renderers; its "rows" are the rows of the
programme matrix (one per sub kegiatan and year of the period).
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sepakat.planning.models_plan import PlanVersion
from sepakat.planning.plan_import import COLUMNS
from sepakat.planning.plan_selectors import csv_rows, interventions_of
from sepakat.regions.models import Region

FORMATS = ("csv", "sipd-xlsx", "rpkd-docx", "rpkd-pdf")


def write_csv(version: PlanVersion, output: Path) -> int:
    rows = csv_rows(version)
    with output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def sipd_header() -> list[str]:
    return [
        _("Tahun"),
        _("Kode Sub Kegiatan"),
        _("Nama Sub Kegiatan"),
        _("Indikator Keluaran"),
        _("Target"),
        _("Satuan"),
        _("Pagu Indikatif (Rp)"),
        _("Lokasi"),
        _("Sumber Dana"),
        _("Tag Kemiskinan Ekstrem"),
        _("Tag Stunting"),
        _("Kode SKPD"),
        _("Nama SKPD"),
    ]


def write_sipd_xlsx(version: PlanVersion, output: Path) -> int:
    import openpyxl
    from openpyxl.styles import Font

    plan = version.plan
    interventions = interventions_of(version)
    codes = {c for i in interventions for y in i.years.all() for c in y.locations}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "RKPD"
    sheet.append(
        [
            _("Rencana %(region)s %(start)s-%(end)s, versi %(v)s (%(status)s)")
            % {
                "region": plan.region.display_name,
                "start": plan.start_year,
                "end": plan.end_year,
                "v": version.number,
                "status": version.get_status_display(),
            }
        ]
    )
    sheet.append(sipd_header())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    yes, no = _("Ya"), _("Tidak")
    count = 0
    for i in interventions:
        for y in i.years.all():
            if y.year not in plan.years:
                continue
            places = "; ".join(f"{c} {names.get(c, '')}".strip() for c in y.locations)
            sheet.append(
                [
                    y.year,
                    i.sub_kegiatan_code,
                    i.sub_kegiatan_name,
                    i.output_indicator,
                    float(y.target),
                    i.unit,
                    float(y.budget) if y.budget is not None else None,
                    places or plan.region.display_name,
                    i.fund_source,
                    yes if i.tag_extreme_poverty else no,
                    yes if i.tag_stunting else no,
                    i.skpd.code,
                    i.skpd.name,
                ]
            )
            count += 1
    for column, width in zip(
        "ABCDEFGHIJKLM", (7, 20, 45, 45, 10, 12, 18, 40, 14, 12, 10, 26, 40), strict=True
    ):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    workbook.save(output)
    return count


def rpkd_bytes(version: PlanVersion, fmt: str) -> bytes:
    """The RPKD draft of ``version`` as ``rpkd-docx`` or ``rpkd-pdf``."""
    from sepakat.planning import rpkd

    doc = rpkd.build(version)
    if fmt == "rpkd-docx":
        from sepakat.planning.rpkd_docx import rpkd_docx

        return rpkd_docx(doc)
    from sepakat.planning.rpkd_pdf import rpkd_pdf

    return rpkd_pdf(doc)


def export_bytes(version: PlanVersion, fmt: str) -> bytes:
    """``version`` in ``fmt`` as bytes, for a download (through a temporary file, so that
    the page and the command line write exactly the same file)."""
    if fmt in ("rpkd-docx", "rpkd-pdf"):
        return rpkd_bytes(version, fmt)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export"
        plan_export(version=version, fmt=fmt, output=path)
        return path.read_bytes()


def plan_export(*, version: PlanVersion, fmt: str, output: Path) -> int:
    """Write ``version`` in ``fmt`` to ``output``; the number of rows written."""
    if fmt == "csv":
        return write_csv(version, output)
    if fmt == "sipd-xlsx":
        return write_sipd_xlsx(version, output)
    if fmt in ("rpkd-docx", "rpkd-pdf"):
        output.write_bytes(rpkd_bytes(version, fmt))
        return sum(
            1
            for i in interventions_of(version)
            for y in i.years.all()
            if y.year in version.plan.years
        )
    raise ValidationError(
        _("Format '%(format)s' tidak dikenal; pilih salah satu: %(choices)s.")
        % {"format": fmt, "choices": ", ".join(FORMATS)}
    )
