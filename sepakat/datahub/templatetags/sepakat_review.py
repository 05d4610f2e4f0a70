"""Helps a reviewer see which submitted values moved a lot from the verified ones."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

# A change of more than a quarter of the verified value is worth a second look before
# verifying: typing errors (58,23 -> 93,05), a unit mix-up (persen vs proporsi), a
# kecamatan row shifted by one.
LARGE_CHANGE = 0.25


@register.filter
def relative_change(value: Any) -> float | None:
    previous = getattr(value, "previous_value", None)
    if previous is None:
        return None
    current = float(value.value)
    if previous == 0:
        return None if current == 0 else float("inf")
    return (current - float(previous)) / abs(float(previous))


@register.filter
def is_large_change(value: Any) -> bool:
    change = relative_change(value)
    return change is not None and abs(change) > LARGE_CHANGE


@register.filter
def change_percent(value: Any) -> str:
    change = relative_change(value)
    if change is None:
        return ""
    if change == float("inf"):
        return "+∞"
    from django.utils.formats import number_format

    # Rounded first: number_format cuts extra decimals of a float instead of rounding.
    return f"{'+' if change > 0 else ''}{number_format(round(change * 100, 1), 1)}%"
