"""The objects of kab Alfa (98.01) that the isolation suite asks other regions for.

Each function creates one object once per :class:`World` (a second call returns the same
one), owned by a persona of Alfa, with :data:`MARKER` in a text its pages show. See
``tests/isolation_registry.py`` for how they are used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

MARKER = "RAHASIA-ALFA-9801"


@dataclass
class World:
    regions: dict[str, Any]
    people: dict[str, Any]
    made: dict[str, Any] = field(default_factory=dict)


def _now() -> dt.datetime:
    return timezone.now()


# ---- the objects, each created once per world ---------------------------------------


def _once(w: World, key: str, make: Callable[[], Any]) -> Any:
    if key not in w.made:
        w.made[key] = make()
    return w.made[key]


def dataset(w: World) -> Any:
    from sepakat.datahub.models import Dataset, DatasetKind

    return _once(
        w,
        "dataset",
        lambda: Dataset.objects.create(
            code="iso-ddA", name_id="Dataset nasional", kind=DatasetKind.values[0]
        ),
    )


def upload(w: World) -> Any:
    from sepakat.datahub.models import Upload

    return _once(
        w,
        "upload",
        lambda: Upload.objects.create(
            dataset=dataset(w),
            region=w.regions["kab_a"],
            uploaded_by=w.people["erin"],
            original_name=f"{MARKER}.xlsx",
            stored_path="uploads/iso/none.xlsx",
            sha256="0" * 64,
            size=10,
        ),
    )


def submission(w: World) -> Any:
    from sepakat.datahub.models import Submission

    return _once(
        w,
        "submission",
        lambda: Submission.objects.create(
            dataset=dataset(w),
            region=w.regions["kab_a"],
            upload=upload(w),
            created_by=w.people["erin"],
            status="submitted",
        ),
    )


def local_indicator(w: World) -> Any:
    from sepakat.datahub.models import Indicator

    return _once(
        w,
        "indicator",
        lambda: Indicator.objects.create(
            code="ISO_LOKAL",
            name_id=f"Indikator lokal {MARKER}",
            area="poverty",
            unit="persen",
            polarity=-1,
            owner_region=w.regions["kab_a"],
        ),
    )


def microdata_file(w: World) -> Any:
    from sepakat.datahub.models import MicrodataFile

    return _once(
        w,
        "microdata_file",
        lambda: MicrodataFile.objects.create(
            kind="survey",
            title=f"Susenas {MARKER}",
            region=w.regions["kab_a"],
            period="2024",
            relative_path="98.01/iso.parquet",
            row_count=1,
            sha256="0" * 64,
        ),
    )


def incoming(w: World) -> Any:
    from sepakat.datahub.models import MicrodataIncoming

    return _once(
        w,
        "incoming",
        lambda: MicrodataIncoming.objects.create(
            kind="survey",
            title=f"Masuk {MARKER}",
            period="2024",
            region=w.regions["kab_a"],
            uploaded_by=w.people["bob"],
            original_name=f"{MARKER}.csv",
            file_format="csv",
            staging_dir="incoming/iso",
            sha256="0" * 64,
            size=10,
        ),
    )


def api_token(w: World) -> Any:
    from sepakat.datahub.api_services import token_create

    return _once(
        w, "api_token", lambda: token_create(user=w.people["erin"], name=f"SIPD {MARKER}")[0]
    )


def computation_run(w: World) -> Any:
    from sepakat.analysis.models import ComputationRun

    return _once(
        w,
        "computation_run",
        lambda: ComputationRun.objects.create(
            file=microdata_file(w),
            region=w.regions["kab_a"],
            period="2024",
            created_by=w.people["alice"],
        ),
    )


def priority_set(w: World) -> Any:
    from sepakat.priorities.models import PriorityRun, PrioritySet

    def make() -> Any:
        run = PriorityRun.objects.create(
            region=w.regions["kab_a"],
            period="2024",
            file=microdata_file(w),
            method="iso",
            engine="duckdb",
            created_by=w.people["alice"],
        )
        return PrioritySet.objects.create(
            region=w.regions["kab_a"],
            period="2024",
            version=1,
            run=run,
            created_by=w.people["alice"],
            note=MARKER,
        )

    return _once(w, "priority_set", make)


def plan_version(w: World) -> Any:
    """A draft version of a plan of kab Alfa, built on its priority set."""
    import datetime

    from sepakat.planning.models import NomenclatureVersion
    from sepakat.planning.models_plan import Plan, PlanVersion

    def make() -> Any:
        nomenclature = NomenclatureVersion.objects.create(
            name="Permendagri 90/2019 (uji isolasi)", in_force_from=datetime.date(2020, 1, 1)
        )
        plan = Plan.objects.create(
            region=w.regions["kab_a"],
            start_year=2025,
            end_year=2029,
            priority_set=priority_set(w),
            nomenclature=nomenclature,
            created_by=w.people["alice"],
        )
        return PlanVersion.objects.create(
            plan=plan, number=1, note=MARKER, created_by=w.people["alice"]
        )

    return _once(w, "plan_version", make)


def plan_objective(w: World) -> Any:
    """A tujuan of the draft plan version of kab Alfa."""
    from sepakat.planning.models_plan import PlanObjective

    return _once(
        w,
        "plan_objective",
        lambda: PlanObjective.objects.create(
            version=plan_version(w),
            kind="tujuan",
            position=1,
            statement=f"Tujuan {MARKER}",
            indicator="Persentase penduduk miskin",
            unit="%",
            polarity=-1,
        ),
    )


def plan_sasaran(w: World) -> Any:
    from sepakat.planning.models_plan import PlanObjective

    return _once(
        w,
        "plan_sasaran",
        lambda: PlanObjective.objects.create(
            version=plan_version(w),
            kind="sasaran",
            parent=plan_objective(w),
            position=1,
            statement=f"Sasaran {MARKER}",
            indicator="Persentase penduduk miskin ekstrem",
            unit="%",
            polarity=-1,
        ),
    )


def programme_outcome(w: World) -> Any:
    from sepakat.planning.models_plan import ProgrammeOutcome

    return _once(
        w,
        "programme_outcome",
        lambda: ProgrammeOutcome.objects.create(
            version=plan_version(w),
            sasaran=plan_sasaran(w),
            programme_code="1.01.02",
            indicator=f"APM SD {MARKER}",
            unit="%",
        ),
    )


def intervention(w: World) -> Any:
    """One sub kegiatan of the draft plan of kab Alfa, by an agency of Alfa's SKPD list."""
    from sepakat.planning.models import Skpd
    from sepakat.planning.models_plan import Intervention, InterventionYear
    from sepakat.priorities.models import PriorityIndicator

    def make() -> Any:
        problem = PriorityIndicator.objects.order_by(
            "pk"
        ).first() or PriorityIndicator.objects.create(
            code="ISO01", sector="pendidikan", name_id="Masalah uji", target=1.0
        )
        skpd = Skpd.objects.create(
            region=w.regions["kab_a"], code="1.01.0.00.0.00.01.0000", name="Dinas Pendidikan"
        )
        item = Intervention.objects.create(
            version=plan_version(w),
            position=1,
            problem=problem,
            strategy="beban",
            sub_kegiatan_code="1.01.02.2.01.0025",
            sub_kegiatan_name=f"Dana BOS {MARKER}",
            skpd=skpd,
            output_indicator="Jumlah sekolah",
            unit="Unit",
        )
        InterventionYear.objects.create(intervention=item, year=2025, target=10, budget=1000)
        return item

    return _once(w, "intervention", make)


