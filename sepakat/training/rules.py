"""The usage policy's rules on attendance, certificates and the trainer team, as pure functions.

Kept apart from the services so that the pages, the services and the public certificate
check all read the same definitions: which sessions are the core of the 3-day training,
when a certificate becomes possible, and what the trainer team still lacks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from sepakat.core.dates import long_date
from sepakat.training.models import Session, Training, TrainingModel, TrainingTrainer

# The 3-day training is days 1-3 of model I; model II puts two days of data entry training
# first, so its full training is days 3-5. Day 4 of model I, the model II forums and the
# follow-up plan are recorded but are not part of the 3-day training.
CORE_DAYS = 3
MIN_TRAINERS = 5
MAX_TRAINERS = 6

__all__ = ["long_date"]  # the documents' date, re-exported for the training modules


def core_days(training: Training) -> range:
    first = 3 if training.model == TrainingModel.MODEL_II else 1
    return range(first, first + CORE_DAYS)


def is_core(session: Session, training: Training) -> bool:
    """A session that counts for the 80 % rule: on a day of the 3-day training and marked
    ``counts_for_attendance`` (registration is not)."""
    return session.counts_for_attendance and session.day in core_days(training)


def core_sessions(training: Training) -> list[Session]:
    return [s for s in training.sessions.order_by("starts_at", "pk") if is_core(s, training)]


def core_end(training: Training) -> dt.datetime | None:
    """When the last core session ends; None for an agenda without core sessions."""
    ends = [s.ends_at for s in core_sessions(training)]
    return max(ends) if ends else None


def certificates_possible(training: Training, now: dt.datetime) -> bool:
    end = core_end(training)
    return end is not None and now >= end


def team_problems(trainers: Iterable[TrainingTrainer]) -> list[str]:
    """What the trainer team lacks against the policy: 5-6 trainers, one from Bappenas."""
    team: Sequence[TrainingTrainer] = list(trainers)
    problems = []
    if len(team) < MIN_TRAINERS:
        problems.append(
            _("tim pelatih baru %(n)d orang, kurang %(k)d dari paling sedikit %(min)d orang")
            % {"n": len(team), "k": MIN_TRAINERS - len(team), "min": MIN_TRAINERS}
        )
    if not any(t.is_bappenas for t in team):
        problems.append(_("belum ada narasumber Bappenas"))
    return problems


# One "jam pelajaran" (JP) of Indonesian government training is 45 minutes.
JP_MINUTES = 45


def training_hours(training: Training) -> int:
    """The JP of the 3-day training printed on the certificate: its core sessions' minutes
    over 45, rounded to the nearest whole JP."""
    minutes = sum((s.ends_at - s.starts_at).total_seconds() / 60 for s in core_sessions(training))
    return round(minutes / JP_MINUTES)
