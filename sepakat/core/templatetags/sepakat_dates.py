"""``{{ value|long_date }}``: the Indonesian long date of the documents (core.dates)."""

from __future__ import annotations

from typing import Any

from django import template

from sepakat.core.dates import long_date as _long_date

register = template.Library()


@register.filter
def long_date(value: Any) -> str:
    return _long_date(value) if value else "-"