def tree_node(w: World) -> Any:
    """The core problem of a tree in the draft plan version of kab Alfa."""
    from sepakat.planning.models_tree import ProblemTreeNode
    from sepakat.priorities.models import PriorityIndicator, PrioritySetItem

    def make() -> Any:
        version = plan_version(w)
        problem = PriorityIndicator.objects.order_by("pk").first()
        assert problem is not None, "the migrations load the priority catalogue"
        PrioritySetItem.objects.get_or_create(
            priority_set=version.plan.priority_set, indicator=problem, defaults={"position": 1}
        )
        return ProblemTreeNode.objects.create(
            version=version,
            problem=problem,
            kind="inti",
            position=1,
            statement=f"Masalah inti {MARKER}",
            evidence="hasil FGD",
        )

    return _once(w, "tree_node", make)


def location_list(w: World) -> Any:
    from sepakat.priorities.models_places import PriorityLocationList

    return _once(
        w,
        "location_list",
        lambda: PriorityLocationList.objects.create(
            region=w.regions["kab_a"], name=f"Lokus {MARKER}", year=2024, source="SK Bupati"
        ),
    )


def access_request(w: World) -> Any:
    from django.core.files.base import ContentFile

    from sepakat.access.models import AccessRequest

    def make() -> Any:
        request = AccessRequest(
            region=w.regions["kab_a"],
            token="iso-token-" + "a" * 40,
            signatory="Bupati",
            signatory_name=f"Bupati {MARKER}",
            contact_name=f"Kontak {MARKER}",
            contact_position="Kabid",
            contact_email="kontak@alfa.go.id",
            contact_phone="0800",
            package="full",
            letter_number=f"005/{MARKER}",
            letter_date=dt.date(2026, 1, 5),
            created_at=_now(),
        )
        request.letter.save("surat.pdf", ContentFile(b"%PDF-1.4 iso"), save=False)
        request.save()
        return request

    return _once(w, "access_request", make)


