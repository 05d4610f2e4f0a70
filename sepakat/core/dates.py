"""The one Indonesian long form of a date in letters, certificates and reports."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

_MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def long_date(day: dt.date | dt.datetime) -> str:
    """ "8 Desember 2026", whatever the active language: the documents are Indonesian
    official documents; a date-time is read in the local time zone first."""
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
