"""The standard 3-day curriculum of a SEPAKAT training, from which every agenda starts.

Day 1: registration, opening, pre-test, poverty policy, introduction to SEPAKAT, data and
upload formats, poverty analysis with practice. Day 2: prioritisation, planning, budgeting
with practice. Day 3: monitoring and evaluation, group case study, presentations, post-test,
review and closing. Model I may add a half day 4 where the results are presented to the
Kepala Bappeda, heads of agencies and DPRD members.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sepakat.training.models import Topic


@dataclass(frozen=True)
class AgendaItem:
    day: int
    start: str  # "HH:MM", local time
    end: str
    title: str | Promise
    topic: str = ""
    counts_for_attendance: bool = True


STANDARD_AGENDA: tuple[AgendaItem, ...] = (
    AgendaItem(
        1, "08:00", "09:00", _("Registrasi peserta dan pembukaan"), counts_for_attendance=False
    ),
    AgendaItem(1, "09:00", "09:30", _("Pre-test")),
    AgendaItem(1, "09:30", "10:30", _("Kebijakan penanggulangan kemiskinan"), Topic.POLICY),
    AgendaItem(1, "10:45", "12:00", _("Pengenalan SEPAKAT"), Topic.INTRODUCTION),
    AgendaItem(1, "13:00", "14:30", _("Data dan format unggah"), Topic.DATA),
    AgendaItem(1, "14:45", "17:00", _("Analisis kemiskinan dan praktik"), Topic.ANALYSIS),
    AgendaItem(
        2, "08:30", "10:30", _("Prioritisasi masalah, intervensi dan lokasi"), Topic.PRIORITISATION
    ),
    AgendaItem(2, "10:45", "12:00", _("Perencanaan"), Topic.PLANNING),
    AgendaItem(2, "13:00", "17:00", _("Penganggaran dan praktik"), Topic.BUDGETING),
    AgendaItem(3, "08:30", "10:00", _("Pemantauan dan evaluasi"), Topic.MONITORING),
    AgendaItem(3, "10:15", "12:00", _("Studi kasus kelompok")),
    AgendaItem(3, "13:00", "14:30", _("Presentasi hasil kelompok")),
    AgendaItem(3, "14:30", "15:00", _("Post-test")),
    AgendaItem(3, "15:00", "16:00", _("Reviu pelatihan dan penutupan")),
)

DAY_FOUR: tuple[AgendaItem, ...] = (
    AgendaItem(
        4,
        "08:30",
        "12:00",
        _("Paparan hasil kepada Kepala Bappeda, Kepala Perangkat Daerah dan anggota DPRD"),
        counts_for_attendance=False,
    ),
)

# Model II adds, after the full training, the forums and the follow-up plan (RCTL).
MODEL_II_EXTRA: tuple[AgendaItem, ...] = (
    AgendaItem(4, "08:30", "12:00", _("Forum pemutakhiran data"), counts_for_attendance=False),
    AgendaItem(
        4,
        "13:00",
        "16:00",
        _("Forum perencanaan dan monev untuk masukan SIPPD"),
        counts_for_attendance=False,
    ),
    AgendaItem(
        5,
        "08:30",
        "12:00",
        _("Penyusunan rencana tindak lanjut (RCTL)"),
        counts_for_attendance=False,
    ),
)

# Model II starts with two days of data entry training before the full three days.
MODEL_II_DATA_ENTRY: tuple[AgendaItem, ...] = (
    AgendaItem(1, "08:30", "12:00", _("Pelatihan entri data: templat dan unggah")),
    AgendaItem(1, "13:00", "16:00", _("Pelatihan entri data: praktik pengisian"), Topic.DATA),
    AgendaItem(2, "08:30", "12:00", _("Pelatihan entri data: validasi dan verifikasi"), Topic.DATA),
    AgendaItem(2, "13:00", "16:00", _("Pelatihan entri data: klinik data")),
)


def agenda_for(model: str, *, with_day_four: bool) -> list[AgendaItem]:
    """The standard agenda of a training model, days numbered from 1."""
    from sepakat.training.models import TrainingModel

    if model == TrainingModel.MODEL_II:
        shifted = [
            AgendaItem(i.day + 2, i.start, i.end, i.title, i.topic, i.counts_for_attendance)
            for i in (*STANDARD_AGENDA, *MODEL_II_EXTRA)
        ]
        return [*MODEL_II_DATA_ENTRY, *shifted]
    items = list(STANDARD_AGENDA)
    if with_day_four:
        items.extend(DAY_FOUR)
    return items


# The data a region must deliver before a training (datahub datasets marked required), and
# what a region prepares for mentoring at the secretariat.
MENTORING_DATA_CHECKLIST: tuple[str | Promise, ...] = (
    _("Daerah Dalam Angka terbaru"),
    _("Profil Kesehatan dan Profil Pendidikan"),
    _("Data perangkat daerah lain (Dinas Sosial, PMD)"),
    _("RKA dan APBD lampiran IV tahun berjalan"),
    _("Lembar kerja analisis yang sudah diisi"),
    _("Dokumen RPJMD/RKPD dan RPKD yang berlaku"),
)