def region_access(w: World) -> Any:
    from sepakat.access.models import RegionAccess

    return _once(
        w,
        "region_access",
        lambda: RegionAccess.objects.create(
            region=w.regions["kab_a"], package="trial", starts_on=dt.date(2026, 1, 1)
        ),
    )


def worksheet_template(w: World) -> Any:
    from sepakat.access.worksheets import DEFAULT_STRUCTURE, worksheet_template_create

    return _once(
        w,
        "worksheet_template",
        lambda: worksheet_template_create(
            title="LK nasional", structure=DEFAULT_STRUCTURE, by=w.people["diana"]
        ),
    )


def worksheet(w: World) -> Any:
    from sepakat.access.models import Worksheet

    return _once(
        w,
        "worksheet",
        lambda: Worksheet.objects.create(
            template=worksheet_template(w),
            region=w.regions["kab_a"],
            status="submitted",
            created_by=w.people["alice"],
            created_at=_now(),
            updated_at=_now(),
        ),
    )


def extension(w: World) -> Any:
    from sepakat.access.models import Extension

    return _once(
        w,
        "extension",
        lambda: Extension.objects.create(
            access=region_access(w), requested_by=w.people["bob"], requested_at=_now()
        ),
    )


def training(w: World) -> Any:
    from sepakat.training.models import Training

    return _once(
        w,
        "training",
        lambda: Training.objects.create(
            region=w.regions["kab_a"],
            title=f"Pelatihan {MARKER}",
            model="model_i",
            start_date=timezone.localdate() + dt.timedelta(days=30),
        ),
    )


def trainer(w: World) -> Any:
    from sepakat.training.models import TrainingTrainer

    return _once(
        w,
        "trainer",
        lambda: TrainingTrainer.objects.create(training=training(w), name=f"Pelatih {MARKER}"),
    )


def session(w: World) -> Any:
    from sepakat.training.models import Session

    start = _now() + dt.timedelta(days=30)
    return _once(
        w,
        "session",
        lambda: Session.objects.create(
            training=training(w),
            day=1,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            title=f"Sesi {MARKER}",
        ),
    )


def participant(w: World) -> Any:
    from sepakat.training.models import Participant, ParticipantRole, Person

    def make() -> Any:
        person = Person.objects.create(
            name=f"Peserta {MARKER}",
            email="peserta@alfa.go.id",
            agency="Bappeda Alfa",
            agency_type="bappeda",
            role=ParticipantRole.PLANNER,
            region=w.regions["kab_a"],
        )
        return Participant.objects.create(training=training(w), person=person)

    return _once(w, "participant", make)


