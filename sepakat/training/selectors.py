"""Reads of trainings, always scoped to the user's region, and the figures shown about them:
attendance shares and flags, the composition of participants, test gains, the survey."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sepakat.core.access import scoped
from sepakat.datahub.models import SubmissionStatus
from sepakat.datahub.selectors import Readiness, readiness_for_region
from sepakat.training.models import (
    ATTENDANCE_THRESHOLD,
    MAX_PARTICIPANTS,
    AgencyType,
    Attendance,
    Participant,
    ParticipantRole,
    Question,
    Session,
    SurveyResponse,
    TestAttempt,
    TestKind,
    Topic,
    Training,
)
from sepakat.training.survey import SURVEY_ITEMS


def trainings_for(user: Any) -> QuerySet[Training]:
    return scoped(Training.objects.select_related("region"), user).annotate(
        n_participants=Count("participants", distinct=True)
    )


def participants_of(training: Training) -> QuerySet[Participant]:
    return training.participants.select_related("person").order_by("person__name", "pk")


def test_questions() -> list[Question]:
    return list(Question.objects.filter(is_active=True).order_by("topic", "pk"))


# --- Attendance ----------------------------------------------------------------------------


@dataclass
class AttendanceRow:
    participant: Participant
    attended: set[int]
    total: int
    remaining: int
    has_certificate: bool
    # Every session the participant was recorded in, core or not, for the attendance grid.
    recorded: set[int] = field(default_factory=set)

    @property
    def count(self) -> int:
        return len(self.attended)

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0

    @property
    def best_reachable(self) -> float:
        return (self.count + self.remaining) / self.total if self.total else 0.0

    @property
    def flagged(self) -> bool:
        """True as soon as 80 % can no longer be reached, even with every session left."""
        return self.best_reachable + 1e-9 < ATTENDANCE_THRESHOLD

    @property
    def eligible(self) -> bool:
        return self.share + 1e-9 >= ATTENDANCE_THRESHOLD


@dataclass
class AttendanceTable:
    sessions: list[Session]  # the core sessions the share counts
    rows: list[AttendanceRow]
    agenda: list[Session] = field(default_factory=list)  # every session, for recording

    @property
    def core_ids(self) -> set[int]:
        return {s.pk for s in self.sessions}

    @property
    def flagged(self) -> list[AttendanceRow]:
        return [r for r in self.rows if r.flagged]


def attendance_table(training: Training, *, now: dt.datetime | None = None) -> AttendanceTable:
    """Each participant's share over ALL core sessions of the 3-day training (three queries).

    Registration, day 4, the forums and the follow-up meetings are recorded but not counted
    (:func:`sepakat.training.rules.is_core`).
    """
    from sepakat.training.rules import core_sessions

    now = now or timezone.now()
    sessions = core_sessions(training)
    session_ids = {s.pk for s in sessions}
    open_ids = {s.pk for s in sessions if s.ends_at > now}
    attended: dict[int, set[int]] = defaultdict(set)
    recorded: dict[int, set[int]] = defaultdict(set)
    for participant_id, session_id in Attendance.objects.filter(
        session__training=training
    ).values_list("participant_id", "session_id"):
        recorded[participant_id].add(session_id)
        if session_id in session_ids:
            attended[participant_id].add(session_id)
    rows = []
    for participant in participants_of(training).select_related("certificate"):
        mine = attended[participant.pk]
        rows.append(
            AttendanceRow(
                participant=participant,
                attended=mine,
                total=len(sessions),
                remaining=len(open_ids - mine),
                has_certificate=hasattr(participant, "certificate"),
                recorded=recorded[participant.pk],
            )
        )
    agenda = list(training.sessions.order_by("starts_at", "pk"))
    return AttendanceTable(sessions=sessions, rows=rows, agenda=agenda)


# --- Composition against the policy --------------------------------------------------------

KEY_AGENCIES = (
    AgencyType.HEALTH,
    AgencyType.EDUCATION,
    AgencyType.SOCIAL,
    AgencyType.PUBLIC_WORKS,
    AgencyType.AGRICULTURE,
    AgencyType.VILLAGE,
)
GOVERNMENT = frozenset(
    {*KEY_AGENCIES, AgencyType.BAPPEDA, AgencyType.KOMINFO, AgencyType.OTHER, AgencyType.BPS}
)


@dataclass(frozen=True)
class PolicyCheck:
    label: str | Promise
    ok: bool
    detail: str = ""


@dataclass
class Composition:
    total: int
    by_agency: list[tuple[str, str, int]]
    by_role: list[tuple[str, int]]
    by_echelon: list[tuple[str, int]]
    checks: list[PolicyCheck] = field(default_factory=list)


def composition(training: Training) -> Composition:
    people = [p.person for p in participants_of(training)]
    agencies = Counter(p.agency_type for p in people)
    roles = Counter(p.role for p in people)
    echelons = Counter(p.echelon for p in people)
    missing_key = [str(AgencyType(a).label) for a in KEY_AGENCIES if not agencies[a]]
    wrong_echelon = [
        p.name for p in people if p.agency_type in GOVERNMENT and p.echelon not in (3, 4, None)
    ]
    checks = [
        PolicyCheck(
            _("Paling banyak %(n)d peserta") % {"n": MAX_PARTICIPANTS},
            len(people) <= MAX_PARTICIPANTS,
            f"{len(people)}/{MAX_PARTICIPANTS}",
        ),
        PolicyCheck(_("Bappeda bidang sosial budaya ikut"), agencies[AgencyType.BAPPEDA] > 0),
        PolicyCheck(
            _("Semua perangkat daerah kunci terwakili"),
            not missing_key,
            ", ".join(missing_key),
        ),
        PolicyCheck(
            _("BPS dan Kominfo terwakili"),
            agencies[AgencyType.BPS] > 0 and agencies[AgencyType.KOMINFO] > 0,
        ),
        PolicyCheck(
            _("Ada perencana dan staf teknis"),
            roles[ParticipantRole.PLANNER] > 0 and roles[ParticipantRole.TECHNICAL] > 0,
        ),
        PolicyCheck(
            _("Pejabat pemerintah setingkat eselon III atau IV"),
            not wrong_echelon,
            ", ".join(wrong_echelon),
        ),
    ]
    return Composition(
        total=len(people),
        by_agency=[(a.value, str(a.label), agencies[a.value]) for a in AgencyType],
        by_role=[(str(r.label), roles[r.value]) for r in ParticipantRole],
        by_echelon=[
            (str(_("Eselon III")), echelons[3]),
            (str(_("Eselon IV")), echelons[4]),
            (str(_("Tanpa eselon")), echelons[None]),
        ],
        checks=checks,
    )


# --- Data readiness ------------------------------------------------------------------------


def readiness_checklist(training: Training, *, today: dt.date | None = None) -> list[Readiness]:
    """The data hub's status of the datasets required before this training."""
    return [
        r for r in readiness_for_region(training.region, today) if r.dataset.required_for_training
    ]


