"""A seeded generator of bad files for every upload point that reads a file's content.

Each case is made from ``(seed, index)`` alone, so a failing case can be replayed by its
number. A case is a file that must be refused: the suite asserts no 500, a message in
Bahasa Indonesia, no row and no file left behind.

Upload points: ``template`` (filled indicator templates, .xlsx and .csv), ``budget``
(APBD template), ``library`` (resource library), ``letter`` (the access-request letter),
``participants`` (a training's participant list) and ``microdata`` (survey and registry
files). Kinds of damage: truncated and corrupted xlsx, zip bombs, wrong encodings,
formulas, duplicated or missing headers, other regions' codes, absurd numbers, and types
disguised by their extension.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from openpyxl import load_workbook


@dataclass(frozen=True)
class BadFile:
    point: str
    kind: str
    name: str
    content: bytes


# Bytes of other kinds of file, as they begin.
DISGUISES = {
    "pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    "exe": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100,
    "html": b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n",
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>\n',
    "php": b"<?php echo shell_exec($_GET['c']); ?>\n",
    "xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
}
ACTIVE_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction 2 0 R >> endobj\n"
    b"2 0 obj << /S /JavaScript /JS (app.alert\\(1\\)) >> endobj\ntrailer << /Root 1 0 R >>\n"
)


@cache
def zip_bomb() -> bytes:
    """A workbook-shaped zip whose one member inflates to 300 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        chunk = b"\x00" * (1024 * 1024)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(300):
                member.write(chunk)
    return buffer.getvalue()


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "' + (f"&lol{i - 1};" if i > 1 else "&lol;") * 10 + '">'
        for i in range(1, 10)
    )
    + "]>"
)
EXTERNAL = '<!DOCTYPE x [<!ENTITY lol9 SYSTEM "file:///etc/passwd">]>'
ENTITY_PARTS = ("xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/workbook.xml")


def xml_entities(rng: random.Random, good_xlsx: bytes) -> tuple[str, bytes]:
    """The workbook with a billion-laughs or external-entity DTD in one of its XML parts.

    The entity is referenced in the part's text, so a reader that honoured the DTD would
    expand a billion "lol"s (or read a file of the server) while opening it.
    """
    kind = rng.choice(["laughs", "external"])
    part = rng.choice(ENTITY_PARTS)
    source = zipfile.ZipFile(io.BytesIO(good_xlsx))
    if part not in source.namelist():
        part = "xl/workbook.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == part:
                text = data.decode("utf-8")
                declaration_end = text.find("?>") + 2 if text.startswith("<?xml") else 0
                dtd = LAUGHS if kind == "laughs" else EXTERNAL
                text = text[:declaration_end] + dtd + text[declaration_end:]
                # the reference goes into a text node (a shared string, a sheet name, a value)
                text = re.sub(r"(<(?:\w+:)?(?:t|v)(?: [^>]*)?>)", r"\1&lol9;", text, count=1)
                data = text.encode("utf-8")
            archive.writestr(member, data)
    return f"xml_{kind}_{part.rsplit('/', 1)[-1].removesuffix('.xml')}", out.getvalue()


