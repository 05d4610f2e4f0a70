"""Errors a caller can cause, with the column and the first offending rows."""

from __future__ import annotations

from collections.abc import Sequence


class AnalyticsError(Exception):
    """Base class for errors raised by :mod:`sepakat.analytics`."""


class InputError(AnalyticsError, ValueError):
    """The input table does not fit the request.

    ``column`` names the column at fault (or ``None``), ``rows`` holds up to five
    one-based row numbers (or row values when the engine has no row order).
    """

    def __init__(
        self, message: str, *, column: str | None = None, rows: Sequence[object] = ()
    ) -> None:
        self.column = column
        self.rows = list(rows)
        detail = message
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:5])
            detail = f"{message} (first rows: {shown})"
        super().__init__(detail)


class UnreadableFileError(InputError):
    """A file that cannot be read as the format its name says, or that holds no records.

    ``reason`` says what is wrong, so that an interface can say it in its own language:

    * ``"not_found"``, ``"directory"``: no file at that path, or a folder;
    * ``"unsupported"``: a suffix no reader knows;
    * ``"empty"``: no bytes, or (CSV) only blank lines;
    * ``"no_records"``: column names but not one record;
    * ``"binary"``: a ``.csv`` that holds binary data; ``"encoding"``: a ``.csv`` that is
      not UTF-8 text;
    * ``"wrong_format"``: the content is not of the format the suffix names (a
      ``.parquet`` without Parquet's markers, a ``.dta`` that is not Stata...);
    * ``"bomb"``: an .xlsx that inflates past the limit (``detail`` holds its unpacked
      size); ``"entities"``: an .xlsx with an XML DTD in a part (both refused unopened);
    * ``"unreadable"``: the format is right but the reader fails (``detail`` holds its
      first line).

    ``file_name`` is the file's name (not its folder) and ``file_format`` one of
    ``"csv"``, ``"parquet"``, ``"stata"``, ``"spss"``, ``"excel"`` (empty when unknown).
    """

    def __init__(
        self,
        message: str,
        *,
        reason: str,
        file_name: str,
        file_format: str = "",
        detail: str = "",
    ) -> None:
        self.reason = reason
        self.file_name = file_name
        self.file_format = file_format
        self.detail = detail
        super().__init__(message)


class DesignError(AnalyticsError, ValueError):
    """The survey design cannot give a variance as requested (e.g. a lonely PSU)."""
