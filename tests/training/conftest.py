"""Fixtures of the training tests: a model I training for kab A, datasets, participants."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone

from sepakat.datahub.standard import ensure_standard_datasets
from sepakat.training import services
from sepakat.training.models import AgencyType, ParticipantRole, Training, TrainingModel
from sepakat.training.question_bank import load_starter_bank
from sepakat.training.services import ParticipantData

AGENCY_CYCLE = [
    AgencyType.BAPPEDA,
    AgencyType.HEALTH,
    AgencyType.EDUCATION,
    AgencyType.SOCIAL,
    AgencyType.PUBLIC_WORKS,
    AgencyType.AGRICULTURE,
    AgencyType.VILLAGE,
    AgencyType.KOMINFO,
    AgencyType.BPS,
    AgencyType.UNIVERSITY,
]


def person(n: int) -> ParticipantData:
    agency_type = AGENCY_CYCLE[n % len(AGENCY_CYCLE)]
    return ParticipantData(
        name=f"Peserta {n:02d}",
        email=f"peserta{n:02d}@contoh.go.id",
        agency=str(agency_type.label),
        agency_type=agency_type.value,
        role=ParticipantRole.PLANNER if n % 2 else ParticipantRole.TECHNICAL,
        nip=f"1980010120050120{n:02d}",
        echelon=3 if n % 3 == 0 else 4,
    )


def participants_csv(count: int, start: int = 1) -> bytes:
    lines = ["nama,nip,email,instansi,jenis_instansi,eselon,peran"]
    for n in range(start, start + count):
        p = person(n)
        lines.append(f"{p.name},{p.nip},{p.email},{p.agency},{p.agency_type},{p.echelon},{p.role}")
    return ("\n".join(lines) + "\n").encode()


def participants_xlsx(count: int, start: int = 1) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["nama", "nip", "email", "instansi", "jenis_instansi", "eselon", "peran"])
    for n in range(start, start + count):
        p = person(n)
        ws.append([p.name, p.nip, p.email, p.agency, p.agency_type, p.echelon, p.role])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def datasets(db: Any) -> list[Any]:
    return ensure_standard_datasets()


@pytest.fixture
def questions(db: Any) -> int:
    load_starter_bank()
    from sepakat.training.models import Question

    return Question.objects.filter(is_active=True).count()


@pytest.fixture
def start_date() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=30)


@pytest.fixture
def training(
    personas: dict[str, Any], regions: dict[str, Any], datasets: Any, start_date: dt.date
) -> Training:
    return services.training_create(
        user=personas["diana"],
        region=regions["kab_a"],
        title="Pelatihan SEPAKAT Kabupaten Alfa",
        model=TrainingModel.MODEL_I,
        start_date=start_date,
        venue="Aula Bappeda Alfa",
    )


@pytest.fixture
def enrolled(training: Training, personas: dict[str, Any]) -> list[Any]:
    return [
        services.participant_add(user=personas["diana"], training=training, data=person(n))
        for n in range(1, 6)
    ]


@pytest.fixture
def past_training(personas: dict[str, Any], regions: dict[str, Any], datasets: Any) -> Training:
    """A model I training that ended last week: attendance can be recorded and certificates
    issued and verified against the real clock."""
    return services.training_create(
        user=personas["diana"],
        region=regions["kab_a"],
        title="Pelatihan SEPAKAT Kabupaten Alfa",
        model=TrainingModel.MODEL_I,
        start_date=timezone.localdate() - dt.timedelta(days=10),
        venue="Aula Bappeda Alfa",
    )


@pytest.fixture
def past_enrolled(past_training: Training, personas: dict[str, Any]) -> list[Any]:
    return [
        services.participant_add(user=personas["diana"], training=past_training, data=person(n))
        for n in range(1, 6)
    ]
