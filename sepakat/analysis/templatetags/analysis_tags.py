from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from sepakat.analysis.formatting import format_number

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
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, int):
        return str(value) if 1900 <= value <= 2100 else format_number(value, 0)
    if isinstance(value, float):
        return format_number(value, 3 if abs(value) < 1 else 2)
    return str(value)


@register.filter
def cell_as(value: Any, decimals: int | None) -> str:
    """A table cell with the decimals of its indicator (``None``: as :func:`cell`)."""
    if decimals is None or isinstance(value, bool) or not isinstance(value, int | float):
        return cell(value)
    return format_number(value, decimals)


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
