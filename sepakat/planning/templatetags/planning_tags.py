"""Numbers of a plan as a reader of the page's language writes them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def angka(value: Any) -> str:
    """``"12.50"`` -> ``12,5`` on an Indonesian page (``12.5`` in English), ``"100.00"`` -> ``100``.

    Targets are kept as exact decimals (strings in the indicators' JSON); printing them raw
    put a dot next to the baseline's comma on the same line, and a planner reads ``12.88``
    as twelve thousand eight hundred and eighty. No thousands grouping, so the number reads
    as it is typed into the forms.
    """
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).normalize()
    except InvalidOperation:
        return str(value)
    text = format(number, "f")
    return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))
