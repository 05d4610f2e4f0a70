"""Rupiah and shares as an Indonesian planner writes them (``Rp 1.500.000``, ``12,5%``);
the English page writes them the English way."""

from __future__ import annotations

from typing import Any

from django import template

from sepakat.analysis.formatting import format_number
from sepakat.budgeting import report
from sepakat.budgeting.models import BudgetStage

register = template.Library()


@register.filter
def rupiah(value: Any) -> str:
    """``Rp 1.500.000`` (whole rupiah: a budget table does not show sen); ``-`` when empty."""
    if value is None or value == "":
        return "-"
    # a non-breaking space: "Rp" never ends a line apart from its number in a narrow column
    return f"Rp\u00a0{format_number(float(value), 0)}"


@register.filter
def ribuan(value: Any) -> str:
    """``1.500.000``: rupiah without the ``Rp`` in a table whose heading names the unit."""
    if value is None or value == "":
        return "-"
    return format_number(float(value), 0)


@register.filter
def signed_rupiah(value: Any) -> str:
    if value is None or value == "":
        return "-"
    number = float(value)
    sign = "+" if number > 0 else "-" if number < 0 else ""
    return f"{sign}Rp\u00a0{format_number(abs(number), 0)}"


@register.filter
def persen(value: Any, decimals: int = 1) -> str:
    """A fraction as a percentage: ``0.125`` -> ``12,5%``; ``-`` when empty."""
    if value is None or value == "":
        return "-"
    return f"{format_number(float(value) * 100, decimals)}%"


@register.filter
def signed_persen(value: Any) -> str:
    if value is None or value == "":
        return "-"
    return f"{format_number(float(value) * 100, 1, signed=True)}%"


@register.filter
def at(sequence: Any, index: int) -> Any:
    return sequence[index]


@register.filter
def status_label(status: str) -> str:
    return report.status_label(status)


@register.filter
def stage_label(stage: str) -> str:
    """``murni`` -> ``APBD murni``: the stage as the documents name it."""
    return str(BudgetStage(stage).label) if stage in BudgetStage.values else stage


@register.inclusion_tag("budgeting/_absorption.html")
def absorption(rate: Any) -> dict[str, str]:
    """The realisation rate, marked when absorption is low."""
    return {"rate": persen(rate), "band": report.low_absorption(rate)}


@register.filter
def get_item(mapping: dict[str, str], key: str) -> str:
    return mapping.get(key, "")
