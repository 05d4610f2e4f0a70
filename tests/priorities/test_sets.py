"""The priority set: save, reorder with a reason, submit, approve, lock, new version, diff."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from sepakat.priorities import ranking
from sepakat.priorities.models import PrioritySet, PrioritySetItem, SetStatus
from sepakat.priorities.services import moved_positions

pytestmark = pytest.mark.django_db
EDIT = reverse("priorities:set_edit")


@pytest.fixture
def run(world: dict[str, Any]) -> Any:
    return ranking.priority_run_compute(
        user=world["personas"]["alice"], region=world["kab_a"], period="2024"
    )


def ranked(run: Any) -> list[str]:
    return ranking.ranked_codes(ranking.rows_for(run, "98.01"))


def form(picks: list[tuple[str, int]], **extra: str) -> dict[str, Any]:
    data: dict[str, Any] = {"wilayah": "98.01", "tahun": "2024", "pilih": [c for c, _p in picks]}
    for code, position in picks:
        data[f"urutan_{code}"] = str(position)
    data.update(extra)
    return data


def events(priority_set: PrioritySet) -> list[str]:
    return [
        e.changes["event"][0]
        for e in LogEntry.objects.filter(changes__priority_set=[str(priority_set.pk)]).order_by(
            "pk"
        )
    ]


def test_moved_items_are_the_fewest_out_of_rank_order() -> None:
    assert moved_positions([1, 2, 3]) == set()
    assert moved_positions([3, 1, 2]) == {0}
    assert moved_positions([1, 4, 2, 3]) == {1}
    assert moved_positions([1, None, 2]) == {1}
    assert moved_positions([2, 5, 9]) == set()  # leaving ranks out is a choice, not a move


def test_a_planner_saves_a_set_and_a_reorder_needs_a_reason(client, world, run, login_as):
    alice = world["personas"]["alice"]
    first, second, third = ranked(run)[:3]
    world["catalogue"][first].determinants.add(world["determinant"])
    login_as(alice)
    page = client.get(EDIT, {"wilayah": "98.01", "tahun": "2024"})
    assert page.status_code == 200 and f'name="urutan_{first}"' in page.content.decode()

    # the third problem lifted to the top without a reason: refused, nothing saved
    refused = client.post(EDIT, form([(third, 1), (first, 2), (second, 3)]))
    assert refused.status_code == 400
    html = refused.content.decode()
    assert f"Baris 1 ({third}): urutannya berbeda dari peringkat hasil hitungan" in html
    assert "tuliskan alasannya" in html
    assert not PrioritySet.objects.exists()
    assert not LogEntry.objects.filter(changes__has_key="priority_set").exists()

    saved = client.post(
        EDIT,
        form(
            [(third, 1), (first, 2), (second, 3)],
            **{
                f"alasan_{third}": "Amanat RPJMD: didahulukan",
                f"lokasi_{first}": "98.01.01 98.01.01.2001",
                f"determinan_{first}": "Jarak ke SD jauh",
                f"det_{first}": "DET01",
            },
        ),
    )
    body = saved.content.decode()
    assert saved.status_code == 302, body[body.find("errorlist") :][:600]
    priority_set = PrioritySet.objects.get()
    assert saved["Location"] == reverse("priorities:set", args=[priority_set.pk])
    assert (priority_set.version, priority_set.status) == (1, SetStatus.DRAFT)
    items = list(priority_set.items.order_by("position"))
    assert [i.indicator.code for i in items] == [third, first, second]
    assert [i.computed_rank for i in items] == [3, 1, 2]
    assert items[0].reason == "Amanat RPJMD: didahulukan" and items[1].reason == ""
    assert [d.code for d in items[1].determinants.all()] == ["DET01"]
    assert items[1].determinants_text == "Jarak ke SD jauh"
    assert items[1].locations == ["98.01.01", "98.01.01.2001"]
    assert events(priority_set) == ["priority set version created"]
    detail = client.get(saved["Location"]).content.decode()
    assert "Amanat RPJMD: didahulukan" in detail and "98.01.01.2001" in detail
    assert "data-method" in detail and 'data-action="submit"' in detail


def test_locations_outside_the_region_are_named_and_refused(client, world, run, login_as):
    login_as(world["personas"]["alice"])
    first = ranked(run)[0]
    response = client.post(EDIT, form([(first, 1)], **{f"lokasi_{first}": "98.02.01.2001"}))
    assert response.status_code == 400
    assert (
        f"Baris 1 ({first}): lokasi 98.02.01.2001 bukan kecamatan atau desa/kelurahan"
        in response.content.decode()
    )
    assert not PrioritySet.objects.exists()


def test_the_locations_page_hands_its_pockets_to_the_form(client, world, run, login_as):
    """Coming from a problem's locations: the problem is ticked and the places are written
    in, after any already kept; nothing is saved until the planner saves."""
    login_as(world["personas"]["alice"])
    first, second = ranked(run)[:2]
    v1 = _saved(client, [first, second], **{f"lokasi_{first}": "98.01.01.2001"})
    query = {"wilayah": "98.01", "tahun": "2024", "masalah": first}
    page = client.get(EDIT, {**query, "lokasi": "98.01.01.2002,98.01.01.2001"})
    html = page.content.decode()
    assert f'id="pilih-{first}" checked' in html
    assert (
        f'name="lokasi_{first}" rows="2" cols="18" aria-label="Lokasi {first}">98.01.01.2001 98.01.01.2002</textarea>'
        in html
    )
    assert list(v1.items.get(indicator__code=first).locations) == ["98.01.01.2001"]
    # an unknown problem in the link changes nothing on the form
    other = client.get(
        EDIT, {**query, "masalah": "XX99", "lokasi": "98.01.01.2002"}
    ).content.decode()
    assert f'aria-label="Lokasi {first}">98.01.01.2001</textarea>' in other
    assert 'id="pilih-XX99"' not in other


def _saved(client: Any, codes: list[str], **extra: str) -> PrioritySet:
    response = client.post(EDIT, form([(c, n) for n, c in enumerate(codes, start=1)], **extra))
    assert response.status_code == 302, response.content.decode()[:3000]
    return PrioritySet.objects.order_by("-version").first()  # type: ignore[return-value]


def test_submit_approve_lock_and_a_new_version_with_its_differences(client, world, run, login_as):
    p = world["personas"]
    codes = ranked(run)
    login_as(p["alice"])
    v1 = _saved(client, codes[:3])
    action = "priorities:set_action"
    assert client.post(reverse(action, args=[v1.pk, "ajukan"])).status_code == 302
    v1.refresh_from_db()
    assert v1.status == SetStatus.SUBMITTED and v1.submitted_by == p["alice"]
    # while submitted, nobody edits: the form says so and offers no save
    waiting = client.get(EDIT, {"wilayah": "98.01", "tahun": "2024"}).content.decode()
    assert "Versi 1 sedang menunggu persetujuan admin daerah" in waiting
    assert 'data-action="save"' not in waiting and "menyimpan membuat versi baru" not in waiting
    blocked = client.post(EDIT, form([(codes[0], 1)]))
    assert blocked.status_code == 400 and "sedang menunggu persetujuan" in blocked.content.decode()
    assert v1.items.count() == 3
    # a planner does not approve, and the set's page says who decides
    assert client.post(reverse(action, args=[v1.pk, "setujui"])).status_code == 403
    mine = client.get(reverse("priorities:set", args=[v1.pk])).content.decode()
    assert "Versi ini menunggu keputusan admin daerah" in mine

    login_as(p["bob"])
    page = client.get(reverse("priorities:set", args=[v1.pk])).content.decode()
    assert 'data-action="approve"' in page
    assert 'data-action="edit"' not in page  # a submitted version offers no new version yet
    assert "Versi ini menunggu keputusan admin daerah" not in page  # bob decides
    client.post(reverse(action, args=[v1.pk, "setujui"]))
    approved = client.get(reverse("priorities:set", args=[v1.pk])).content.decode()
    assert "Set yang disetujui ini menjadi titik awal Perencanaan" in approved
    v1.refresh_from_db()
    assert v1.status == SetStatus.APPROVED and v1.decided_by == p["bob"]
    assert events(v1) == [
        "priority set version created",
        "priority set submitted",
        "priority set approved",
    ]

    # approved is locked: a change makes version 2, version 1 stays as it was
    login_as(p["alice"])
    before = list(v1.items.values_list("indicator__code", "position"))
    v2 = _saved(
        client,
        [codes[1], codes[0], codes[3]],
        **{f"alasan_{codes[1]}": "Usulan musrenbang", f"lokasi_{codes[0]}": "98.01.01"},
    )
    assert v2.pk != v1.pk and v2.version == 2 and v2.status == SetStatus.DRAFT
    assert list(v1.items.values_list("indicator__code", "position")) == before
    detail = client.get(reverse("priorities:set", args=[v2.pk])).content.decode()
    assert "Perbedaan dari versi 1 yang disetujui" in detail
    assert f"Ditambahkan: {codes[3]}" in detail and f"Dihapus: {codes[2]}" in detail
    assert f"Dipindah: {codes[1]} dari urutan 2 ke 1" in detail
    assert f"Diubah: {codes[1]} (alasan)" in detail and f"Diubah: {codes[0]} (lokasi)" in detail


def test_return_with_a_reason_then_edit_in_place_and_no_self_approval(client, world, run, login_as):
    p = world["personas"]
    codes = ranked(run)
    action = "priorities:set_action"
    login_as(p["bob"])  # the regional admin builds and submits the set himself
    v1 = _saved(client, codes[:2])
    client.post(reverse(action, args=[v1.pk, "ajukan"]))
    page = client.get(reverse("priorities:set", args=[v1.pk])).content.decode()
    assert 'data-action="approve"' not in page
    refused = client.post(reverse(action, args=[v1.pk, "setujui"]), follow=True)
    assert "Anda sendiri yang mengajukan versi ini" in refused.content.decode()
    v1.refresh_from_db()
    assert v1.status == SetStatus.SUBMITTED

    login_as(p["hana"])  # the province's admin checks it: returns it, first without a reason
    empty = client.post(reverse(action, args=[v1.pk, "kembalikan"]), {"alasan": " "}, follow=True)
    assert "Tuliskan alasan pengembalian" in empty.content.decode()
    v1.refresh_from_db()
    assert v1.status == SetStatus.SUBMITTED
    client.post(reverse(action, args=[v1.pk, "kembalikan"]), {"alasan": "Tambahkan lokasi"})
    v1.refresh_from_db()
    assert v1.status == SetStatus.RETURNED and v1.return_reason == "Tambahkan lokasi"
    assert events(v1)[-1] == "priority set returned"

    login_as(p["alice"])  # a returned version is edited in place
    edit = client.get(EDIT, {"wilayah": "98.01", "tahun": "2024"}).content.decode()
    assert "Tambahkan lokasi" in edit
    again = _saved(client, codes[:2], **{f"lokasi_{codes[0]}": "98.01.01.2001"})
    assert again.pk == v1.pk and again.version == 1
    assert PrioritySetItem.objects.get(priority_set=v1, indicator__code=codes[0]).locations == [
        "98.01.01.2001"
    ]
    client.post(reverse(action, args=[v1.pk, "ajukan"]))
    login_as(p["hana"])
    client.post(reverse(action, args=[v1.pk, "setujui"]))
    v1.refresh_from_db()
    assert v1.status == SetStatus.APPROVED and v1.decided_by == p["hana"]
