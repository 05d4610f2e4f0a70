"""The tagging page: a planner of the region filters the year's lines, applies the plan's
suggestions and changes tags in bulk (ticked lines or every line of the filter); a viewer
reads it without forms; outsiders get 404 and change nothing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from sepakat.budgeting.models import ApbdLine
from sepakat.datahub.generations import data_generation
from sepakat.planning.models_plan import PlanVersion
from tests.budgeting.test_tagging import BOS, MEALS, OTHER, add_line, approved, tag_events

pytestmark = pytest.mark.django_db
__all__ = ["approved"]

PAGE = "budgeting:tagging"
BULK = "budgeting:tagging_bulk"
SUGGEST = "budgeting:tagging_suggestions"


def url(name: str, code: str = "98.01", year: int = 2025) -> str:
    return reverse(name, args=[code, year])


def snapshot() -> list[tuple[Any, ...]]:
    return list(
        ApbdLine.objects.order_by("pk").values_list("pk", "tags", "service", "problem_codes")
    )


@pytest.fixture
def lines(plan_world: dict[str, Any]) -> dict[str, ApbdLine]:
    kab = plan_world["kab_a"]
    return {
        "bos": add_line(kab, BOS),
        "meals": add_line(kab, MEALS, stage="rka"),
        "other": add_line(kab, OTHER, tags="stunting"),
        "last_year": add_line(kab, OTHER, year=2024),
    }


def test_the_planner_sees_the_lines_the_counts_and_the_forms(
    plan_world: dict[str, Any], lines: dict[str, ApbdLine], login_as: Callable[[Any], Any]
) -> None:
    client = login_as(plan_world["personas"]["alice"])
    page = client.get(url(PAGE))
    assert page.status_code == 200
    text = page.content.decode()
    assert BOS in text and MEALS in text
    assert 'data-count="lines">3<' in text and 'data-count="tagged">1<' in text
    assert url(BULK) in text and 'name="cakupan" value="filter"' in text
    # the untagged filter leaves out the line that carries stunting
    untagged = client.get(url(PAGE), {"tag": "-"}).content.decode()
    assert 'data-count="lines">2<' in untagged
    # the text search reads the sub kegiatan code and the stage filter the stage
    assert 'data-count="lines">1<' in client.get(url(PAGE), {"tahap": "rka"}).content.decode()
    assert 'data-count="lines">1<' in client.get(url(PAGE), {"q": MEALS}).content.decode()


def test_many_lines_come_in_pages(
    plan_world: dict[str, Any], login_as: Callable[[Any], Any]
) -> None:
    kab = plan_world["kab_a"]
    ApbdLine.objects.bulk_create(
        ApbdLine(
            region=kab,
            year=2025,
            stage="murni",
            skpd_code=f"1.02.0.00.0.00.{i:02d}.0000",
            skpd_name="Dinas",
            sub_kegiatan_code=OTHER,
            account="5.1",
            amount=Decimal(1000),
        )
        for i in range(120)
    )
    client = login_as(plan_world["personas"]["alice"])
    first = client.get(url(PAGE)).content.decode()
    assert first.count('name="baris"') == 50 and "Halaman 1 dari 3" in first
    last = client.get(url(PAGE), {"page": 3}).content.decode()
    assert last.count('name="baris"') == 20


def test_ticked_lines_are_tagged_with_an_audit_row_and_a_new_generation(
    plan_world: dict[str, Any], lines: dict[str, ApbdLine], login_as: Callable[[Any], Any]
) -> None:
    client = login_as(plan_world["personas"]["alice"])
    before = data_generation("98.01")
    answer = client.post(
        url(BULK),
        {
            "cakupan": "dipilih",
            "baris": [lines["bos"].pk, lines["other"].pk],
            "tambah": ["kemiskinan-ekstrem"],
            "hapus": ["stunting"],
            "sifat": "penunjang",
        },
        follow=True,
    )
    assert "2 dari 2 baris terpilih berubah" in answer.content.decode()
    for line in lines.values():
        line.refresh_from_db()
    assert (lines["bos"].tags, lines["bos"].service) == ("kemiskinan-ekstrem", "penunjang")
    assert (lines["other"].tags, lines["other"].service) == ("kemiskinan-ekstrem", "penunjang")
    assert (lines["meals"].tags, lines["meals"].service) == ("", "")
    events = tag_events()
    assert len(events) == 1 and events[0]["how"] == ["bulk"] and events[0]["lines"] == ["2"]
    assert data_generation("98.01") != before


def test_every_line_of_the_filter_is_changed_and_no_other(
    plan_world: dict[str, Any], lines: dict[str, ApbdLine], login_as: Callable[[Any], Any]
) -> None:
    client = login_as(plan_world["personas"]["bob"])
    answer = client.post(
        url(BULK),
        {"cakupan": "filter", "tag": "-", "sifat": "langsung", "tambah": ["kantong"]},
        follow=True,
    )
    # the untagged lines of 2025: BOS and MEALS; the stunting line and 2024 stay
    assert "2 dari 2 baris terpilih berubah" in answer.content.decode()
    for line in lines.values():
        line.refresh_from_db()
    assert lines["bos"].tags == lines["meals"].tags == "kantong"
    assert lines["bos"].service == lines["meals"].service == "langsung"
    assert (lines["other"].tags, lines["other"].service) == ("stunting", "")
    assert (lines["last_year"].tags, lines["last_year"].service) == ("", "")
    assert tag_events()[0]["how"] == ["filter"]


def test_a_line_is_linked_to_a_priority_problem_of_the_plan(
    plan_world: dict[str, Any],
    approved: PlanVersion,
    lines: dict[str, ApbdLine],
    login_as: Callable[[Any], Any],
) -> None:
    problem = plan_world["problems"][2]
    client = login_as(plan_world["personas"]["alice"])
    assert f'value="{problem}"' in client.get(url(PAGE)).content.decode()
    client.post(url(BULK), {"baris": [lines["other"].pk], "masalah": problem})
    lines["other"].refresh_from_db()
    assert lines["other"].problem_codes == problem
    # a code outside the plan's priority set is refused with nothing written
    before = snapshot()
    answer = client.post(url(BULK), {"baris": [lines["bos"].pk], "masalah": "X9"}, follow=True)
    assert "bukan masalah prioritas" in answer.content.decode()
    assert snapshot() == before and len(tag_events()) == 1


def test_the_plan_suggestions_are_shown_as_a_diff_and_applied(
    plan_world: dict[str, Any],
    approved: PlanVersion,
    lines: dict[str, ApbdLine],
    login_as: Callable[[Any], Any],
) -> None:
    client = login_as(plan_world["personas"]["alice"])
    text = client.get(url(PAGE)).content.decode()
    assert 'data-suggestions="2"' in text
    assert "<ins>kemiskinan-ekstrem beban</ins>" in text
    client.post(url(SUGGEST), {"terapkan": "dipilih", "saran": [lines["meals"].pk]})
    lines["meals"].refresh_from_db()
    lines["bos"].refresh_from_db()
    assert lines["meals"].tags == "kemiskinan-ekstrem pendapatan" and lines["bos"].tags == ""
    answer = client.post(url(SUGGEST), {"terapkan": "semua"}, follow=True)
    assert "diterapkan pada 1 baris" in answer.content.decode()
    lines["bos"].refresh_from_db()
    assert lines["bos"].tags == "kemiskinan-ekstrem beban" and lines["bos"].service == "langsung"
    assert 'data-suggestions="0"' in answer.content.decode()
    assert [e["how"] for e in tag_events()] == [["plan"], ["plan"]]


def test_a_viewer_reads_the_page_without_forms_and_may_not_post(
    plan_world: dict[str, Any],
    approved: PlanVersion,
    lines: dict[str, ApbdLine],
    login_as: Callable[[Any], Any],
) -> None:
    client = login_as(plan_world["personas"]["frank"])
    page = client.get(url(PAGE))
    assert page.status_code == 200
    text = page.content.decode()
    assert BOS in text and "tanpa hak mengubah" in text
    assert 'name="baris"' not in text and 'value="semua"' not in text
    before, audit = snapshot(), LogEntry.objects.count()
    assert (
        client.post(url(BULK), {"baris": [lines["bos"].pk], "sifat": "langsung"}).status_code == 403
    )
    assert client.post(url(SUGGEST), {"terapkan": "semua"}).status_code == 403
    assert snapshot() == before and LogEntry.objects.count() == audit


def test_a_trial_planner_may_read_but_not_tag(
    plan_world: dict[str, Any], lines: dict[str, ApbdLine], login_as: Callable[[Any], Any]
) -> None:
    alice = plan_world["personas"]["alice"]
    alice.is_trial = True
    alice.save(update_fields=["is_trial"])
    client = login_as(alice)
    assert 'name="baris"' not in client.get(url(PAGE)).content.decode()
    before, audit = snapshot(), LogEntry.objects.count()
    answer = client.post(url(BULK), {"baris": [lines["bos"].pk], "sifat": "langsung"})
    assert answer.status_code == 403
    assert snapshot() == before and LogEntry.objects.count() == audit


@pytest.mark.parametrize("who", ["charlie", "erin"])
def test_outsiders_and_other_roles_change_nothing(
    plan_world: dict[str, Any],
    approved: PlanVersion,
    lines: dict[str, ApbdLine],
    login_as: Callable[[Any], Any],
    who: str,
) -> None:
    client = login_as(plan_world["personas"][who])
    before, audit = snapshot(), LogEntry.objects.count()
    expected = 404 if who == "charlie" else 403
    assert client.get(url(PAGE)).status_code == expected
    bulk = {"cakupan": "filter", "sifat": "langsung", "tambah": ["stunting"]}
    assert client.post(url(BULK), bulk).status_code == expected
    assert client.post(url(SUGGEST), {"terapkan": "semua"}).status_code == expected
    assert snapshot() == before and LogEntry.objects.count() == audit


def test_the_province_admin_tags_a_kab_of_the_province(
    plan_world: dict[str, Any], lines: dict[str, ApbdLine], login_as: Callable[[Any], Any]
) -> None:
    client = login_as(plan_world["personas"]["hana"])
    assert client.get(url(PAGE)).status_code == 200
    client.post(url(BULK), {"baris": [lines["meals"].pk], "tambah": ["stunting"]})
    lines["meals"].refresh_from_db()
    assert lines["meals"].tags == "stunting"


def test_a_ticked_line_of_another_year_refuses_the_change(
    plan_world: dict[str, Any], lines: dict[str, ApbdLine], login_as: Callable[[Any], Any]
) -> None:
    client = login_as(plan_world["personas"]["alice"])
    before = snapshot()
    answer = client.post(
        url(BULK),
        {"baris": [lines["bos"].pk, lines["last_year"].pk], "tambah": ["stunting"]},
        follow=True,
    )
    assert "Muat ulang daftar baris" in answer.content.decode()
    assert snapshot() == before and tag_events() == []
