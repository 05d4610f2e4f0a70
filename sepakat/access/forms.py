from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sepakat.access.models import (
    Channel,
    ConsultationKind,
    EmbedKind,
    Package,
    Signatory,
    TrainingModel,
    Worksheet,
)
from sepakat.access.selectors import requesting_regions
from sepakat.access.worksheets import DEFAULT_STRUCTURE
from sepakat.regions.models import Level, Region

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AccessRequestForm(forms.Form):
    region = forms.TypedChoiceField(label=_("Wilayah yang mengajukan"), coerce=int)
    signatory = forms.ChoiceField(label=_("Pejabat penanda tangan"), choices=Signatory.choices)
    signatory_name = forms.CharField(label=_("Nama pejabat penanda tangan"), max_length=200)
    contact_name = forms.CharField(label=_("Nama narahubung di Bappeda"), max_length=200)
    contact_position = forms.CharField(label=_("Jabatan narahubung"), max_length=200)
    contact_email = forms.EmailField(
        label=_("Surel narahubung"),
        error_messages={"invalid": _("Alamat surel tidak sah, contoh: nama@bappeda.go.id.")},
    )
    contact_phone = forms.RegexField(
        label=_("Telepon narahubung"),
        regex=r"^\+?[0-9][0-9 ()-]{5,24}$",
        error_messages={"invalid": _("Nomor telepon hanya berisi angka, spasi, +, - atau ().")},
    )
    package = forms.ChoiceField(
        label=_("Paket yang diminta"), choices=Package.choices, widget=forms.RadioSelect
    )
    training_model = forms.ChoiceField(
        label=_("Model pelatihan yang diinginkan (untuk paket pelatihan dan akses)"),
        choices=TrainingModel.choices,
        required=False,
    )
    letter = forms.FileField(
        label=_("Surat resmi dari Kepala Bappeda (PDF, paling besar 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    letter_number = forms.CharField(label=_("Nomor surat"), max_length=100)
    letter_date = forms.DateField(label=_("Tanggal surat"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[Any] = [("", _("- pilih wilayah -"))]
        choices += requesting_regions()
        self.fields["region"].choices = choices  # type: ignore[attr-defined]
        for name in self.fields:
            self.fields[name].error_messages.setdefault("required", _("Kolom ini wajib diisi."))
            self.fields[name].error_messages["required"] = _("Kolom ini wajib diisi.")

    def clean_region(self) -> Region:
        region = Region.objects.filter(
            pk=self.cleaned_data["region"], level__in=[Level.PROVINCE, Level.REGENCY]
        ).first()
        if region is None:
            raise forms.ValidationError(_("Pilih provinsi atau kabupaten/kota dari daftar."))
        return region


class RegisteredRequestForm(AccessRequestForm):
    """A request that came by e-mail or post, entered by the central team."""

    channel = forms.ChoiceField(
        label=_("Diterima melalui"),
        choices=[
            (Channel.EMAIL.value, Channel.EMAIL.label),
            (Channel.POST.value, Channel.POST.label),
        ],
    )
    confirmed = forms.BooleanField(
        label=_("Daerah sudah mengonfirmasi pengiriman surat (misalnya surat fisik dengan cap)"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["letter"].label = _("Pindaian surat resmi (PDF, paling besar 5 MB)")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(forms.Form):
    response_number = forms.CharField(
        label=_("Nomor surat tanggapan (kosongkan untuk nomor otomatis)"),
        max_length=100,
        required=False,
    )
    conditions = forms.CharField(
        label=_("Ketentuan yang dicantumkan dalam surat"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan penolakan (dikirim kepada daerah)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tuliskan alasan penolakan.")},
    )
    response_number = forms.CharField(
        label=_("Nomor surat tanggapan (kosongkan untuk nomor otomatis)"),
        max_length=100,
        required=False,
    )


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=ConsultationKind.choices)
    held_on = forms.DateField(label=_("Tanggal"), widget=DATE)
    topic = forms.CharField(label=_("Topik"), max_length=300)
    people = forms.CharField(
        label=_("Peserta (nama dan jabatan, satu per baris)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    notes = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ExtensionRequestForm(forms.Form):
    worksheet = forms.ModelChoiceField(
        label=_("Lembar kerja analisis (diajukan atau sudah diterima)"),
        queryset=Worksheet.objects.none(),
        required=False,
    )
    note = forms.CharField(
        label=_("Catatan atau komitmen lain (wajib bila tanpa lembar kerja)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, worksheets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worksheet"].queryset = worksheets  # type: ignore[attr-defined]


class ExtensionDecisionForm(forms.Form):
    commitment = forms.CharField(
        label=_("Komitmen lain yang dicatat (bila tanpa lembar kerja yang diterima)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class WorksheetTemplateForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    description = forms.CharField(
        label=_("Keterangan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    structure = forms.CharField(
        label=_("Bagian dan pertanyaan: baris '# Judul bagian', lalu satu pertanyaan per baris"),
        widget=forms.Textarea(attrs={"rows": 16}),
        initial=DEFAULT_STRUCTURE,
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Komentar"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


EMBED_CHOICES = EmbedKind.choices