def certificate(w: World) -> Any:
    from sepakat.training.models import Certificate

    return _once(
        w,
        "certificate",
        lambda: Certificate.objects.create(
            participant=participant(w), attendance_share=1.0, issued_at=_now()
        ),
    )


def mentoring(w: World) -> Any:
    from sepakat.training.models import MentoringRequest

    return _once(
        w,
        "mentoring",
        lambda: MentoringRequest.objects.create(
            region=w.regions["kab_a"],
            requested_by=w.people["bob"],
            topics=f"Topik {MARKER}",
            proposed_start=timezone.localdate() + dt.timedelta(days=10),
        ),
    )


def webinar(w: World) -> Any:
    from sepakat.training.models import Webinar

    start = _now() + dt.timedelta(days=20)
    return _once(
        w,
        "webinar",
        lambda: Webinar.objects.create(
            topic="Webinar nasional",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            speakers="Tim SEPAKAT",
            min_participants=1,
            registration_deadline=start - dt.timedelta(days=1),
            go_no_go_date=(start - dt.timedelta(days=3)).date(),
        ),
    )


def webinar_registration(w: World) -> Any:
    from sepakat.training.models import WebinarRegistration

    return _once(
        w,
        "webinar_registration",
        lambda: WebinarRegistration.objects.create(
            webinar=webinar(w),
            region=w.regions["kab_a"],
            name=f"Pendaftar {MARKER}",
            email="daftar@alfa.go.id",
            agency="Bappeda Alfa",
            status="registered",
            registered_at=_now(),
        ),
    )


def resource(w: World) -> Any:
    from sepakat.library.models import Resource

    return _once(
        w,
        "resource",
        lambda: Resource.objects.create(slug="iso-pedoman", title="Pedoman", kind="guide"),
    )


def invitation(w: World) -> Any:
    from sepakat.accounts.models import Invitation

    return _once(
        w,
        "invitation",
        lambda: Invitation.objects.create(
            user=w.people["alice"],
            token_hash="0" * 64,
            valid_until=_now() + dt.timedelta(days=3),
        ),
    )


def budget_line(w: World) -> Any:
    """A budget line of kab Alfa in 2025 (APBD murni), its SKPD named with the marker."""
    from decimal import Decimal

    from sepakat.budgeting.models import ApbdLine

    return _once(
        w,
        "budget_line",
        lambda: ApbdLine.objects.create(
            region=w.regions["kab_a"],
            year=2025,
            stage="murni",
            skpd_code="1.02.0.00.0.00.01.0000",
            skpd_name=f"Dinas {MARKER}",
            sub_kegiatan_code="1.02.02.2.02.0004",
            sub_kegiatan_name=f"Layanan {MARKER}",
            account="5.1",
            amount=Decimal("150000000"),
            tags="stunting",
        ),
    )


def monitoring_target(w: World) -> Any:
    from sepakat.monitoring.models import Target

    indicator = local_indicator(w)
    return _once(
        w,
        "monitoring_target",
        lambda: Target.objects.create(
            region=w.regions["kab_a"],
            kind="rkpd",
            year=2025,
            indicator=indicator,
            key=f"ind:{indicator.code}",
            name=f"Target {MARKER}",
            unit="persen",
            polarity=-1,
            value=10.0,
        ),
    )


def quarter_report(w: World) -> Any:
    """The OPD's first-quarter report of Alfa's sub kegiatan, its reason carrying the marker."""
    from sepakat.monitoring.models import QuarterReport

    item = intervention(w)
    return _once(
        w,
        "quarter_report",
        lambda: QuarterReport.objects.create(
            region=w.regions["kab_a"],
            year=2025,
            quarter=1,
            intervention=item,
            output=1,
            financial=100,
            reason=f"Terlambat {MARKER}",
            status="submitted",
        ),
    )