def _edit(content: bytes, change: Callable[[Any], None]) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    change(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _cell(sheet: Any, row: int, column: int, value: Any) -> None:
    sheet.cell(row=row, column=column, value=value)


def template_case(rng: random.Random, good_xlsx: bytes, good_csv: str) -> BadFile:
    """A bad filled template; ``good_*`` is a valid one (kode_wilayah, nama, tahun, KES01..)."""
    kind = rng.choice(
        [
            "truncated",
            "corrupted",
            "zip_bomb",
            "utf16_csv",
            "latin_garbage_csv",
            "formula",
            "duplicated_header",
            "missing_header",
            "other_region",
            "absurd_number",
            "disguised",
            "unterminated_quote",
            "merged",
            "xml_entities",
        ]
    )
    if kind == "xml_entities":
        label, content = xml_entities(rng, good_xlsx)
        return BadFile("template", label, "profil.xlsx", content)
    if kind == "truncated":
        cut = rng.randint(30, len(good_xlsx) - 30)
        return BadFile("template", kind, "profil.xlsx", good_xlsx[:cut])
    if kind == "corrupted":
        data = bytearray(good_xlsx)
        # inside the compressed data of the members: a CRC or inflate error, never luck
        for _ in range(rng.randint(8, 64)):
            data[rng.randint(200, len(data) - 200)] ^= rng.randint(1, 255)
        return BadFile("template", kind, "profil.xlsx", bytes(data))
    if kind == "zip_bomb":
        return BadFile("template", kind, "profil.xlsx", zip_bomb())
    if kind == "utf16_csv":
        return BadFile("template", kind, "profil.csv", good_csv.encode("utf-16"))
    if kind == "latin_garbage_csv":
        # UTF-8 at the start (it passes as text), bytes no code page knows further on
        body = good_csv.encode() + b"98.01.01,2024," + b"\x81\x8d\x8f\x90\x9d" * 3 + b"\n"
        return BadFile("template", kind, "profil.csv", body + b"x" * rng.randint(4096, 9000))
    if kind == "unterminated_quote":
        text = good_csv.rstrip("\n") + '\n98.01.02,2024,"' + "9" * rng.randint(1, 9) + "\n"
        return BadFile("template", kind, "profil.csv", text.encode())
    if kind == "formula":
        row, col = rng.randint(3, 4), rng.randint(4, 6)
        content = _edit(
            good_xlsx, lambda wb: _cell(wb["Data"], row, col, f"=D3*{rng.randint(2, 9)}")
        )
        return BadFile("template", kind, "profil.xlsx", content)
    if kind == "merged":
        content = _edit(good_xlsx, lambda wb: wb["Data"].merge_cells("D3:E3"))
        return BadFile("template", kind, "profil.xlsx", content)
    if kind == "duplicated_header":
        if rng.random() < 0.5:
            header, rest = good_csv.split("\n", 1)
            keys = header.split(",")
            keys[rng.randint(4, len(keys) - 1)] = keys[3]
            return BadFile("template", kind, "profil.csv", (",".join(keys) + "\n" + rest).encode())

        def duplicate(wb: Any) -> None:
            sheet = wb["Data"]
            _cell(sheet, 2, sheet.max_column + 1, rng.choice(["KES01", "KES02", "tahun"]))

        return BadFile("template", kind, "profil.xlsx", _edit(good_xlsx, duplicate))
    if kind == "missing_header":
        header, rest = good_csv.split("\n", 1)
        keys = header.split(",")
        keys[rng.choice([0, 2])] = rng.choice(["", "kode", "thn", "wilayah"])
        return BadFile("template", kind, "profil.csv", (",".join(keys) + "\n" + rest).encode())
    if kind == "other_region":
        code = rng.choice(["98.02.01", "98.02.01", "31.71.01", "98.01.99", "1.2.3", "98-01-01"])
        content = _edit(good_xlsx, lambda wb: _cell(wb["Data"], rng.randint(3, 4), 1, code))
        return BadFile("template", kind, "profil.xlsx", content)
    if kind == "absurd_number":
        value = rng.choice(["1e400", "-1e400", "nan", "inf", "12,5,3", "9" * 400, 1e12, -5, 101])
        column = 6 if isinstance(value, str) and "e400" in value else rng.choice([4, 5])
        content = _edit(good_xlsx, lambda wb: _cell(wb["Data"], 3, column, value))
        return BadFile("template", kind, "profil.xlsx", content)
    disguise = rng.choice(sorted(DISGUISES))
    return BadFile(
        "template",
        f"disguised_{disguise}",
        rng.choice(["profil.xlsx", "profil.csv"]),
        DISGUISES[disguise],
    )


def budget_case(rng: random.Random, line: list[Any], fill: Callable[[list[Any]], bytes]) -> BadFile:
    """A bad APBD file; ``line`` is a valid row and ``fill`` writes rows into the template."""
    kind = rng.choice(
        [
            "absurd_pagu",
            "realisation_above_pagu",
            "negative",
            "text_amount",
            "bad_code",
            "bad_account",
        ]
    )
    row = list(line)
    if kind == "absurd_pagu":
        row[10] = rng.choice([10**20, 10**15, 1e300])
    elif kind == "realisation_above_pagu":
        row[10] = rng.randint(1, 10**9)
        row[11] = row[10] + rng.randint(1, 10**6)
    elif kind == "negative":
        row[10] = -rng.randint(1, 10**9)
    elif kind == "text_amount":
        row[10] = rng.choice(["Rp 1.000.000", "satu juta", "1,000,000.00.00"])
    elif kind == "bad_code":
        row[4] = rng.choice(["1.02.02.2.02", "x.02.02.2.02.0001", "1020222020001"])
    else:
        row[9] = rng.choice(["5.9", "belanja", "6.1"])
    return BadFile("budget", kind, "apbd.xlsx", fill([row]))


def library_case(rng: random.Random) -> BadFile:
    kind = rng.choice(["forbidden_type", "disguised", "active_pdf"])
    if kind == "forbidden_type":
        ext = rng.choice(["exe", "html", "svg", "php", "js", "bat", "zip"])
        return BadFile("library", kind, f"modul.{ext}", DISGUISES.get(ext, b"MZ" + b"\x00" * 64))
    if kind == "active_pdf":
        return BadFile("library", kind, "modul.pdf", ACTIVE_PDF)
    name = rng.choice(["modul.pdf", "tabel.xlsx", "catatan.txt", "foto.png", "salindia.pptx"])
    disguise = rng.choice(["exe", "html", "svg", "php"])
    return BadFile("library", f"disguised_{disguise}", name, DISGUISES[disguise])


def letter_case(rng: random.Random) -> BadFile:
    kind = rng.choice(["not_pdf", "active_pdf"])
    if kind == "active_pdf":
        return BadFile("letter", kind, "surat.pdf", ACTIVE_PDF)
    disguise = rng.choice(sorted(set(DISGUISES) - {"pdf"}))
    return BadFile("letter", f"disguised_{disguise}", "surat.pdf", DISGUISES[disguise])


def participants_case(rng: random.Random, good_csv: bytes) -> BadFile:
    """A bad participant list; ``good_csv`` is a valid list of a few participants."""
    kind = rng.choice(
        [
            "too_large",
            "disguised",
            "utf16",
            "missing_header",
            "bad_email",
            "truncated_xlsx",
            "xml_entities",
            "zip_bomb",
            "duplicated_header",
        ]
    )
    if kind == "zip_bomb":
        return BadFile("participants", kind, "peserta.xlsx", zip_bomb())
    if kind == "duplicated_header":
        # A second copy of a column, spelt as a person would retype it ("Email" for "email").
        header, rest = good_csv.split(b"\n", 1)
        copy = rng.choice(header.split(b",")).capitalize()
        return BadFile("participants", kind, "peserta.csv", header + b"," + copy + b"\n" + rest)
    if kind == "too_large":
        return BadFile(
            "participants",
            kind,
            "peserta.csv",
            good_csv + b"#" * (1024 * 1024 + rng.randint(1, 10**5)),
        )
    if kind == "disguised":
        disguise = rng.choice(["exe", "png", "xls", "pdf", "html"])
        name = rng.choice(["peserta.csv", "peserta.xlsx"])
        return BadFile("participants", f"disguised_{disguise}", name, DISGUISES[disguise])
    if kind == "utf16":
        return BadFile("participants", kind, "peserta.csv", good_csv.decode().encode("utf-16"))
    if kind == "missing_header":
        header, rest = good_csv.split(b"\n", 1)
        keys = header.split(b",")
        keys[rng.choice([0, 2, 3])] = b"kolom"
        return BadFile("participants", kind, "peserta.csv", b",".join(keys) + b"\n" + rest)
    if kind == "bad_email":
        lines = good_csv.split(b"\n")
        row = rng.randint(1, len(lines) - 2)
        lines[row] = re.sub(rb"[^,]+@[^,]+", b"bukan-surel", lines[row])
        return BadFile("participants", kind, "peserta.csv", b"\n".join(lines))
    from openpyxl import Workbook

    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["nama", "email"])
    workbook.save(buffer)
    data = buffer.getvalue()
    if kind == "xml_entities":
        label, content = xml_entities(rng, data)
        return BadFile("participants", label, "peserta.xlsx", content)
    return BadFile("participants", kind, "peserta.xlsx", data[: rng.randint(30, len(data) - 30)])


