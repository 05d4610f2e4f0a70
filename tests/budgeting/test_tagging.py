"""Tags suggested from the approved plan and set in bulk: what the plan says reaches the
lines of its sub kegiatan, every change is audited, and outsiders change nothing."""

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
from django.core.management.base import CommandError

from sepakat.budgeting import tagging
from sepakat.budgeting.models import ApbdLine
from sepakat.planning import plans
from sepakat.planning.models_plan import Intervention, PlanVersion
from tests.planning.plan_world import matrix

pytestmark = pytest.mark.django_db

BOS = "1.01.02.2.01.0025"
MEALS = "1.06.04.2.01.0006"
OTHER = "1.02.02.2.02.0004"


@pytest.fixture
def approved(plan_world: dict[str, Any], write_file: Callable[[str, str], Path]) -> PlanVersion:
    first, second, _ = plan_world["problems"]
    path = write_file("m.csv", "\n".join(matrix(first, second)))
    call_command("plan", "import", "98.01", str(path), "--period", "2025-2029", stdout=StringIO())
    p = plan_world["personas"]
    draft = PlanVersion.objects.get()
    plans.version_submit(actor=p["alice"], version=draft)
    return plans.version_approve(actor=p["bob"], version=draft)


def add_line(
    region: Any, code: str, *, year: int = 2025, stage: str = "murni", tags: str = ""
) -> ApbdLine:
    return ApbdLine.objects.create(
        region=region,
        year=year,
        stage=stage,
        skpd_code=f"{code[:4]}.0.00.0.00.01.0000",
        skpd_name="Dinas",
        sub_kegiatan_code=code,
        account="5.1",
        amount=Decimal("1000000"),
        tags=tags,
    )


def tag_events() -> list[dict[str, list[str]]]:
    return [
        e.changes
        for e in LogEntry.objects.order_by("pk")
        if isinstance(e.changes, dict) and e.changes.get("event") == [tagging.EVENT]
    ]


def test_suggestions_carry_the_plan_tags_problem_and_locations(
    plan_world: dict[str, Any],
    approved: PlanVersion,
) -> None:
    first, second, _ = plan_world["problems"]
    kab = plan_world["kab_a"]
    bos = add_line(kab, BOS, tags="stunting")
    meals = add_line(kab, MEALS, stage="rka")
    add_line(kab, OTHER)
    add_line(kab, BOS, year=2024)  # before the plan's period: no suggestion
    found = {s.line_id: s for s in tagging.suggest_tags(kab, 2025)}
    assert set(found) == {bos.pk, meals.pk}
    bos_item = Intervention.objects.get(version=approved, sub_kegiatan_code=BOS)
    # the plan's strategy and extreme-poverty tag are added; the file's stunting tag stays
    assert found[bos.pk].tags == "kemiskinan-ekstrem stunting beban"
    assert found[bos.pk].intervention_id == bos_item.pk
    assert found[bos.pk].problem_codes == first
    assert found[bos.pk].locations == ("98.01.01", "98.01.01.2001")
    assert found[bos.pk].service == "langsung"
    assert found[meals.pk].tags == "kemiskinan-ekstrem pendapatan"
    assert found[meals.pk].problem_codes == second
    assert tagging.suggest_tags(kab, 2024) == []


def test_applying_the_plan_writes_the_links_once_with_one_audit_row(
    plan_world: dict[str, Any],
    approved: PlanVersion,
) -> None:
    kab, alice = plan_world["kab_a"], plan_world["personas"]["alice"]
    bos, meals, other = add_line(kab, BOS), add_line(kab, MEALS), add_line(kab, OTHER)
    assert tagging.suggestions_apply(actor=alice, region=kab, year=2025) == 2
    bos.refresh_from_db()
    other.refresh_from_db()
    assert (bos.tags, bos.service, bos.locations) == (
        "kemiskinan-ekstrem beban",
        "langsung",
        ["98.01.01", "98.01.01.2001"],
    )
    assert bos.intervention is not None and bos.intervention.sub_kegiatan_code == BOS
    assert (other.tags, other.service, other.intervention_id) == ("", "", None)
    events = tag_events()
    assert len(events) == 1 and events[0]["lines"] == ["2"] and events[0]["how"] == ["plan"]
    # a second run finds everything as the plan says: nothing written, nothing recorded
    assert tagging.suggestions_apply(actor=alice, region=kab, year=2025) == 0
    assert len(tag_events()) == 1
    meals.refresh_from_db()
    assert meals.problem_codes == plan_world["problems"][1]


