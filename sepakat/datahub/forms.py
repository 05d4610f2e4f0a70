from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sepakat.datahub.models import (
    TEMPLATE_KINDS,
    Area,
    Dataset,
    Indicator,
    IndicatorKind,
    Polarity,
)


class UploadForm(forms.Form):
    dataset = forms.ModelChoiceField(
        label=_("Jenis data"),
        queryset=Dataset.objects.filter(kind__in=TEMPLATE_KINDS),
        empty_label=None,
    )
    file = forms.FileField(
        label=_("Berkas templat yang sudah diisi (.xlsx atau .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Alasan wajib diisi.")},
    )


LEVEL_CHOICES = [
    ("desa", _("Desa/kelurahan")),
    ("kecamatan", _("Kecamatan")),
    ("kabupaten_kota", _("Kabupaten/kota")),
    ("provinsi", _("Provinsi")),
    ("nasional", _("Nasional")),
]


class IndicatorForm(forms.ModelForm[Indicator]):
    levels = forms.MultipleChoiceField(
        label=_("Tingkat wilayah yang memiliki nilai"),
        choices=LEVEL_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=["kabupaten_kota", "provinsi", "nasional"],
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_id",
            "name_en",
            "area",
            "unit",
            "polarity",
            "kind",
            "decimals",
            "definition",
            "source",
            "local_source",
            "levels",
            "min_value",
            "max_value",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = Area.choices  # type: ignore[attr-defined]
        self.fields["polarity"].choices = Polarity.choices  # type: ignore[attr-defined]
        self.fields["kind"].choices = IndicatorKind.choices  # type: ignore[attr-defined]
