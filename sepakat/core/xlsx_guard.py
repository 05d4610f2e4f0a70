"""Refusing a hostile .xlsx before any XML parser or spreadsheet reader sees it.

An .xlsx is a zip of XML parts. Two attacks live there: a zip bomb (a small file that
inflates to gigabytes) and XML entities in a part (a "billion laughs" that expands in the
parser, or an external entity that makes the parser read a file of the server). Excel and
LibreOffice never write a DOCTYPE into a workbook part, so any DTD is refused outright, by
looking at the bytes before the root element: nothing is parsed and nothing is expanded.
This is why the project does not depend on ``defusedxml``: the refusal happens before
openpyxl, calamine or ElementTree is called, for every reader alike.

Nothing here touches the database or Django.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

# A filled template or a ministry list unpacks to a few megabytes; far more is a zip bomb.
MAX_UNPACKED_BYTES = 250 * 1024 * 1024
# The root element of a workbook part starts within its first few hundred bytes; a prolog
# longer than this is padding meant to hide a DTD from a short look.
PROLOG_LIMIT = 64 * 1024
_ROOT_START = re.compile(r"<[A-Za-z_]")


class UnsafeXlsx(Exception):
    """The workbook is refused; ``kind`` is ``damaged``, ``bomb`` or ``entities``."""

    def __init__(self, kind: str, *, unpacked: int = 0) -> None:
        super().__init__(kind)
        self.kind = kind
        self.unpacked = unpacked


def _prolog(head: bytes) -> str | None:
    """The text before the root element, or None when no root starts within the head."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:64]:
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore")
    position = 0
    while True:
        match = _ROOT_START.search(text, position)
        if match is None:
            return None
        prolog = text[: match.start()]
        # A "<x" inside a comment or a processing instruction is not the root yet.
        if prolog.count("<!--") > prolog.count("-->") or prolog.count("<?") > prolog.count("?>"):
            position = match.end()
            continue
        return prolog


def check_xlsx(source: Path | bytes, *, max_unpacked: int = MAX_UNPACKED_BYTES) -> None:
    """Raise UnsafeXlsx unless the file is a zip of XML parts without any DTD."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if unpacked > max_unpacked:
                raise UnsafeXlsx("bomb", unpacked=unpacked)
            for member in members:
                if not member.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                with archive.open(member) as part:
                    head = part.read(PROLOG_LIMIT)
                prolog = _prolog(head)
                if prolog is None:
                    if len(head) >= PROLOG_LIMIT:
                        raise UnsafeXlsx("entities")
                    continue
                upper = prolog.upper()
                if "<!DOCTYPE" in upper or "<!ENTITY" in upper:
                    raise UnsafeXlsx("entities")
    except UnsafeXlsx:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnsafeXlsx("damaged") from exc
    except Exception as exc:  # zlib.error and friends from a damaged member
        raise UnsafeXlsx("damaged") from exc
