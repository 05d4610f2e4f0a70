"""PDF documents of the access process (response letters, worksheets)."""

from __future__ import annotations

from sepakat.core.pdf import render_pdf

__all__ = ["render_pdf"]
