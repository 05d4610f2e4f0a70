from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SecondFactorForm(forms.Form):
    token = forms.RegexField(
        label=_("Kode verifikasi (6 angka dari aplikasi autentikator)"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        error_messages={"invalid": _("Masukkan 6 angka dari aplikasi autentikator Anda.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class InvitationForm(forms.Form):
    """A new password, twice; for admin roles also the first code of the authenticator app."""

    password1 = forms.CharField(
        label=_("Kata sandi baru (paling sedikit 10 karakter)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    token = forms.RegexField(
        label=_("Kode verifikasi (6 angka dari aplikasi autentikator)"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        required=False,
        error_messages={"invalid": _("Masukkan 6 angka dari aplikasi autentikator Anda.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, needs_token: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if needs_token:
            self.fields["token"].required = True
            self.fields["token"].error_messages["required"] = _(
                "Masukkan kode dari aplikasi autentikator untuk memastikan pendaftarannya berhasil."
            )
        else:
            del self.fields["token"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        return data


class UserInviteForm(forms.Form):
    username = forms.RegexField(
        label=_("Nama pengguna"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Gunakan huruf, angka dan . @ + - _ saja, tanpa spasi.")},
    )
    first_name = forms.CharField(label=_("Nama depan"), max_length=150)
    last_name = forms.CharField(label=_("Nama belakang"), max_length=150, required=False)
    email = forms.EmailField(label=_("Surel (undangan dikirim ke alamat ini)"))
    agency = forms.CharField(label=_("Instansi / perangkat daerah"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Peran"))

    def __init__(self, *args: Any, roles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles  # type: ignore[attr-defined]
