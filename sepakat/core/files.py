"""What an uploaded file really is, read from its bytes rather than from its name.

Letters, library materials and participant lists arrive from outside; a name ending in
``.pdf`` says nothing about the content. These helpers look at the first bytes (and, for a
PDF, at its dictionary names) so that each upload point can refuse what it cannot serve
safely: a script disguised as a document, an HTML or SVG page that a browser would run on
our origin, a PDF that runs JavaScript when opened by the person who reviews it.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from io import BytesIO

# PDF features that make a reader act on its own: run a script, start a program, submit a
# form, carry other files. An official letter or a training module needs none of them.
# (/OpenAction alone is common in scanned PDFs - "open at page 1, fit width" - so it is
# refused only when it leads to one of these actions, which appear by name.)
PDF_ACTIVE_NAMES = (
    "JavaScript",
    "Launch",
    "SubmitForm",
    "ImportData",
    "EmbeddedFiles",
    "EmbeddedFile",
    "RichMedia",
    "XFA",
    "JS",
)
_NAME_RE = re.compile(rb"/([A-Za-z0-9#_.+-]{2,40})")
_STREAM_RE = re.compile(rb"stream\r?\n")
# Inflating a compressed stream stops here: a few kilobytes of "zip bomb" must not take
# the memory of the server to be checked.
_MAX_INFLATED = 20 * 1024 * 1024


def _names(chunk: bytes) -> set[str]:
    found = set()
    for match in _NAME_RE.finditer(chunk):
        raw = match.group(1)
        # Names may hide letters as #xx escapes (/J#61vaScript is /JavaScript).
        if b"#" in raw:
            raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
        found.add(raw.decode("latin-1"))
    return found


def pdf_active_content(data: bytes) -> str | None:
    """The first active feature (``"JavaScript"``...) found in a PDF, or None.

    Object streams are usually compressed, so each Flate stream is inflated (bounded) and
    read as well; a stream that does not inflate is skipped, as a reader would do.
    """
    active = frozenset(PDF_ACTIVE_NAMES)
    hits = _names(data) & active
    budget = _MAX_INFLATED
    for match in _STREAM_RE.finditer(data):
        if hits or budget <= 0:
            break
        end = data.find(b"endstream", match.end())
        body = data[match.end() : end if end != -1 else len(data)]
        try:
            inflated = zlib.decompressobj().decompress(body, budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        hits |= _names(inflated) & active
    return next((name for name in PDF_ACTIVE_NAMES if name in hits), None)


def sniff(data: bytes) -> str:
    """The kind of file by content: ``pdf``, ``docx``/``xlsx``/``pptx``, ``odf``, ``png``,
    ``jpeg``, ``text``, or ``other`` (executables, HTML and SVG pages, archives...).

    ``data`` is the whole file (an Office file is a zip whose members tell which it is).
    """
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    sample = data[:4096]
    if b"\x00" in sample:
        return "other"
    try:
        text = sample.decode("utf-8-sig")
    except UnicodeDecodeError:
        # a multi-byte letter cut at the end of the sample is still text
        try:
            text = sample[:-3].decode("utf-8-sig")
        except UnicodeDecodeError:
            return "other"
    # Markup is what a browser would render and run: never served from our origin.
    if re.search(r"<\s*(!doctype|html|svg|script|\?xml|\?php|iframe|body)", text, re.I):
        return "other"
    return "text"


def _office_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                if mimetype.startswith(b"application/vnd.oasis.opendocument"):
                    return "odf"
                return "other"
    except (zipfile.BadZipFile, OSError, ValueError):
        return "other"
    if "[Content_Types].xml" not in names:
        return "other"
    for prefix, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
        if any(n.startswith(prefix) for n in names):
            return kind
    return "other"
