from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sepakat.core.access import scoped
from sepakat.datahub.microdata import CODE_SYSTEMS, REQUIRED_ROLES, ROLE_LABELS
from sepakat.datahub.models import MicrodataKind, MicrodataProfile
from sepakat.regions.models import Level, Region

ACCEPT = ".dta,.sav,.zsav,.csv,.parquet"


class MicrodataUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis data"), choices=MicrodataKind.choices)
    title = forms.CharField(label=_("Judul"), max_length=200)
    period = forms.CharField(
        label=_("Periode"), max_length=10, help_text=_("Tahun (2025) atau tahun-bulan (2025-03)")
    )
    region = forms.ModelChoiceField(
        label=_("Wilayah pemilik data"), queryset=Region.objects.none(), empty_label=None
    )
    source = forms.CharField(label=_("Sumber"), max_length=200, required=False)
    file = forms.FileField(
        label=_("Berkas (.dta, .sav, .csv atau .parquet)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = scoped(Region.objects.filter(level__lte=Level.REGENCY), user).order_by(
            "code"
        )
        if user.region is not None:
            field.initial = user.region.pk


class MappingForm(forms.Form):
    """One choice per column role; the choices are the file's own columns."""

    def __init__(
        self,
        *args: Any,
        columns: list[dict[str, str]],
        kind: str,
        profiles: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [
            (c["name"], f"{c['name']} · {c['label']}" if c.get("label") else c["name"])
            for c in columns
        ]
        required = set(REQUIRED_ROLES[MicrodataKind(kind)])
        self.fields["profile"] = forms.ModelChoiceField(
            label=_("Profil pemetaan"),
            queryset=profiles,
            required=False,
            empty_label=_("(tanpa profil)"),
        )
        for role, label in ROLE_LABELS.items():
            self.fields[role] = forms.ChoiceField(label=label, choices=choices, required=False)
            if role in required:
                self.fields[role].widget.attrs["data-required"] = "true"
                self.fields[role].help_text = _("wajib")
        self.fields["code_system"] = forms.ChoiceField(
            label=_("Sistem kode wilayah"), choices=list(CODE_SYSTEMS.items())
        )
        self.fields["accept_unknown"] = forms.BooleanField(
            label=_("Tetap daftarkan walau ada kode wilayah yang tidak dikenal"), required=False
        )
        self.fields["save_as_profile"] = forms.CharField(
            label=_("Simpan pemetaan ini sebagai profil bernama"), max_length=100, required=False
        )

    def mapping(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            **{role: data.get(role) or "" for role in ROLE_LABELS},
            "code_system": data.get("code_system") or "kemendagri",
        }


def initial_from_profile(profile: MicrodataProfile, columns: list[str]) -> dict[str, Any]:
    """The profile's mapping for a file: only the columns this file has."""
    initial: dict[str, Any] = {"profile": profile.pk}
    for role, column in profile.mapping.items():
        if role in ROLE_LABELS and column in columns:
            initial[role] = column
    if profile.mapping.get("code_system") in CODE_SYSTEMS:
        initial["code_system"] = profile.mapping["code_system"]
    return initial


def guess_initial(columns: list[str]) -> dict[str, str]:
    """Column names that say their role (as the demo and many BPS files write them)."""
    lowered = {c.lower(): c for c in columns}
    guesses = {
        "weight": ("weight", "weind", "fwt", "bobot", "penimbang"),
        "welfare": ("expenditure_per_capita", "kapita", "pengeluaran_kapita", "exp_cap"),
        "size": ("household_size", "art", "jml_art", "hhsize"),
        "strata": ("strata", "stratum"),
        "psu": ("psu", "nks", "blok_sensus"),
        "urban": ("urban", "klas", "daerah", "kota_desa"),
        "poverty_line": ("poverty_line", "gk", "garis_kemiskinan"),
        "decile": ("welfare_decile", "desil", "decile"),
        "household_id": ("household_id", "id_rt", "urut", "hhid"),
        "person_id": ("person_id", "id_art", "pid"),
        "region_code": ("kode_wilayah", "region_code", "kode_desa", "kode_kab", "desa_code"),
    }
    initial = {}
    for role, names in guesses.items():
        for name in names:
            if name in lowered:
                initial[role] = lowered[name]
                break
    return initial


class PersonalColumnsForm(forms.Form):
    personal_columns = forms.MultipleChoiceField(
        label=_("Kolom berisi data pribadi"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, columns: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["personal_columns"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(c, c) for c in columns]
