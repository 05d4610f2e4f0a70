"""Cells of an .xlsx read straight from its XML, for what calamine does not say (formulas).

Nothing here touches the database or Django.
"""

from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree

# As many as a page of errors shows (see parsing.MAX_REPORTED_ERRORS).
MAX_FORMULA_CELLS = 500


def split_ref(ref: str) -> tuple[str, int]:
    match = re.match(r"([A-Z]+)(\d+)", ref)
    if match is None:
        return ref, 0
    return match.group(1), int(match.group(2))


def formula_cells(archive: zipfile.ZipFile, sheet_name: str) -> list[str]:
    """Cell references of formulas in one sheet, read straight from the sheet's XML."""
    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    }
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rel_id = None
    for sheet in workbook.iterfind("m:sheets/m:sheet", ns):
        if sheet.get("name") == sheet_name:
            rel_id = sheet.get(f"{{{ns['r']}}}id")
    if rel_id is None:
        return []
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = None
    for rel in rels:
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
    if not target:
        return []
    member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    refs: list[str] = []
    tag_c = f"{{{ns['m']}}}c"
    tag_f = f"{{{ns['m']}}}f"
    with archive.open(member) as stream:
        for _event, element in ElementTree.iterparse(stream):
            if element.tag == tag_c:
                if element.find(tag_f) is not None and len(refs) < MAX_FORMULA_CELLS:
                    refs.append(element.get("r", "?"))
                element.clear()
    return refs
