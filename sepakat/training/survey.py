"""The Participant Assessment Survey: rating scales (1 = sangat kurang ... 5 = sangat baik)
and free comments, answered anonymously at the end of a training."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SurveyItem:
    key: str
    label: str | Promise


SURVEY_ITEMS: tuple[SurveyItem, ...] = (
    SurveyItem("materi", _("Materi pelatihan sesuai kebutuhan pekerjaan saya")),
    SurveyItem("pelatih", _("Pelatih menguasai materi dan menjelaskan dengan jelas")),
    SurveyItem("praktik", _("Waktu praktik cukup")),
    SurveyItem("aplikasi", _("Aplikasi SEPAKAT mudah dipelajari")),
    SurveyItem("fasilitas", _("Tempat dan fasilitas pelatihan memadai")),
    SurveyItem("manfaat", _("Saya akan memakai SEPAKAT dalam perencanaan daerah")),
)

SCALE = (
    (1, _("sangat kurang")),
    (2, _("kurang")),
    (3, _("cukup")),
    (4, _("baik")),
    (5, _("sangat baik")),
)
