from __future__ import annotations

from decimal import Decimal

from django import template

from sepakat.budgeting.alignment import rupiah as _rupiah

register = template.Library()


@register.filter
def rupiah(value: Decimal | None) -> str:
    return _rupiah(value)


@register.filter
def get_item(mapping: dict[str, str], key: str) -> str:
    return mapping.get(key, "")