def test_bulk_tagging_changes_the_chosen_lines_and_is_audited(plan_world: dict[str, Any]) -> None:
    kab, bob = plan_world["kab_a"], plan_world["personas"]["bob"]
    a = add_line(kab, OTHER, tags="beban")
    b = add_line(kab, BOS, stage="rka")
    untouched = add_line(kab, MEALS)
    count = tagging.lines_tag(
        actor=bob,
        region=kab,
        line_ids=[a.pk, b.pk],
        add=["stunting"],
        remove=["beban"],
        service="penunjang",
    )
    assert count == 2
    for line in (a, b, untouched):
        line.refresh_from_db()
    assert (a.tags, a.service) == ("stunting", "penunjang")
    assert (b.tags, b.service) == ("stunting", "penunjang")
    assert (untouched.tags, untouched.service) == ("", "")
    events = tag_events()
    assert len(events) == 1
    assert events[0]["lines"] == ["2"] and events[0]["region"] == ["98.01"]


def test_the_province_admin_may_tag_a_kab_of_the_province(plan_world: dict[str, Any]) -> None:
    kab = plan_world["kab_a"]
    line = add_line(kab, OTHER)
    hana = plan_world["personas"]["hana"]
    assert tagging.lines_tag(actor=hana, region=kab, line_ids=[line.pk], service="langsung") == 1
    line.refresh_from_db()
    assert line.service == "langsung"
    # the same change again changes nothing and records nothing more
    assert tagging.lines_tag(actor=hana, region=kab, line_ids=[line.pk], service="langsung") == 0
    assert len(tag_events()) == 1


@pytest.mark.parametrize("who", ["charlie", "frank", "erin"])
def test_an_outsider_or_a_reader_tags_nothing(plan_world: dict[str, Any], who: str) -> None:
    kab = plan_world["kab_a"]
    line = add_line(kab, OTHER)
    with pytest.raises(PermissionDenied):
        tagging.lines_tag(
            actor=plan_world["personas"][who], region=kab, line_ids=[line.pk], add=["stunting"]
        )
    line.refresh_from_db()
    assert line.tags == "" and tag_events() == []


def test_an_outsider_cannot_apply_the_plan(
    plan_world: dict[str, Any],
    approved: PlanVersion,
) -> None:
    kab = plan_world["kab_a"]
    line = add_line(kab, BOS)
    with pytest.raises(PermissionDenied):
        tagging.suggestions_apply(actor=plan_world["personas"]["charlie"], region=kab, year=2025)
    line.refresh_from_db()
    assert (line.tags, line.intervention_id) == ("", None) and tag_events() == []


def test_a_line_of_another_region_refuses_the_whole_change(plan_world: dict[str, Any]) -> None:
    kab, kab_b = plan_world["kab_a"], plan_world["kab_b"]
    mine, theirs = add_line(kab, OTHER), add_line(kab_b, OTHER)
    with pytest.raises(ValidationError) as refused:
        tagging.lines_tag(
            actor=plan_world["personas"]["alice"],
            region=kab,
            line_ids=[mine.pk, theirs.pk],
            add=["stunting"],
        )
    assert str(theirs.pk) in str(refused.value)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.tags == theirs.tags == "" and tag_events() == []


def test_an_unknown_tag_word_is_refused_with_the_known_words(plan_world: dict[str, Any]) -> None:
    kab = plan_world["kab_a"]
    line = add_line(kab, OTHER)
    with pytest.raises(ValidationError) as refused:
        tagging.lines_tag(
            actor=plan_world["personas"]["alice"], region=kab, line_ids=[line.pk], add=["gizi"]
        )
    assert "gizi" in str(refused.value) and "kemiskinan-ekstrem" in str(refused.value)
    line.refresh_from_db()
    assert line.tags == ""


def test_the_command_applies_the_plan_as_the_named_user(
    plan_world: dict[str, Any],
    approved: PlanVersion,
) -> None:
    kab = plan_world["kab_a"]
    line = add_line(kab, MEALS)
    out = StringIO()
    call_command(
        "budget", "tag", "98.01", "--year", "2025", "--from-plan", "--user", "alice", stdout=out
    )
    assert "1 baris" in out.getvalue()
    line.refresh_from_db()
    assert line.tags == "kemiskinan-ekstrem pendapatan"
    entry = LogEntry.objects.order_by("-pk").first()
    assert entry is not None and entry.actor == plan_world["personas"]["alice"]
    with pytest.raises(CommandError):
        call_command(
            "budget",
            "tag",
            "98.01",
            "--year",
            "2025",
            "--from-plan",
            "--user",
            "charlie",
            stdout=StringIO(),
        )


def test_the_command_says_when_no_plan_covers_the_year(plan_world: dict[str, Any]) -> None:
    with pytest.raises(CommandError, match="rencana yang disetujui"):
        call_command("budget", "tag", "98.01", "--year", "2025", "--from-plan", stdout=StringIO())
