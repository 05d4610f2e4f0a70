"""Ends a session whose account stopped being valid while it was open.

An account can expire, be deactivated, or (for an admin role) lack a verified second
factor; any of these logs the session out at the next request, with the reason shown.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


class AccountStillValidMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            from sepakat.accounts.services import expired_message

            message = None
            # django-otp's middleware adds is_verified() to the user object.
            verified = getattr(user, "is_verified", lambda: False)()
            if user.is_expired():
                message = expired_message(user)
            elif user.needs_second_factor and not verified:
                message = str(_second_factor_needed())
            if message is not None:
                logout(request)
                messages.error(request, message)
                return redirect("accounts:login")
        return self.get_response(request)


def _second_factor_needed() -> str:
    from django.utils.translation import gettext as _

    return _("Peran Anda memerlukan verifikasi dua langkah. Silakan masuk kembali.")
