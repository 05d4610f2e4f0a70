from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sepakat.core.navigation import modules_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_modules": []}
    modules = modules_for(user.role)
    return {
        "nav_cycle": [m for m in modules if m.group in ("main", "cycle")],
        "nav_groups": [
            ([m for m in modules if m.group == "more"], _("Lainnya")),
            ([m for m in modules if m.group == "admin"], _("Administrasi")),
        ],
    }
