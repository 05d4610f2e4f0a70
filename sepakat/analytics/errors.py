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


class DesignError(AnalyticsError, ValueError):
    """The survey design cannot give a variance as requested (e.g. a lonely PSU)."""