def microdata_case(rng: random.Random) -> BadFile:
    kind = rng.choice(["disguised", "too_wide", "header_only", "random_bytes", "utf16"])
    if kind == "disguised":
        disguise = rng.choice(["pdf", "html", "xls", "exe", "png"])
        return BadFile("microdata", f"disguised_{disguise}", "susenas.csv", DISGUISES[disguise])
    if kind == "too_wide":
        columns = rng.randint(1001, 3000)
        header = ",".join(f"k{i}" for i in range(columns))
        row = ",".join("1" for _ in range(columns))
        return BadFile("microdata", kind, "lebar.csv", f"{header}\n{row}\n".encode())
    if kind == "header_only":
        return BadFile("microdata", kind, "susenas.csv", b"kode_wilayah,bobot,kapita\n")
    if kind == "utf16":
        return BadFile(
            "microdata", kind, "susenas.csv", "kode_wilayah,bobot\n98.01.01,1\n".encode("utf-16")
        )
    name = rng.choice(["susenas.parquet", "susenas.dta", "dtks.sav", "susenas.csv"])
    return BadFile("microdata", kind, name, rng.randbytes(rng.randint(64, 4096)))


POINTS = (
    "template",
    "template",
    "template",
    "budget",
    "library",
    "letter",
    "participants",
    "microdata",
)


def point_of(seed: int, index: int) -> str:
    return random.Random(f"{seed}:{index}:point").choice(POINTS)


def rng_of(seed: int, index: int) -> random.Random:
    return random.Random(f"{seed}:{index}")


def as_csv(xlsx: bytes) -> str:
    """The data sheet of a template as a comma CSV (key row first)."""
    sheet = load_workbook(io.BytesIO(xlsx))["Data"]
    rows = [
        ["" if v is None else str(v) for v in row]
        for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    return "\n".join(",".join(r) for r in rows if any(r)) + "\n"
