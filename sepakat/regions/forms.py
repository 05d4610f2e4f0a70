from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# Larger files are refused with a message; they go through the command line instead.
MAX_UPLOAD_BYTES = 100 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class RegionImportForm(forms.Form):
    KIND_CHOICES = [
        ("regions", _("Daftar kode wilayah Kemendagri (CSV: kode, nama)")),
        ("crosswalk", _("Padanan kode BPS-Kemendagri (TSV/CSV: kode BPS, kode Kemendagri)")),
        ("boundaries", _("Batas wilayah (GeoJSON, satu atau beberapa berkas)")),
    ]
    kind = forms.ChoiceField(label=_("Jenis data"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    upload = MultipleFileField(
        label=_("Berkas"),
        help_text=_("Untuk batas wilayah boleh memilih beberapa berkas GeoJSON sekaligus."),
    )
    code_field = forms.CharField(
        label=_("Properti kode (khusus batas wilayah)"),
        required=False,
        initial="village_code",
        help_text=_(
            "Nama properti fitur yang berisi kode, misalnya village_code. Awalan 'id' "
            "pada kode dibuang."
        ),
    )
    code_system = forms.ChoiceField(
        label=_("Sistem kode (khusus batas wilayah)"),
        initial="bps",
        choices=[("bps", _("BPS (melalui padanan kode)")), ("kemendagri", _("Kemendagri"))],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        files = data.get("upload") or []
        if data.get("kind") != "boundaries" and len(files) > 1:
            self.add_error("upload", _("Pilih satu berkas untuk jenis data ini."))
        for f in files:
            if f.size > MAX_UPLOAD_BYTES:
                self.add_error(
                    "upload",
                    _(
                        "Berkas %(name)s lebih dari %(mb)d MB; impor lewat perintah "
                        "'sepakat import' di server."
                    )
                    % {"name": f.name, "mb": MAX_UPLOAD_BYTES >> 20},
                )
        if data.get("kind") == "boundaries" and not (data.get("code_field") or "").strip():
            self.add_error("code_field", _("Isi nama properti yang berisi kode wilayah."))
        return data
