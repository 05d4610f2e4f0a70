"""Writes of trainings: the event and its agenda, trainers, participants, attendance, tests,
certificates, the survey and data-readiness warnings.

Every write is one atomic, keyword-only function that validates before saving. Registered
models leave their audit rows through django-auditlog; bulk writes call
:func:`record_bulk_change`. Mail goes out only after the transaction commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sepakat.accounts.audit import record_bulk_change
from sepakat.accounts.models import Role, User
from sepakat.core.errors import UserError
from sepakat.datahub.models import DataRequirement, Dataset
from sepakat.regions.models import Level, Region
from sepakat.training import notifications
from sepakat.training.attendance import CHECKIN_EARLY as CHECKIN_EARLY
from sepakat.training.attendance import attendance_remove as attendance_remove
from sepakat.training.attendance import check_in as check_in
from sepakat.training.attendance import checkin_open as checkin_open
from sepakat.training.attendance import session_open_checkin as session_open_checkin
from sepakat.training.certificates import certificate_revoke as certificate_revoke
from sepakat.training.certificates import certificates_email as certificates_email
from sepakat.training.certificates import certificates_issue as certificates_issue
from sepakat.training.curriculum import agenda_for
from sepakat.training.models import (
    DATA_LEAD_DAYS,
    MAX_PARTICIPANTS,
    DataReminder,
    Participant,
    Person,
    Question,
    Session,
    SurveyResponse,
    TestAttempt,
    TestKind,
    Training,
    TrainingModel,
    TrainingStatus,
    TrainingTrainer,
)
from sepakat.training.rules import (
    MAX_TRAINERS,
    team_problems,
)


def _save(obj: Any, **kwargs: Any) -> None:
    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        raise UserError.from_validation(exc) from exc
    obj.save()


def local_datetime(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = (int(p) for p in hhmm.split(":"))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _may_manage(user: User, training: Training) -> None:
    if user.role != Role.CENTRAL_ADMIN:
        raise PermissionDenied


def _may_run(user: User, training: Training) -> None:
    if user.role not in (Role.CENTRAL_ADMIN, Role.TRAINER):
        raise PermissionDenied


def _may_register(user: User, training: Training) -> None:
    """The central team, and the region's own admin, name participants."""
    if user.role in (Role.CENTRAL_ADMIN, Role.TRAINER):
        return
    if (
        user.role == Role.REGIONAL_ADMIN
        and user.region is not None
        and user.region.contains(training.region)
    ):
        return
    raise PermissionDenied


# --- The event ---------------------------------------------------------------------------


@transaction.atomic
def training_create(
    *,
    user: User,
    region: Region,
    title: str,
    model: str,
    start_date: dt.date,
    venue: str = "",
    with_day_four: bool = False,
    funding: str = "APBD",
    rctl_person: str = "",
    rctl_plan: str = "",
) -> Training:
    """Create a training with the standard agenda and the region's data requirements."""
    if user.role != Role.CENTRAL_ADMIN:
        raise PermissionDenied
    if region.level not in (Level.PROVINCE, Level.REGENCY):
        raise UserError(_("Pelatihan diselenggarakan untuk provinsi atau kabupaten/kota."))
    if model != TrainingModel.MODEL_I and with_day_four:
        raise UserError(_("Hari ke-4 setengah hari hanya ada pada Model I."))
    training = Training(
        region=region,
        title=title.strip(),
        model=model,
        start_date=start_date,
        venue=venue.strip(),
        with_day_four=with_day_four,
        funding=funding.strip() or "APBD",
        rctl_person=rctl_person.strip(),
        rctl_plan=rctl_plan.strip(),
        created_by=user,
    )
    _save(training)
    sessions = [
        Session(
            training=training,
            day=item.day,
            starts_at=local_datetime(start_date + dt.timedelta(days=item.day - 1), item.start),
            ends_at=local_datetime(start_date + dt.timedelta(days=item.day - 1), item.end),
            title=str(item.title),
            topic=item.topic,
            counts_for_attendance=item.counts_for_attendance,
        )
        for item in agenda_for(model, with_day_four=with_day_four)
    ]
    for session in sessions:
        _save(session)
    _default_test_windows(training)
    ensure_data_requirements(training=training)
    return training


