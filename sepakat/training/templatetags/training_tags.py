from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import number_format

register = template.Library()


@register.filter
def long_date(value: Any) -> str:
    """The one Indonesian long date of the documents: "8 Desember 2026"."""
    from sepakat.core.dates import long_date as _long_date

    return _long_date(value) if value else "-"


@register.filter
def percent(value: float | None) -> str:
    """0.8 -> '80 %'; one decimal only when needed (11 of 14 sessions is 78.6 %)."""
    if value is None:
        return "-"
    scaled = round(100 * value, 1)
    text = number_format(scaled, 0 if scaled.is_integer() else 1)
    return f"{text} %"


@register.filter
def score(value: float | None) -> str:
    if value is None:
        return "-"
    # Rounded first: number_format cuts the extra decimals of a float instead of rounding.
    rounded = round(float(value), 1)
    return str(number_format(rounded, 0 if rounded.is_integer() else 1))


@register.filter
def signed(value: float | None) -> str:
    if value is None:
        return "-"
    text = score(abs(value))
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else "0")


@register.simple_tag
def upcoming_webinars(limit: int = 5) -> Any:
    """For the public home page: webinars not cancelled and not over yet."""
    from sepakat.training.models import Webinar, WebinarStatus

    return list(
        Webinar.objects.exclude(status=WebinarStatus.CANCELLED)
        .filter(ends_at__gte=timezone.now())
        .order_by("starts_at")[:limit]
    )
