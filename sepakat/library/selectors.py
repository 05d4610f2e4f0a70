"""Reads of the resource library."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sepakat.library.models import Audience, Resource


def public_resources() -> QuerySet[Resource]:
    return Resource.objects.filter(is_current=True, audience=Audience.PUBLIC)


def resources_for(user: Any) -> QuerySet[Resource]:
    """Current versions a user may open: public ones, and the rest for logged-in regions."""
    current = Resource.objects.filter(is_current=True)
    if getattr(user, "is_authenticated", False):
        return current
    return current.filter(audience=Audience.PUBLIC)


def versions_for(user: Any, slug: str) -> QuerySet[Resource]:
    """Every version of one resource the user may open, newest first."""
    versions = Resource.objects.filter(slug=slug).order_by("-version")
    if getattr(user, "is_authenticated", False):
        return versions
    return versions.filter(audience=Audience.PUBLIC)
