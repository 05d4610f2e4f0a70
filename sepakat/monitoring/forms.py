from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sepakat.datahub.models import Indicator
from sepakat.monitoring.models import TargetKind


class TargetForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis target"), choices=TargetKind.choices)
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    indicator = forms.ModelChoiceField(label=_("Indikator"), queryset=Indicator.objects.none())
    value = forms.FloatField(label=_("Target"))
    baseline_year = forms.IntegerField(label=_("Tahun kondisi awal"), required=False)
    baseline_value = forms.FloatField(label=_("Kondisi awal"), required=False)
    unit = forms.CharField(label=_("Satuan"), required=False, help_text=_("kosong: satuan katalog"))
    polarity = forms.TypedChoiceField(
        label=_("Polaritas"),
        choices=[("", _("seperti katalog")), ("1", "1"), ("-1", "-1"), ("0", "0")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    source = forms.CharField(label=_("Sumber"), max_length=300, required=False)
    legal_basis = forms.CharField(label=_("Dasar hukum"), max_length=300, required=False)

    def __init__(self, *args: Any, indicators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators  # type: ignore[attr-defined]
