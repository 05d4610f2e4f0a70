from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sepakat.library.models import Audience, ResourceKind


class ResourceForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis"), choices=ResourceKind.choices)
    audience = forms.ChoiceField(label=_("Untuk"), choices=Audience.choices)
    description = forms.CharField(
        label=_("Keterangan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    file = forms.FileField(label=_("Berkas"), required=False)
    url = forms.URLField(
        label=_("Tautan (untuk video atau berkas di server lain)"),
        required=False,
        assume_scheme="https",
    )


class VersionForm(forms.Form):
    file = forms.FileField(label=_("Berkas versi baru"), required=False)
    url = forms.URLField(label=_("Tautan versi baru"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("Perubahan pada versi ini"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
