"""A CSV file's bytes into rows, the way Indonesian offices save them.

Excel in Indonesia saves CSV with ';' between fields (',' is the decimal mark), in UTF-8
or in the Windows code page; old Mac Excel ends lines with CR only. Every upload that
reads CSV (filled templates, budgets) reads it here, so that each of these cases is
handled once.
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _


class CsvUnreadable(ValueError):
    """The bytes are not a readable CSV; the message (for the user) says what to do."""


def csv_rows(raw: bytes, *, original_name: str) -> tuple[list[list[str]], str]:
    """The rows of ``raw`` and the delimiter found (``;``, ``,`` or a tab)."""
    text: str | None = None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise CsvUnreadable(
            _(
                "Berkas %(name)s memakai pengodean huruf yang tidak dikenal. Simpan ulang dari "
                "Excel sebagai 'CSV UTF-8' lalu unggah lagi."
            )
            % {"name": original_name}
        )
    lines = text.splitlines()
    first_line = lines[0] if lines else ""
    delimiter = max((";", ",", "\t"), key=first_line.count)
    # newline="" lets the csv module see every line ending (CR-only from old Mac Excel,
    # CRLF, LF) and keep line breaks inside quoted cells; strict refuses a quote left open,
    # which would otherwise swallow every row after it into one cell.
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise CsvUnreadable(
            _(
                "Berkas %(name)s tidak dapat dibaca sebagai CSV (%(detail)s). Buka di Excel, "
                "simpan sebagai 'CSV UTF-8', lalu unggah lagi."
            )
            % {"name": original_name, "detail": str(exc)}
        ) from exc
    return rows, delimiter
