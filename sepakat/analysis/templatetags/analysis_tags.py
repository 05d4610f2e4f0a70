from __future__ import annotations

from typing import Any

from django import template

from sepakat.analysis.formatting import format_cell, format_number

register = template.Library()


@register.filter
def num(value: Any, decimals: int = 2) -> str:
    """A number in the active language's format: ``1.234,56``."""
    if value is None or value == "":
        return "-"
    try:
        return format_number(float(value), int(decimals))
    except (TypeError, ValueError):
        return str(value)


@register.filter
def cell(value: Any) -> str:
    """A table cell: numbers formatted, booleans in words, missing as a dash."""
    return format_cell(value)


@register.filter
def cell_as(value: Any, decimals: int | None) -> str:
    """A table cell with the decimals of its indicator (``None``: as :func:`cell`)."""
    return format_cell(value, decimals)


@register.filter
def get(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)


@register.filter
def isnum(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@register.filter
def chart_src(block: Any, charts: dict[int, str]) -> str:
    """The rendered image of a block in the PDF report (keyed by the block's identity)."""
    return charts.get(id(block), "")
