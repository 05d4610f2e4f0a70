"""Number formats of the priority pages, in the active language's separators.

Values are rounded first: Django's ``number_format`` cuts the digits of a float off
rather than rounding them (39.689 would read "39,6").
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

from sepakat.priorities.ranking import reason_text as _reason_text

register = template.Library()


@register.filter
def pct(value: Any) -> str:
    """A share as a percentage with one decimal (0.8234 -> "82,3 %")."""
    if value is None:
        return "–"
    return f"{number_format(round(100 * float(value), 1), 1, use_l10n=True)} %"


@register.filter
def pct_bare(value: Any) -> str:
    """A share as a percentage number without the sign, for the bounds of an interval
    printed under the estimate ("29,9–42,7")."""
    if value is None:
        return "–"
    return str(number_format(round(100 * float(value), 1), 1, use_l10n=True))


@register.filter
def count(value: Any) -> str:
    """A whole number with the language's thousands separator (1.068 in Indonesian)."""
    if value is None:
        return "–"
    return str(number_format(int(value), 0, use_l10n=True, force_grouping=True))


@register.filter
def num3(value: Any) -> str:
    if value is None:
        return "–"
    return str(number_format(round(float(value), 3), 3, use_l10n=True))


@register.filter
def reason_text(value: str) -> str:
    return _reason_text(value)


@register.filter
def local_name(indicator: Any) -> str:
    from sepakat.priorities.exports import local_name as _local_name

    return _local_name(indicator)


@register.filter
def level_labels(levels: Any) -> str:
    """The region levels an indicator is kept at, in words ("Kabupaten/kota, Provinsi"),
    not the stored keys ("kabupaten_kota")."""
    from sepakat.datahub.forms import LEVEL_CHOICES

    labels = {key: str(label) for key, label in LEVEL_CHOICES}
    return ", ".join(labels.get(str(level), str(level)) for level in levels or [])
