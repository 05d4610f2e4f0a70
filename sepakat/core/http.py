"""Request types for views behind a login, so that ``request.user`` is a real user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from sepakat.accounts.models import User


class AuthedRequest(HttpRequest):
    """What ``role_required`` and ``login_required`` views receive."""

    user: User
    htmx: HtmxDetails