def _default_test_windows(training: Training) -> None:
    """Pre-test on day 1 and post-test on the last day of the full training, all day long."""
    sessions = list(training.sessions.all())
    pre = next((s for s in sessions if s.title == _("Pre-test")), sessions[0])
    post = next((s for s in reversed(sessions) if s.title == _("Post-test")), sessions[-1])
    day_start = dt.time(0, 0)
    day_end = dt.time(23, 59)
    local = timezone.localtime
    training.pre_test_opens_at = timezone.make_aware(
        dt.datetime.combine(local(pre.starts_at).date(), day_start)
    )
    training.pre_test_closes_at = timezone.make_aware(
        dt.datetime.combine(local(pre.starts_at).date(), day_end)
    )
    training.post_test_opens_at = timezone.make_aware(
        dt.datetime.combine(local(post.starts_at).date(), day_start)
    )
    training.post_test_closes_at = timezone.make_aware(
        dt.datetime.combine(local(post.starts_at).date(), day_end)
    )
    training.save(
        update_fields=[
            "pre_test_opens_at",
            "pre_test_closes_at",
            "post_test_opens_at",
            "post_test_closes_at",
        ]
    )


@transaction.atomic
def ensure_data_requirements(*, training: Training) -> list[DataRequirement]:
    """The region's required datasets, due 7 days before day 1 (idempotent)."""
    due = training.data_due_date
    reason = _("Pelatihan SEPAKAT %(title)s") % {"title": training.title}
    rows = []
    for dataset in Dataset.objects.filter(required_for_training=True):
        requirement, _created = DataRequirement.objects.get_or_create(
            region=training.region,
            dataset=dataset,
            due_date=due,
            defaults={"reason": reason[:200]},
        )
        rows.append(requirement)
    return rows


@transaction.atomic
def training_update(
    *,
    user: User,
    training: Training,
    title: str,
    start_date: dt.date,
    venue: str,
    funding: str,
    rctl_person: str = "",
    rctl_plan: str = "",
    status: str | None = None,
) -> Training:
    """Change the event; a new start date moves the whole agenda and the data due date."""
    _may_manage(user, training)
    training = Training.objects.select_for_update(of=("self",)).get(pk=training.pk)
    shift = start_date - training.start_date
    old_due = training.data_due_date
    training.title = title.strip()
    training.start_date = start_date
    training.venue = venue.strip()
    training.funding = funding.strip() or "APBD"
    training.rctl_person = rctl_person.strip()
    training.rctl_plan = rctl_plan.strip()
    if status is not None:
        if status in (TrainingStatus.CONFIRMED, TrainingStatus.HELD) and status != training.status:
            _require_full_team(training, status)
        training.status = status
    _save(training)
    if shift:
        for session in training.sessions.all():
            session.starts_at += shift
            session.ends_at += shift
            session.save(update_fields=["starts_at", "ends_at"])
        for field in (
            "pre_test_opens_at",
            "pre_test_closes_at",
            "post_test_opens_at",
            "post_test_closes_at",
        ):
            value = getattr(training, field)
            if value is not None:
                setattr(training, field, value + shift)
        training.save()
        DataRequirement.objects.filter(
            region=training.region, due_date=old_due, reason__startswith=_("Pelatihan SEPAKAT")
        ).delete()
        training.reminders.all().delete()
    if training.status != TrainingStatus.CANCELLED:
        ensure_data_requirements(training=training)
    return training


def _require_full_team(training: Training, status: str) -> None:
    problems = team_problems(training.trainers.all())
    if problems:
        raise UserError(
            _(
                "Pelatihan belum dapat dinyatakan %(status)s: %(problems)s. Lengkapi tim pelatih "
                "pada halaman pelatihan (5-6 pelatih, termasuk satu narasumber Bappenas)."
            )
            % {"status": TrainingStatus(status).label, "problems": "; ".join(problems)}
        )


