from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from sepakat.accounts import selectors
from sepakat.accounts.forms import LoginForm, SecondFactorForm
from sepakat.accounts.models import LoginEvent, Role, User
from sepakat.accounts.services import (
    decide_login,
    lockout_message,
    record_login_event,
    verify_second_factor,
)
from sepakat.core.access import role_required

PENDING_USER = "sepakat_pending_user"
PENDING_NEXT = "sepakat_pending_next"


def _safe_next(request: HttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(value, {request.get_host()}):
        return value
    return "/dasbor/"


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next")
    if request.method == "POST" and form.is_valid():
        decision = decide_login(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if decision.outcome == "second_factor":
            assert decision.user is not None
            request.session[PENDING_USER] = decision.user.pk
            request.session[PENDING_NEXT] = _safe_next(request, next_url)
            request.session.set_expiry(300)
            return redirect("accounts:second_factor")
        if decision.ok:
            assert decision.user is not None
            login(request, decision.user, backend="django.contrib.auth.backends.ModelBackend")
            record_login_event(
                request=request,
                username=decision.user.username,
                outcome=LoginEvent.Outcome.SUCCESS,
                user=decision.user,
            )
            return redirect(_safe_next(request, next_url))
        status = 403 if decision.outcome == LoginEvent.Outcome.LOCKED else 200
        return render(
            request,
            "accounts/login.html",
            {
                "form": form,
                "refusal": decision.message,
                "refusal_kind": decision.outcome,
                "next": next_url or "",
            },
            status=status,
        )
    return render(request, "accounts/login.html", {"form": form, "next": next_url or ""})


@require_http_methods(["GET", "POST"])
def second_factor_view(request: HttpRequest) -> HttpResponse:
    user_pk = request.session.get(PENDING_USER)
    user = User.objects.filter(pk=user_pk, is_active=True).first() if user_pk else None
    if user is None:
        messages.info(request, _("Sesi masuk telah habis. Silakan masukkan kata sandi lagi."))
        return redirect("accounts:login")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, problem = verify_second_factor(request, user=user, token=form.cleaned_data["token"])
        if device is not None:
            next_url = request.session.get(PENDING_NEXT, "/dasbor/")
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            otp_login(request, device)
            request.session.set_expiry(None)
            record_login_event(
                request=request,
                username=user.username,
                outcome=LoginEvent.Outcome.SUCCESS,
                user=user,
            )
            return redirect(next_url)
        form.add_error("token", problem)
    return render(request, "accounts/second_factor.html", {"form": form, "pending": user})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        record_login_event(
            request=request,
            username=request.user.get_username(),
            outcome=LoginEvent.Outcome.LOGOUT,
            user=request.user,
        )
    logout(request)
    messages.success(request, _("Anda telah keluar."))
    return redirect("core:home")


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """What django-axes answers while a user name and address are locked."""
    username = ""
    if isinstance(credentials, dict):
        username = str(credentials.get("username", ""))
    return render(
        request,
        "accounts/login.html",
        {
            "form": LoginForm(initial={"username": username}),
            "refusal": lockout_message(),
            "refusal_kind": LoginEvent.Outcome.LOCKED,
        },
        status=403,
    )


@role_required(Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN)
def user_list(request: HttpRequest) -> HttpResponse:
    users = selectors.users_for(request.user)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page})
