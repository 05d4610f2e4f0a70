from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from sepakat.accounts import selectors
from sepakat.accounts.forms import LoginForm, SecondFactorForm
from sepakat.accounts.models import LoginEvent, User
from sepakat.accounts.services import (
    decide_login,
    lockout_message,
    record_login_event,
    verify_second_factor,
)
from sepakat.core.access import role_required
from sepakat.core.errors import UserError
from sepakat.core.http import AuthedRequest
from sepakat.core.roles import Role

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


# Invitations and the regional admin's user management --------------------------------------

INVITATION_TOTP_KEY = "sepakat_invitation_totp_key"


@require_http_methods(["GET", "POST"])
def invitation_view(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation: set a password and, for admin roles, register the authenticator."""
    from django.core.exceptions import ValidationError

    from sepakat.accounts import invitations
    from sepakat.accounts.forms import InvitationForm

    try:
        invitation = invitations.invitation_for_token(token)
    except UserError as exc:
        return render(request, "accounts/invitation.html", {"problem": str(exc)}, status=400)
    # Never log anyone out from a link: any page could embed one (even with a made-up
    # token) and sign a planner out mid-work. Whoever is signed in is asked to sign out
    # themselves, with the header's CSRF-protected "Keluar".
    if request.user.is_authenticated:
        problem = _(
            "Anda sedang masuk sebagai %(username)s. Undangan ini untuk akun lain: keluar dulu "
            "(menu Keluar), lalu buka lagi tautan undangan ini."
        ) % {"username": request.user.get_username()}
        return render(request, "accounts/invitation.html", {"problem": problem}, status=409)
    user = invitation.user
    keys = request.session.get(INVITATION_TOTP_KEY, {})
    if user.needs_second_factor and str(invitation.pk) not in keys:
        keys[str(invitation.pk)] = invitations.new_totp_key()
        request.session[INVITATION_TOTP_KEY] = keys
    totp_key = keys.get(str(invitation.pk)) if user.needs_second_factor else None
    form = InvitationForm(request.POST or None, needs_token=user.needs_second_factor)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invitation_accept(
                invitation=invitation,
                password=form.cleaned_data["password1"],
                totp_key=totp_key,
                totp_code=form.cleaned_data.get("token", ""),
            )
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            keys.pop(str(invitation.pk), None)
            request.session[INVITATION_TOTP_KEY] = keys
            messages.success(
                request,
                _("Akun Anda siap. Silakan masuk dengan nama pengguna %(username)s.")
                % {"username": user.username},
            )
            return redirect("accounts:login")
    return render(
        request,
        "accounts/invitation.html",
        {
            "form": form,
            "invited": user,
            "totp": invitations.totp_setup(user, totp_key) if totp_key else None,
        },
        status=400 if request.method == "POST" else 200,
    )


@role_required(Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN)
def user_invite_view(request: AuthedRequest) -> HttpResponse:
    from sepakat.accounts.forms import UserInviteForm
    from sepakat.accounts.user_admin import roles_invitable_by, user_invite

    form = UserInviteForm(request.POST or None, roles=roles_invitable_by(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            invited = user_invite(
                invited_by=request.user,
                base_url=request.build_absolute_uri("/").rstrip("/"),
                **form.cleaned_data,
            )
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Undangan dikirim ke %(email)s.") % {"email": invited.email},
            )
            return redirect("accounts:user_list")
    return render(request, "accounts/user_invite.html", {"form": form})


@role_required(Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN)
@require_POST
def user_deactivate_view(request: AuthedRequest, pk: int) -> HttpResponse:
    from sepakat.accounts.user_admin import user_deactivate

    target = selectors.users_for(request.user).filter(pk=pk).first()
    if target is None:
        raise Http404
    try:
        user_deactivate(user=target, by=request.user)
    except UserError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Akun %(username)s dinonaktifkan.") % {"username": target.username}
        )
    return redirect("accounts:user_list")
