"""``sepakat budget tag REGION --year Y`` with a filter: the counts it prints equal counts
taken independently from the imported file, a dry run and a refusal write nothing, and a
change is one audit row."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError

from sepakat.budgeting.models import ApbdLine
from tests.budgeting.conftest import KAB_CODES, SKPD_DIK, SKPD_KES, SKPD_SOS, line
from tests.budgeting.test_tagging import tag_events

pytestmark = pytest.mark.django_db

STAGES = ("kua-ppas", "murni", "dpa")
SKPDS = (SKPD_KES, SKPD_DIK, SKPD_SOS)
TAG_CYCLE = ("", "stunting", "kemiskinan-ekstrem beban", "")


def rows() -> list[list[str]]:
    """Every stage x SKPD x sub kegiatan x account of 2025, a few with tags; plus 2024."""
    out = []
    combos = itertools.product(STAGES, SKPDS, KAB_CODES, ("5.1", "5.2"))
    for i, (stage, skpd, code, account) in enumerate(combos):
        tag = TAG_CYCLE[i % len(TAG_CYCLE)]
        out.append(line(stage=stage, skpd=skpd, code=code, account=account, tag=tag))
    out.append(line(year=2024, stage="murni"))
    return out


@pytest.fixture
def imported(budget_world: Any, write_budget: Callable[..., Path]) -> list[list[str]]:
    data = rows()
    call_command("budget", "import", "98.01", str(write_budget(data)), stdout=StringIO())
    assert ApbdLine.objects.count() == len(data)
    return data


def tag(*args: str) -> str:
    out = StringIO()
    call_command("budget", "tag", "98.01", "--year", "2025", *args, stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple[Any, ...]]:
    return list(
        ApbdLine.objects.order_by("pk").values_list("pk", "tags", "service", "problem_codes")
    )


def test_a_stage_and_skpd_filter_counts_and_changes_what_the_file_says(
    imported: list[list[str]],
) -> None:
    # columns: tahun, tahap, kode_skpd, ..., kode_sub_kegiatan (4), ..., tag (10)
    matched = [r for r in imported if r[0] == "2025" and r[1] == "murni" and r[2] == SKPD_KES]
    changing = [r for r in matched if "stunting" not in r[10].split()]
    out = tag("--stage", "murni", "--skpd", SKPD_KES, "--add", "stunting", "--user", "alice")
    assert f"{len(matched)} baris cocok, {len(changing)} berubah" in out
    stored = ApbdLine.objects.filter(year=2025, stage="murni", skpd_code=SKPD_KES)
    assert all("stunting" in li.tag_list for li in stored)
    others = ApbdLine.objects.exclude(pk__in=stored.values("pk"))
    untouched = [r for r in imported if r not in matched]
    assert sorted(li.tags for li in others) == sorted(r[10] for r in untouched)
    events = tag_events()
    assert len(events) == 1 and events[0]["lines"] == [str(len(changing))]
    last = LogEntry.objects.order_by("-pk").first()
    assert last is not None and last.actor is not None and last.actor.username == "alice"


def test_a_code_prefix_marks_and_removes_and_a_second_run_changes_nothing(
    imported: list[list[str]],
) -> None:
    prefix = "1.02."
    matched = [r for r in imported if r[0] == "2025" and r[4].startswith(prefix)]
    out = tag("--sub-kegiatan", prefix, "--remove", "beban", "--mark", "langsung")
    # every matched line gains the mark, so every one changes
    assert f"{len(matched)} baris cocok, {len(matched)} berubah" in out
    stored = ApbdLine.objects.filter(year=2025, sub_kegiatan_code__startswith=prefix)
    assert {li.service for li in stored} == {"langsung"}
    assert not any("beban" in li.tag_list for li in stored)
    assert f"{len(matched)} baris cocok, 0 berubah" in tag(
        "--sub-kegiatan", prefix, "--remove", "beban", "--mark", "langsung"
    )
    assert len(tag_events()) == 1
    assert tag("--sub-kegiatan", prefix, "--mark", "none").startswith(f"{len(matched)} baris")
    assert set(stored.values_list("service", flat=True)) == {""}


def test_only_untagged_lines_and_a_bidang(imported: list[list[str]]) -> None:
    matched = [r for r in imported if r[0] == "2025" and not r[10] and r[4].startswith("1.01.")]
    out = tag("--only-untagged", "--bidang", "1.01", "--add", "kantong", "--dry-run")
    assert f"Uji coba: {len(matched)} baris cocok, {len(matched)} akan berubah" in out


def test_a_dry_run_writes_nothing(imported: list[list[str]]) -> None:
    before, audit = snapshot(), LogEntry.objects.count()
    matched = [r for r in imported if r[0] == "2025" and r[1] == "dpa"]
    out = tag("--stage", "dpa", "--add", "stunting", "--dry-run")
    changing = [r for r in matched if "stunting" not in r[10].split()]
    assert f"{len(matched)} baris cocok, {len(changing)} akan berubah" in out
    assert snapshot() == before and LogEntry.objects.count() == audit


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--add", "gizi"), "gizi"),
        (("--add", "stunting", "--remove", "stunting"), "sekaligus"),
        (("--add", "stunting", "--user", "charlie"), "tidak berhak"),
        (("--add", "stunting", "--user", "frank"), "tidak berhak"),
        (("--skpd", "9.99.0.00.0.00.01.0000", "--add", "stunting"), "Tidak ada baris anggaran"),
        (("--stage", "murni"), "Tidak ada perubahan"),
        (("--from-plan", "--add", "stunting"), "--from-plan"),
        (("--problem", "X9"), "bukan masalah prioritas"),
    ],
)
def test_a_refused_change_writes_nothing(
    imported: list[list[str]], args: tuple[str, ...], message: str
) -> None:
    before, audit = snapshot(), LogEntry.objects.count()
    with pytest.raises(CommandError, match=message):
        tag(*args)
    assert snapshot() == before and LogEntry.objects.count() == audit


def test_a_problem_of_the_plan_is_linked_from_the_command_line(
    plan_world: dict[str, Any], write_file: Any
) -> None:
    from sepakat.planning import plans
    from sepakat.planning.models_plan import PlanVersion
    from tests.budgeting.test_tagging import BOS, OTHER, add_line
    from tests.planning.plan_world import matrix

    first, second, third = plan_world["problems"]
    path = write_file("m.csv", "\n".join(matrix(first, second)))
    call_command("plan", "import", "98.01", str(path), "--period", "2025-2029", stdout=StringIO())
    p = plan_world["personas"]
    draft = PlanVersion.objects.get()
    plans.version_submit(actor=p["alice"], version=draft)
    plans.version_approve(actor=p["bob"], version=draft)
    kab = plan_world["kab_a"]
    other, bos = add_line(kab, OTHER), add_line(kab, BOS)
    out = tag("--sub-kegiatan", OTHER, "--problem", third)
    assert "1 baris cocok, 1 berubah" in out
    other.refresh_from_db()
    bos.refresh_from_db()
    assert other.problem_codes == third and bos.problem_codes == ""
