from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sepakat.accounts.models import User
from sepakat.core.access import region_filter


def users_for(viewer: Any) -> QuerySet[User]:
    """The users whose region lies in the viewer's region."""
    return (
        User.objects.filter(region_filter(viewer, "region"))
        .select_related("region")
        .order_by("region__code", "role", "username")
    )
