"""Bahasa Indonesia first: the interface language is Indonesian unless the user chose
English with the switch, whatever language the browser asks for.

Django's LocaleMiddleware would follow the browser's Accept-Language header, so a planner
whose laptop is set to English would land on an English page they did not choose. This
middleware, placed before it, hides that header; the switch's cookie still decides.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class IndonesianFirstMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
