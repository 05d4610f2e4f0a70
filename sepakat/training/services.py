"""Writes of trainings: the event and its agenda, trainers, participants, attendance, tests,
certificates, the survey and data-readiness warnings.

Every write is one atomic, keyword-only function that validates before saving. Registered
models leave their audit rows through django-auditlog; bulk writes call
:func:`record_bulk_change`. Mail goes out only after the transaction commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.core.audit import record_bulk_change
from sepakat.core.errors import UserError
from sepakat.core.roles import Role
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
from sepakat.training.guards import may_manage, may_register, may_run, save_checked
from sepakat.training.models import (
    DATA_LEAD_DAYS,
    MAX_PARTICIPANTS,
    DataReminder,
    Participant,
    Person,
    Session,
    Training,
    TrainingModel,
    TrainingStatus,
    TrainingTrainer,
)
from sepakat.training.rules import (
    MAX_TRAINERS,
    team_problems,
)


def local_datetime(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = (int(p) for p in hhmm.split(":"))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


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
    save_checked(training)
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
        save_checked(session)
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
    may_manage(user)
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
    save_checked(training)
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
    may_manage(user)
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
    save_checked(session)
    return session


@transaction.atomic
def session_delete(*, user: User, session: Session) -> None:
    may_manage(user)
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
    may_manage(user)
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
    save_checked(trainer)
    return trainer


@transaction.atomic
def trainer_remove(*, user: User, trainer: TrainingTrainer) -> None:
    may_manage(user)
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
    save_checked(person)
    return person


def _enrol(training: Training, data: ParticipantData) -> Participant:
    person = _person_for(data, training.region)
    if training.participants.filter(person=person).exists():
        raise UserError(
            _("%(email)s sudah terdaftar pada pelatihan ini.") % {"email": person.email}
        )
    participant = Participant(training=training, person=person)
    save_checked(participant)
    return participant


@transaction.atomic
def participant_add(*, user: User, training: Training, data: ParticipantData) -> Participant:
    """Register one participant; the 31st is refused."""
    may_register(user, training)
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
    may_register(user, training)
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
    may_register(user, participant.training)
    if hasattr(participant, "certificate"):
        raise UserError(
            _("%(name)s sudah memiliki sertifikat; cabut sertifikatnya, jangan hapus pesertanya.")
            % {"name": participant.person.name}
        )
    participant.delete()


@transaction.atomic
def participants_send_links(*, user: User, training: Training, base_url: str) -> int:
    """E-mail each participant their personal link (tests, check-in, survey, certificate)."""
    may_run(user)
    ids = list(training.participants.values_list("pk", flat=True))
    transaction.on_commit(lambda: notifications.participant_links(ids, base_url))
    return len(ids)


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