@transaction.atomic
def session_save(
    *,
    user: User,
    training: Training,
    session: Session | None = None,
    day: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    title: str,
    topic: str = "",
    counts_for_attendance: bool = True,
) -> Session:
    """Add an agenda item (``session`` None) or change one."""
    _may_manage(user, training)
    if ends_at <= starts_at:
        raise UserError(_("Waktu selesai harus sesudah waktu mulai."))
    if session is None:
        session = Session(training=training)
    elif session.training_id != training.pk:
        raise PermissionDenied
    session.day = day
    session.starts_at = starts_at
    session.ends_at = ends_at
    session.title = title.strip()
    session.topic = topic
    session.counts_for_attendance = counts_for_attendance
    _save(session)
    return session


@transaction.atomic
def session_delete(*, user: User, session: Session) -> None:
    _may_manage(user, session.training)
    if session.attendances.exists():
        raise UserError(
            _("Sesi '%(title)s' sudah memiliki catatan kehadiran dan tidak dapat dihapus.")
            % {"title": session.title}
        )
    session.delete()


@transaction.atomic
def trainer_add(
    *,
    user: User,
    training: Training,
    name: str,
    institution: str = "",
    is_bappenas: bool = False,
    account: User | None = None,
) -> TrainingTrainer:
    _may_manage(user, training)
    Training.objects.select_for_update(of=("self",)).get(pk=training.pk)
    if training.trainers.count() >= MAX_TRAINERS:
        raise UserError(
            _("Tim pelatih paling banyak %(n)d orang, termasuk satu narasumber Bappenas.")
            % {"n": MAX_TRAINERS}
        )
    trainer = TrainingTrainer(
        training=training,
        name=name.strip(),
        institution=institution.strip(),
        is_bappenas=is_bappenas,
        user=account,
    )
    _save(trainer)
    return trainer


@transaction.atomic
def trainer_remove(*, user: User, trainer: TrainingTrainer) -> None:
    _may_manage(user, trainer.training)
    trainer.delete()


# --- Participants ------------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantData:
    name: str
    email: str
    agency: str
    agency_type: str
    role: str
    nip: str = ""
    echelon: int | None = None


def capacity_message(training: Training) -> str:
    return _(
        "Pelatihan ini sudah penuh: paling banyak %(max)d peserta per pelatihan. "
        "Hapus peserta lain lebih dulu atau daftarkan orang ini pada pelatihan berikutnya."
    ) % {"max": MAX_PARTICIPANTS}


def _person_for(data: ParticipantData, region: Region) -> Person:
    """The participant database keeps one person per e-mail, updated with the latest facts."""
    email = data.email.strip().lower()
    person = Person.objects.filter(email=email).first() or Person(email=email)
    person.name = data.name.strip()
    person.nip = data.nip.strip()
    person.agency = data.agency.strip()
    person.agency_type = data.agency_type
    person.echelon = data.echelon
    person.role = data.role
    person.region = region
    _save(person)
    return person


def _enrol(training: Training, data: ParticipantData) -> Participant:
    person = _person_for(data, training.region)
    if training.participants.filter(person=person).exists():
        raise UserError(
            _("%(email)s sudah terdaftar pada pelatihan ini.") % {"email": person.email}
        )
    participant = Participant(training=training, person=person)
    _save(participant)
    return participant


@transaction.atomic
def participant_add(*, user: User, training: Training, data: ParticipantData) -> Participant:
    """Register one participant; the 31st is refused."""
    _may_register(user, training)
    training = Training.objects.select_for_update(of=("self",)).get(pk=training.pk)
    if training.participants.count() >= MAX_PARTICIPANTS:
        raise UserError(capacity_message(training))
    return _enrol(training, data)


@dataclass(frozen=True)
class ImportOutcome:
    added: list[Participant]
    refused_rows: list[int]


