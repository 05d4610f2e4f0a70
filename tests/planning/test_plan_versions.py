"""A plan's versions: submitted by planners, approved and locked by the regional admin,
a new version shown against the approved one, every step audited, other regions kept out."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.http import Http404

from sepakat.planning import plans
from sepakat.planning.models_plan import InterventionYear, PlanVersion
from sepakat.planning.plan_selectors import csv_rows, plans_for, version_diff, version_for_user
from tests.planning.plan_world import matrix

pytestmark = pytest.mark.django_db


def events(version: PlanVersion) -> list[str]:
    out = []
    for entry in LogEntry.objects.filter(
        object_repr__startswith="Rencana ", object_repr__endswith=f"versi {version.number}"
    ).order_by("pk"):
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        out.append(changes["event"][0])
    return out


@pytest.fixture
def draft(plan_world: dict[str, Any], write_file: Callable[[str, str], Path]) -> PlanVersion:
    first, second, _ = plan_world["problems"]
    path = write_file("m.csv", "\n".join(matrix(first, second)))
    call_command("plan", "import", "98.01", str(path), "--period", "2025-2029", stdout=StringIO())
    return PlanVersion.objects.get()


@pytest.fixture
def approved(plan_world: dict[str, Any], draft: PlanVersion) -> PlanVersion:
    p = plan_world["personas"]
    plans.version_submit(actor=p["alice"], version=draft)
    return plans.version_approve(actor=p["bob"], version=draft)


def test_a_planner_submits_and_the_regional_admin_approves(
    plan_world: dict[str, Any], draft: PlanVersion
) -> None:
    p = plan_world["personas"]
    plans.version_submit(actor=p["alice"], version=draft)
    with pytest.raises(PermissionDenied):  # a planner does not approve
        plans.version_approve(actor=p["alice"], version=draft)
    version = plans.version_approve(actor=p["bob"], version=draft)
    version.refresh_from_db()
    assert (version.status, version.submitted_by, version.decided_by) == (
        "approved",
        p["alice"],
        p["bob"],
    )
    assert events(version) == [
        "plan version imported",
        "plan version submitted",
        "plan version approved",
    ]
    assert LogEntry.objects.filter(actor=p["bob"], changes__icontains="approved").exists()


def test_an_admin_does_not_approve_their_own_submission(
    plan_world: dict[str, Any], draft: PlanVersion
) -> None:
    bob = plan_world["personas"]["bob"]
    plans.version_submit(actor=bob, version=draft)
    with pytest.raises(ValidationError, match="Anda sendiri yang mengajukan"):
        plans.version_approve(actor=bob, version=draft)
    draft.refresh_from_db()
    assert draft.status == "submitted"
    # the province's admin, who sees the kab/kota, may
    plans.version_approve(actor=plan_world["personas"]["hana"], version=draft)
    draft.refresh_from_db()
    assert draft.status == "approved"


def test_a_returned_version_carries_the_reason_and_can_be_resubmitted(
    plan_world: dict[str, Any], draft: PlanVersion
) -> None:
    p = plan_world["personas"]
    plans.version_submit(actor=p["alice"], version=draft)
    with pytest.raises(ValidationError, match="alasan pengembalian"):
        plans.version_return(actor=p["bob"], version=draft, reason=" ")
    plans.version_return(actor=p["bob"], version=draft, reason="Pagu 2026 terlalu tinggi")
    draft.refresh_from_db()
    assert (draft.status, draft.return_reason) == ("returned", "Pagu 2026 terlalu tinggi")
    plans.version_submit(actor=p["alice"], version=draft)
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.return_reason == ""
    assert "plan version returned" in events(draft)


def test_an_approved_version_is_locked(plan_world: dict[str, Any], approved: PlanVersion) -> None:
    year = InterventionYear.objects.filter(intervention__version=approved, year=2025).first()
    assert year is not None
    with pytest.raises(ValidationError, match="terkunci"):
        plans.intervention_year_change(
            actor=plan_world["personas"]["alice"], year=year, target="50", budget="1"
        )
    year.refresh_from_db()
    assert year.target == Decimal("42") and year.budget == Decimal("1500000000")
    with pytest.raises(ValidationError, match="tidak dapat diajukan"):
        plans.version_submit(actor=plan_world["personas"]["alice"], version=approved)


def test_a_new_version_shows_changed_targets_and_budgets_against_the_approved(
    plan_world: dict[str, Any], approved: PlanVersion
) -> None:
    alice = plan_world["personas"]["alice"]
    assert version_diff(approved) is None  # nothing approved before it
    draft = plans.version_draft_from(actor=alice, version=approved)
    assert draft.number == 2 and draft.status == "draft"
    assert csv_rows(draft) == csv_rows(approved)
    assert version_diff(draft) is not None and version_diff(draft).empty  # type: ignore[union-attr]

    year = InterventionYear.objects.get(intervention__version=draft, year=2026, target=45)
    with pytest.raises(ValidationError, match="lebih rendah dari kondisi awal"):
        plans.intervention_year_change(actor=alice, year=year, target="39", budget="1")
    plans.intervention_year_change(actor=alice, year=year, target="47", budget="1700000000")

    diff = version_diff(draft)
    assert diff is not None and diff.base == approved
    assert not diff.added and not diff.removed
    assert [(c.year, c.what, c.before, c.after) for c in diff.changed] == [
        (2026, "target", "45", "47"),
        (2026, "pagu", "1600000000", "1700000000"),
    ]
    assert "plan target changed" in events(draft)
    approved_year = InterventionYear.objects.get(
        intervention__version=approved, year=2026, target=45
    )
    assert approved_year.budget == Decimal("1600000000")  # the record stays as agreed


def test_an_imported_version_shows_added_and_removed_interventions(
    plan_world: dict[str, Any], approved: PlanVersion, write_file: Callable[[str, str], Path]
) -> None:
    first, second, third = plan_world["problems"]
    lines = matrix(first, second)
    kept = [lines[0], *lines[1:5]]  # the meals of the second problem are dropped...
    added = lines[5].replace(
        f"{second},pendapatan", f"{third},kantong"
    )  # ...and given to the third
    path = write_file("v2.csv", "\n".join([*kept, added]))
    call_command("plan", "import", "98.01", str(path), stdout=StringIO())
    new = PlanVersion.objects.get(number=2)
    diff = version_diff(new)
    assert diff is not None
    assert diff.added == [f"{third} 1.06.04.2.01.0006 1.06.0.00.0.00.01.0000"]
    assert diff.removed == [f"{second} 1.06.04.2.01.0006 1.06.0.00.0.00.01.0000"]


def test_objectives_and_programme_outcomes_are_checked(
    plan_world: dict[str, Any], draft: PlanVersion
) -> None:
    alice = plan_world["personas"]["alice"]
    tujuan = plans.objective_add(
        actor=alice,
        version=draft,
        kind="tujuan",
        statement="Menurunkan kemiskinan",
        indicator="Persentase penduduk miskin",
        unit="%",
        polarity=-1,
        baseline=Decimal("11.2"),
        targets={2025: "10,8", 2029: "8.5"},
    )
    assert tujuan.targets == {"2025": "10.8", "2029": "8.5"}
    with pytest.raises(ValidationError, match="lebih tinggi dari kondisi awal"):
        plans.objective_add(
            actor=alice,
            version=draft,
            kind="sasaran",
            parent=tujuan,
            statement="Turunnya kemiskinan ekstrem",
            indicator="Persentase penduduk miskin ekstrem",
            unit="%",
            polarity=-1,
            baseline=Decimal("1.5"),
            targets={2025: "1.8"},
        )
    sasaran = plans.objective_add(
        actor=alice,
        version=draft,
        kind="sasaran",
        parent=tujuan,
        statement="Turunnya kemiskinan ekstrem",
        indicator="Persentase penduduk miskin ekstrem",
        unit="%",
        polarity=-1,
        baseline=Decimal("1.5"),
        targets={2025: "1.0", 2026: "0"},
    )
    with pytest.raises(ValidationError, match="tidak ada dalam nomenklatur"):
        plans.programme_outcome_add(
            actor=alice,
            version=draft,
            sasaran=sasaran,
            programme_code="1.09.09",
            indicator="APM SD",
            unit="%",
            polarity=1,
            baseline=None,
            targets={},
        )
    plans.programme_outcome_add(
        actor=alice,
        version=draft,
        sasaran=sasaran,
        programme_code="1.01.02",
        indicator="APM SD",
        unit="%",
        polarity=1,
        baseline=Decimal("95"),
        targets={2025: "96"},
    )
    assert draft.objectives.count() == 2 and draft.programme_outcomes.count() == 1
    assert {"plan tujuan added", "plan sasaran added", "plan programme outcome added"} <= set(
        events(draft)
    )
    copy = plans.version_draft_from(actor=alice, version=draft)
    copied = copy.objectives.get(kind="sasaran")
    assert copied.parent == copy.objectives.get(kind="tujuan")
    assert copy.programme_outcomes.get().sasaran == copied


def test_other_regions_and_roles_are_kept_out(
    plan_world: dict[str, Any], draft: PlanVersion
) -> None:
    p = plan_world["personas"]
    with pytest.raises(Http404):
        version_for_user(p["charlie"], draft.pk)
    assert not plans_for(p["charlie"]).exists()
    assert list(plans_for(p["frank"])) == [draft.plan]  # a viewer of the region reads it
    assert version_for_user(p["frank"], draft.pk) == draft
    for outsider in ("charlie", "frank", "erin"):  # another region, a viewer, a data operator
        with pytest.raises(PermissionDenied):
            plans.version_submit(actor=p[outsider], version=draft)
    with pytest.raises(PermissionDenied):
        plans.plan_create(
            actor=p["charlie"], region=plan_world["kab_a"], start_year=2030, end_year=2034
        )
    draft.refresh_from_db()
    assert draft.status == "draft" and events(draft) == ["plan version imported"]
