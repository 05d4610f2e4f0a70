from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.inclusion_tag("access/dashboard_card.html")
def access_summary(user: Any) -> dict[str, Any]:
    """The region's access period and a link to its materials, for the dashboard."""
    from sepakat.access.selectors import region_access

    region = getattr(user, "region", None)
    return {"access": region_access(region) if region is not None else None, "user": user}