RECEIVED = (SubmissionStatus.SUBMITTED, SubmissionStatus.VERIFIED)


def missing_datasets(training: Training, *, today: dt.date | None = None) -> list[Readiness]:
    return [r for r in readiness_checklist(training, today=today) if r.status not in RECEIVED]


# --- Tests ---------------------------------------------------------------------------------


def _gain(pre: float | None, post: float | None) -> float | None:
    """Post-test score minus pre-test score, in points; none without both tests."""
    if pre is None or post is None:
        return None
    return round(post - pre, 1)


@dataclass
class GainRow:
    participant: Participant
    pre: float | None
    post: float | None

    @property
    def gain(self) -> float | None:
        return _gain(self.pre, self.post)


@dataclass
class TopicGain:
    topic: str
    label: str
    pre: float | None
    post: float | None

    @property
    def gain(self) -> float | None:
        return _gain(self.pre, self.post)


@dataclass
class GainReport:
    rows: list[GainRow]
    topics: list[TopicGain]
    mean_pre: float | None
    mean_post: float | None
    n_both: int

    @property
    def mean_gain(self) -> float | None:
        if self.mean_pre is None or self.mean_post is None:
            return None
        return round(self.mean_post - self.mean_pre, 1)


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def gain_report(training: Training) -> GainReport:
    """Scores before and after, per participant and per topic.

    Means and topic gains use only the participants who took both tests, so that a
    participant who missed one test does not move the gain.
    """
    attempts: dict[tuple[int, str], TestAttempt] = {
        (a.participant_id, a.kind): a
        for a in TestAttempt.objects.filter(participant__training=training)
    }
    rows = []
    topic_pre: dict[str, list[float]] = defaultdict(list)
    topic_post: dict[str, list[float]] = defaultdict(list)
    pres: list[float] = []
    posts: list[float] = []
    for participant in participants_of(training):
        pre = attempts.get((participant.pk, TestKind.PRE))
        post = attempts.get((participant.pk, TestKind.POST))
        rows.append(GainRow(participant, pre.score if pre else None, post.score if post else None))
        if pre and post:
            pres.append(pre.score)
            posts.append(post.score)
            for topic, score in pre.topic_scores.items():
                if topic in post.topic_scores:
                    topic_pre[topic].append(score)
                    topic_post[topic].append(post.topic_scores[topic])
    topics = [
        TopicGain(t.value, str(t.label), _mean(topic_pre[t.value]), _mean(topic_post[t.value]))
        for t in Topic
        if topic_pre.get(t.value)
    ]
    return GainReport(
        rows=rows, topics=topics, mean_pre=_mean(pres), mean_post=_mean(posts), n_both=len(pres)
    )


# --- Survey --------------------------------------------------------------------------------


@dataclass
class SurveyItemSummary:
    key: str
    label: str
    mean: float | None
    counts: list[int]  # answers with rating 1..5


@dataclass
class SurveyReport:
    responses: int
    items: list[SurveyItemSummary]
    comments: list[str]


def survey_report(responses: QuerySet[SurveyResponse]) -> SurveyReport:
    rows = list(responses.values_list("ratings", "comments"))
    items = []
    for item in SURVEY_ITEMS:
        values = [int(r[item.key]) for r, _c in rows if item.key in r]
        counts = [values.count(v) for v in range(1, 6)]
        items.append(
            SurveyItemSummary(
                item.key,
                str(item.label),
                round(sum(values) / len(values), 2) if values else None,
                counts,
            )
        )
    comments = [c for _r, c in rows if c.strip()]
    return SurveyReport(responses=len(rows), items=items, comments=comments)


def survey_by_training(user: Any) -> list[tuple[Training, SurveyReport]]:
    """The survey across trainings: one summary per training the user may see."""
    trainings = list(scoped(Training.objects.select_related("region"), user))
    responses: dict[int, list[Any]] = defaultdict(list)
    for row in scoped(SurveyResponse.objects.all(), user).values("training_id", "ratings"):
        responses[row["training_id"]].append(row["ratings"])
    out = []
    for training in trainings:
        answers = responses.get(training.pk, [])
        items = []
        for item in SURVEY_ITEMS:
            values = [int(r[item.key]) for r in answers if item.key in r]
            items.append(
                SurveyItemSummary(
                    item.key,
                    str(item.label),
                    round(sum(values) / len(values), 2) if values else None,
                    [values.count(v) for v in range(1, 6)],
                )
            )
        out.append((training, SurveyReport(responses=len(answers), items=items, comments=[])))
    return out