@transaction.atomic
def participants_import(
    *, user: User, training: Training, rows: Sequence[tuple[int, ParticipantData]]
) -> ImportOutcome:
    """Register the previewed rows of a file in order until the training is full.

    Rows beyond the 30th place are refused and reported by their row number; the rest are
    registered together or not at all.
    """
    _may_register(user, training)
    training = Training.objects.select_for_update(of=("self",)).get(pk=training.pk)
    free = MAX_PARTICIPANTS - training.participants.count()
    added: list[Participant] = []
    refused: list[int] = []
    for row_number, data in rows:
        if len(added) >= free:
            refused.append(row_number)
            continue
        added.append(_enrol(training, data))
    record_bulk_change(
        actor=user,
        model=Participant,
        summary={
            "training": training.pk,
            "added": [p.person.email for p in added],
            "refused_rows": refused,
        },
        object_repr=_("Impor peserta %(title)s: %(n)d ditambahkan, %(r)d ditolak")
        % {"title": training.title, "n": len(added), "r": len(refused)},
    )
    return ImportOutcome(added=added, refused_rows=refused)


@transaction.atomic
def participant_remove(*, user: User, participant: Participant) -> None:
    _may_register(user, participant.training)
    if hasattr(participant, "certificate"):
        raise UserError(
            _("%(name)s sudah memiliki sertifikat; cabut sertifikatnya, jangan hapus pesertanya.")
            % {"name": participant.person.name}
        )
    participant.delete()


@transaction.atomic
def participants_send_links(*, user: User, training: Training, base_url: str) -> int:
    """E-mail each participant their personal link (tests, check-in, survey, certificate)."""
    _may_run(user, training)
    ids = list(training.participants.values_list("pk", flat=True))
    transaction.on_commit(lambda: notifications.participant_links(ids, base_url))
    return len(ids)


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
    _may_run(user, training)
    if pre_closes <= pre_opens or post_closes <= post_opens:
        raise UserError(_("Waktu tutup tes harus sesudah waktu bukanya."))
    if post_opens < pre_opens:
        raise UserError(_("Post-test tidak dapat dibuka sebelum pre-test."))
    training.pre_test_opens_at = pre_opens
    training.pre_test_closes_at = pre_closes
    training.post_test_opens_at = post_opens
    training.post_test_closes_at = post_closes
    _save(training)
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
        _save(attempt, validate_constraints=False)
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
    _save(response)
    participant.survey_done = True
    participant.save(update_fields=["survey_done"])
    return response


@transaction.atomic
def survey_set_open(*, user: User, training: Training, is_open: bool) -> Training:
    _may_run(user, training)
    training.survey_open = is_open
    training.save(update_fields=["survey_open"])
    return training


# --- Data readiness warnings -------------------------------------------------------------

WARNING_DAYS = (14, 7, 0)


def send_data_warnings(*, today: dt.date) -> list[tuple[Training, int]]:
    """Warn the region and the central team while required data is missing.

    A warning goes out when the due date is 14 and 7 days away and on the due date itself;
    each at most once per training, and only the nearest one when the command has not run
    for a while. Safe to run every day.
    """
    from sepakat.training.selectors import missing_datasets

    sent: list[tuple[Training, int]] = []
    horizon = today + dt.timedelta(days=max(WARNING_DAYS) + DATA_LEAD_DAYS)
    trainings = Training.objects.filter(
        status__in=(TrainingStatus.PLANNED, TrainingStatus.CONFIRMED),
        start_date__gt=today,
        start_date__lte=horizon,
    ).select_related("region")
    for training in trainings:
        days_left = (training.data_due_date - today).days
        crossed = [d for d in WARNING_DAYS if days_left <= d]
        if not crossed:
            continue
        threshold = min(crossed)
        missing = missing_datasets(training, today=today)
        if not missing:
            continue
        with transaction.atomic():
            _reminder, created = DataReminder.objects.get_or_create(
                training=training, days_before=threshold, defaults={"sent_on": today}
            )
            if not created:
                continue
            names = [r.dataset.name_id for r in missing]
            transaction.on_commit(
                partial(notifications.data_warning, training.pk, names, days_left)
            )
        sent.append((training, threshold))
    return sent
