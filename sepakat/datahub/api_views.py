"""The "Token API" page: a user makes and revokes their own API tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sepakat.core.errors import UserError
from sepakat.core.features import feature_required
from sepakat.datahub import api_services


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Nama token"),
        max_length=100,
        help_text=gettext_lazy("Untuk apa token ini, misalnya 'SIPD Bappeda'."),
    )


@login_required
@feature_required("data.api")
def api_tokens(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = TokenForm(request.POST or None)
    plaintext = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _token, plaintext = api_services.token_create(
                    user=user,  # type: ignore[arg-type]
                    name=form.cleaned_data["name"],
                )
            except UserError as exc:
                form.add_error("name", str(exc))
                status = 422
            else:
                form = TokenForm()
        else:
            status = 422
    response = render(
        request,
        "datahub/api_tokens.html",
        {
            "active_module": "data",
            "form": form,
            "plaintext": plaintext,
            "tokens": api_services.tokens_for(user),  # type: ignore[arg-type]
        },
        status=status,
    )
    # The plaintext is shown once: never keep the page in a cache.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
@feature_required("data.api")
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(api_services.tokens_for(request.user), pk=pk)  # type: ignore[arg-type]
    try:
        api_services.token_revoke(token=token, user=request.user)  # type: ignore[arg-type]
    except UserError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Token %(name)s dicabut.") % {"name": token.name})
    return redirect("datahub:api_tokens")
