from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sepakat.regions.models import Level, Region
from sepakat.training.models import (
    AgencyType,
    ParticipantRole,
    Topic,
    TrainingModel,
    TrainingStatus,
)
from sepakat.training.survey import SCALE, SURVEY_ITEMS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class TrainingForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Wilayah"),
        queryset=Region.objects.filter(level__in=[Level.PROVINCE, Level.REGENCY]).order_by("code"),
    )
    title = forms.CharField(label=_("Judul"), max_length=200)
    model = forms.ChoiceField(label=_("Model pelatihan"), choices=TrainingModel.choices)
    start_date = forms.DateField(label=_("Hari pertama"), widget=DATE)
    with_day_four = forms.BooleanField(
        label=_("Model I: tambah hari ke-4 setengah hari (paparan kepada pimpinan daerah)"),
        required=False,
    )
    venue = forms.CharField(label=_("Tempat"), max_length=200, required=False)
    funding = forms.CharField(label=_("Sumber dana"), max_length=200, initial="APBD")
    rctl_person = forms.CharField(
        label=_("Model II: penanggung jawab rencana tindak lanjut (RCTL)"),
        max_length=200,
        required=False,
    )


class TrainingEditForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    start_date = forms.DateField(label=_("Hari pertama"), widget=DATE)
    venue = forms.CharField(label=_("Tempat"), max_length=200, required=False)
    funding = forms.CharField(label=_("Sumber dana"), max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=TrainingStatus.choices)
    rctl_person = forms.CharField(label=_("Penanggung jawab RCTL"), max_length=200, required=False)
    rctl_plan = forms.CharField(
        label=_("Rencana tindak lanjut (RCTL)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class SessionForm(forms.Form):
    day = forms.IntegerField(label=_("Hari ke-"), min_value=1, max_value=10)
    starts_at = forms.DateTimeField(label=_("Mulai"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Selesai"), widget=DATETIME)
    title = forms.CharField(label=_("Acara"), max_length=200)
    topic = forms.ChoiceField(
        label=_("Topik kurikulum"), choices=[("", "-"), *Topic.choices], required=False
    )
    counts_for_attendance = forms.BooleanField(
        label=_("Dihitung dalam presensi"), required=False, initial=True
    )


class TrainerForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=200)
    institution = forms.CharField(label=_("Instansi"), max_length=200, required=False)
    is_bappenas = forms.BooleanField(label=_("Narasumber Bappenas"), required=False)


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=200)
    nip = forms.CharField(label=_("NIP (bila ada)"), max_length=18, required=False)
    email = forms.EmailField(label=_("E-mail"))
    agency = forms.CharField(label=_("Instansi"), max_length=200)
    agency_type = forms.ChoiceField(label=_("Jenis instansi"), choices=AgencyType.choices)
    echelon = forms.TypedChoiceField(
        label=_("Eselon"),
        choices=[("", "-"), (3, "III"), (4, "IV")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    role = forms.ChoiceField(label=_("Peran"), choices=ParticipantRole.choices)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Daftar peserta (.xlsx atau .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class TestWindowForm(forms.Form):
    pre_opens = forms.DateTimeField(label=_("Pre-test dibuka"), widget=DATETIME)
    pre_closes = forms.DateTimeField(label=_("Pre-test ditutup"), widget=DATETIME)
    post_opens = forms.DateTimeField(label=_("Post-test dibuka"), widget=DATETIME)
    post_closes = forms.DateTimeField(label=_("Post-test ditutup"), widget=DATETIME)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=300)


class SurveyForm(forms.Form):
    comments = forms.CharField(
        label=_("Komentar dan saran (tanpa nama)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in SURVEY_ITEMS:
            self.fields[item.key] = forms.TypedChoiceField(
                label=str(item.label),
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Pilih salah satu nilai.")},
            )
        self.order_fields([*(i.key for i in SURVEY_ITEMS), "comments"])


class WebinarForm(forms.Form):
    topic = forms.CharField(label=_("Topik"), max_length=200)
    description = forms.CharField(
        label=_("Keterangan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    starts_at = forms.DateTimeField(label=_("Mulai"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Selesai"), widget=DATETIME)
    speakers = forms.CharField(label=_("Narasumber"), max_length=300)
    min_participants = forms.IntegerField(label=_("Peserta minimum"), min_value=1)
    max_participants = forms.IntegerField(
        label=_("Peserta maksimum (kosongkan bila tidak dibatasi)"), min_value=1, required=False
    )
    registration_deadline = forms.DateTimeField(label=_("Batas pendaftaran"), widget=DATETIME)
    go_no_go_date = forms.DateField(label=_("Tanggal kepastian (go/no-go)"), widget=DATE)
    meeting_url = forms.URLField(
        label=_("Tautan rapat daring"), required=False, assume_scheme="https"
    )


class WebinarRegistrationForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    agency = forms.CharField(label=_("Instansi"), max_length=200)
    region = forms.ModelChoiceField(label=_("Daerah"), queryset=Region.objects.none())

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class RecordingForm(forms.Form):
    recording_url = forms.URLField(label=_("Tautan rekaman"), required=False, assume_scheme="https")


class MentoringRequestForm(forms.Form):
    topics = forms.CharField(
        label=_("Topik yang ingin didampingi"), widget=forms.Textarea(attrs={"rows": 3})
    )
    proposed_start = forms.DateField(label=_("Tanggal usulan"), widget=DATE)
    days = forms.IntegerField(label=_("Jumlah hari (paling sedikit 1)"), min_value=1, initial=1)


class MentoringDecisionForm(forms.Form):
    agreed_start = forms.DateField(label=_("Tanggal disepakati"), widget=DATE, required=False)
    agreed_topics = forms.CharField(
        label=_("Topik disepakati"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    days = forms.IntegerField(label=_("Jumlah hari"), min_value=1, required=False)
    note = forms.CharField(label=_("Catatan untuk daerah"), required=False, max_length=2000)


class MentoringSessionForm(forms.Form):
    date = forms.DateField(label=_("Tanggal"), widget=DATE)
    topic = forms.CharField(label=_("Topik"), max_length=200)
    outcome = forms.CharField(label=_("Hasil"), widget=forms.Textarea(attrs={"rows": 3}))
