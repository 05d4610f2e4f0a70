from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def public_library(limit: int = 8) -> Any:
    """For the public home page: the newest public resources."""
    from sepakat.library.selectors import public_resources

    return list(public_resources().order_by("-created_at")[:limit])
