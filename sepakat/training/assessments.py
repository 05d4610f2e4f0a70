"""The pre-test and post-test of a training and its closing survey: their windows, the
participants' submissions and the trainer's settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.core.errors import UserError
from sepakat.training.guards import may_run, save_checked
from sepakat.training.models import (
    Participant,
    Question,
    SurveyResponse,
    TestAttempt,
    TestKind,
    Training,
)

# --- Pre-test and post-test --------------------------------------------------------------


def test_window(training: Training, kind: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    if kind == TestKind.PRE:
        return training.pre_test_opens_at, training.pre_test_closes_at
    return training.post_test_opens_at, training.post_test_closes_at


def test_is_open(training: Training, kind: str, now: dt.datetime) -> bool:
    opens, closes = test_window(training, kind)
    return opens is not None and closes is not None and opens <= now <= closes


@transaction.atomic
def set_test_windows(
    *,
    user: User,
    training: Training,
    pre_opens: dt.datetime,
    pre_closes: dt.datetime,
    post_opens: dt.datetime,
    post_closes: dt.datetime,
) -> Training:
    may_run(user)
    if pre_closes <= pre_opens or post_closes <= post_opens:
        raise UserError(_("Waktu tutup tes harus sesudah waktu bukanya."))
    if post_opens < pre_opens:
        raise UserError(_("Post-test tidak dapat dibuka sebelum pre-test."))
    training.pre_test_opens_at = pre_opens
    training.pre_test_closes_at = pre_closes
    training.post_test_opens_at = post_opens
    training.post_test_closes_at = post_closes
    save_checked(training)
    return training


@transaction.atomic
def submit_test(
    *,
    participant: Participant,
    kind: str,
    answers: Mapping[int, int],
    questions: Iterable[Question],
    now: dt.datetime | None = None,
) -> TestAttempt:
    """Score a test once; every unanswered question counts as wrong."""
    now = now or timezone.now()
    training = Training.objects.get(pk=participant.training_id)
    if kind not in TestKind.values:
        raise UserError(_("Jenis tes tidak dikenal."))
    if not test_is_open(training, kind, now):
        raise UserError(_("%(test)s tidak sedang dibuka.") % {"test": TestKind(kind).label})
    if TestAttempt.objects.filter(participant=participant, kind=kind).exists():
        raise UserError(_("Anda sudah mengerjakan %(test)s.") % {"test": TestKind(kind).label})
    per_topic: dict[str, list[int]] = {}
    correct = total = 0
    for question in questions:
        right = int(answers.get(question.pk, -1) == question.correct)
        correct += right
        total += 1
        hits = per_topic.setdefault(question.topic, [0, 0])
        hits[0] += right
        hits[1] += 1
    if total == 0:
        raise UserError(_("Bank soal masih kosong; hubungi tim pusat."))
    attempt = TestAttempt(
        participant=participant,
        kind=kind,
        answers={str(k): v for k, v in answers.items()},
        score=round(100 * correct / total, 1),
        topic_scores={t: round(100 * c / n, 1) for t, (c, n) in per_topic.items()},
        submitted_at=now,
    )
    try:
        save_checked(attempt, validate_constraints=False)
    except IntegrityError as exc:  # a double click racing the first submission
        raise UserError(_("Tes ini sudah dikumpulkan.")) from exc
    return attempt


# --- Survey ------------------------------------------------------------------------------


@transaction.atomic
def survey_submit(
    *,
    participant: Participant,
    ratings: Mapping[str, int],
    comments: str = "",
    today: dt.date | None = None,
) -> SurveyResponse:
    """Keep an anonymous answer; only the fact that this participant answered is recorded."""
    from sepakat.training.survey import SURVEY_ITEMS

    participant = Participant.objects.select_for_update(of=("self",)).get(pk=participant.pk)
    training = participant.training
    if not training.survey_open:
        raise UserError(_("Survei penilaian peserta belum dibuka."))
    if participant.survey_done:
        raise UserError(_("Anda sudah mengisi survei ini. Terima kasih."))
    clean = {}
    for item in SURVEY_ITEMS:
        value = ratings.get(item.key)
        if value is None or not 1 <= int(value) <= 5:
            raise UserError(_("Beri nilai 1 sampai 5 untuk: %(item)s") % {"item": str(item.label)})
        clean[item.key] = int(value)
    response = SurveyResponse(
        training=training,
        ratings=clean,
        comments=comments.strip()[:4000],
        submitted_on=today or timezone.localdate(),
    )
    save_checked(response)
    participant.survey_done = True
    participant.save(update_fields=["survey_done"])
    return response


@transaction.atomic
def survey_set_open(*, user: User, training: Training, is_open: bool) -> Training:
    may_run(user)
    training.survey_open = is_open
    training.save(update_fields=["survey_open"])
    return training
