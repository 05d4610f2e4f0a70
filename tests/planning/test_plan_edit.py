"""Building a plan in the page: create it, fill the chain and the interventions, every check
firing with its reason next to the field and nothing saved, then submit and approve."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from sepakat.planning.models import Skpd
from sepakat.planning.models_plan import (
    Intervention,
    InterventionYear,
    Plan,
    PlanObjective,
    PlanVersion,
    ProgrammeOutcome,
)
from sepakat.planning.plan_edits import plan_start
from tests.planning.plan_world import BOS

pytestmark = pytest.mark.django_db


def events(version: PlanVersion) -> list[str]:
    """The domain events of the audit log for ``version``, oldest first."""
    from auditlog.models import LogEntry

    entries = LogEntry.objects.filter(
        object_repr__startswith="Rencana ", object_repr__endswith=f"versi {version.number}"
    ).order_by("pk")
    return [e.changes["event"][0] for e in entries if isinstance(e.changes, dict)]


@pytest.fixture
def draft(plan_world: dict[str, Any]) -> PlanVersion:
    return plan_start(
        actor=plan_world["personas"]["alice"],
        region=plan_world["kab_a"],
        start_year=2025,
        end_year=2029,
    )


def good_post(problem: str, **changes: str) -> dict[str, Any]:
    code, skpd, indicator, unit = BOS.split(",")
    data = {
        "masalah": problem,
        "strategi": "beban",
        "kode_sub_kegiatan": code,
        "kode_skpd": skpd,
        "indikator_keluaran": indicator,
        "satuan": unit,
        "sumber_dana": "APBD",
        "kelompok_sasaran": "Sekolah dasar negeri",
        "jumlah_kelompok_sasaran": "40",
        "target_2024": "40",
        "target_2025": "42",
        "pagu_indikatif_2025": "1500000000",
        "target_2026": "45",
        "pagu_indikatif_2026": "1600000000",
        "lokasi_2026": "98.01.01.2001",
        "lokasi": ["98.01.01"],
    }
    data.update(changes)
    return data


def test_a_planner_creates_a_plan_from_the_approved_set_with_an_empty_draft(
    plan_world: dict[str, Any], login_as: Callable[[Any], Any]
) -> None:
    client = login_as(plan_world["personas"]["alice"])
    page = client.get(reverse("planning:plan_create")).content.decode()
    assert str(plan_world["priority_set"]) in page
    response = client.post(
        reverse("planning:plan_create"), {"tahun_awal": "2025", "tahun_akhir": "2029"}
    )
    version = PlanVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:version_edit", args=[version.pk])
    assert (version.plan.start_year, version.plan.end_year, version.status) == (
        2025,
        2029,
        "draft",
    )
    assert version.plan.priority_set == plan_world["priority_set"]
    assert events(version) == ["plan version drafted"]


def test_without_an_approved_set_the_page_says_so_and_writes_nothing(
    plan_world: dict[str, Any], login_as: Callable[[Any], Any]
) -> None:
    plan_world["priority_set"].__class__.objects.update(status="draft")
    client = login_as(plan_world["personas"]["alice"])
    page = client.get(reverse("planning:plan_create")).content.decode()
    assert "belum memiliki set prioritas yang disetujui" in page
    assert 'data-action="create"' not in page  # no button that could only be refused
    listing = client.get(reverse("planning:plan_list")).content.decode()
    assert "belum memiliki set prioritas yang disetujui" in listing
    assert 'data-action="create-plan"' not in listing
    response = client.post(
        reverse("planning:plan_create"), {"tahun_awal": "2025", "tahun_akhir": "2029"}
    )
    assert response.status_code == 400
    assert "setujui dulu set prioritas" in response.content.decode()
    assert not Plan.objects.exists() and not PlanVersion.objects.exists()


def test_a_period_longer_than_five_years_is_refused(
    plan_world: dict[str, Any], login_as: Callable[[Any], Any]
) -> None:
    client = login_as(plan_world["personas"]["alice"])
    response = client.post(
        reverse("planning:plan_create"), {"tahun_awal": "2025", "tahun_akhir": "2031"}
    )
    assert response.status_code == 400
    assert "periode paling lama 5 tahun" in response.content.decode()
    assert not Plan.objects.exists()


def test_an_intervention_is_added_with_its_years_and_audited(
    plan_world: dict[str, Any], draft: PlanVersion, login_as: Callable[[Any], Any]
) -> None:
    first = plan_world["problems"][0]
    client = login_as(plan_world["personas"]["alice"])
    url = reverse("planning:intervention_new", args=[draft.pk])
    form = client.get(url).content.decode()
    assert "98.01.01.2001" in form and "Dinas Pendidikan" in form and first in form
    response = client.post(url, good_post(first))
    assert response.status_code == 302, response.content.decode()
    item = Intervention.objects.get()
    assert item.sub_kegiatan_name == "Pengelolaan Dana BOS Sekolah Dasar"
    assert (item.problem.code, item.skpd.name, item.target_group_count) == (
        first,
        "Dinas Pendidikan",
        40,
    )
    years = {y.year: (str(y.target_text), y.locations) for y in item.years.all()}
    # the chosen kecamatan applies to every year typed, a year's own codes replace it,
    # and the baseline describes what exists (no places)
    assert years == {
        2024: ("40", []),
        2025: ("42", ["98.01.01"]),
        2026: ("45", ["98.01.01.2001"]),
    }
    assert events(draft)[-1] == "plan intervention added"
    page = client.get(reverse("planning:version_edit", args=[draft.pk])).content.decode()
    assert "1.01.02.2.01.0025" in page and "belum mempunyai intervensi" in page


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"kode_sub_kegiatan": "1.01.02.2.01.9999"}, "kode_sub_kegiatan", "tidak ada dalam"),
        ({"kode_sub_kegiatan": "1.01.02.2.01"}, "kode_sub_kegiatan", "bukan kode sub kegiatan"),
        (
            {"kode_sub_kegiatan": "1.01.02.1.01.0025"},
            "kode_sub_kegiatan",
            "adalah kewenangan provinsi",
        ),
        ({"lokasi_2026": "98.02.01"}, "tahun_2026", "berada di luar wilayah"),
        ({"lokasi_2026": "98.01.09"}, "tahun_2026", "tidak dikenal"),
        ({"target_2026": "38"}, "tahun_2026", "lebih rendah dari kondisi awal"),
        ({"target_2025": "empat"}, "tahun_2025", "bukan angka"),
        ({"pagu_indikatif_2025": "1.500.000"}, "tahun_2025", "bukan angka rupiah"),
        ({"kode_skpd": "9.99.0.00.0.00.01.0000"}, "kode_skpd", "tidak ada dalam daftar SKPD"),
        ({"strategi": "lain"}, "strategi", "tidak dikenal"),
        ({"masalah": "P99"}, "masalah", "tidak ada dalam set prioritas"),
        ({"jumlah_kelompok_sasaran": "2.990"}, "jumlah_kelompok_sasaran", "bukan bilangan bulat"),
        ({"sumber_dana": " "}, "sumber_dana", "wajib diisi"),
    ],
)
def test_every_check_fires_next_to_its_field_and_nothing_is_saved(
    plan_world: dict[str, Any],
    draft: PlanVersion,
    login_as: Callable[[Any], Any],
    changes: dict[str, str],
    field: str,
    reason: str,
) -> None:
    client = login_as(plan_world["personas"]["alice"])
    before = events(draft)
    response = client.post(
        reverse("planning:intervention_new", args=[draft.pk]),
        good_post(plan_world["problems"][0], **changes),
    )
    text = response.content.decode()
    assert response.status_code == 400
    start = text.index(f'data-error-for="{field}"')
    assert reason in text[start : text.index("</ul>", start)]
    assert "Intervensi belum disimpan" in text
    assert not Intervention.objects.exists() and not InterventionYear.objects.exists()
    assert events(draft) == before


def test_an_inactive_opd_is_refused(
    plan_world: dict[str, Any], draft: PlanVersion, login_as: Callable[[Any], Any]
) -> None:
    Skpd.objects.filter(name="Dinas Pendidikan").update(active=False)
    client = login_as(plan_world["personas"]["alice"])
    response = client.post(
        reverse("planning:intervention_new", args=[draft.pk]),
        good_post(plan_world["problems"][0]),
    )
    assert response.status_code == 400
    assert "sudah tidak aktif" in response.content.decode()
    assert not Intervention.objects.exists()


def test_an_intervention_is_changed_and_removed(
    plan_world: dict[str, Any], draft: PlanVersion, login_as: Callable[[Any], Any]
) -> None:
    first, second, _third = plan_world["problems"]
    client = login_as(plan_world["personas"]["alice"])
    client.post(reverse("planning:intervention_new", args=[draft.pk]), good_post(first))
    item = Intervention.objects.get()
    url = reverse("planning:intervention_edit", args=[item.pk])
    assert 'value="1600000000"' in client.get(url).content.decode()
    response = client.post(
        url, good_post(second, target_2026="50", pagu_indikatif_2026="1700000000")
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.problem.code == second
    assert item.years.get(year=2026).budget == 1700000000
    # a second intervention with the same problem, sub kegiatan and SKPD is refused
    again = client.post(reverse("planning:intervention_new", args=[draft.pk]), good_post(second))
    assert again.status_code == 400 and "sudah ada di versi ini" in again.content.decode()
    client.post(reverse("planning:intervention_remove", args=[item.pk]))
    assert not Intervention.objects.exists() and not InterventionYear.objects.exists()
    assert events(draft)[-2:] == ["plan intervention changed", "plan intervention removed"]


def test_tujuan_sasaran_and_programme_outcomes_are_added_changed_and_removed(
    plan_world: dict[str, Any], draft: PlanVersion, login_as: Callable[[Any], Any]
) -> None:
    client = login_as(plan_world["personas"]["alice"])
    new = reverse("planning:objective_new", args=[draft.pk])
    tujuan_post = {
        "rumusan": "Menurunkan kemiskinan",
        "indikator": "Persentase penduduk miskin",
        "satuan": "%",
        "polaritas": "-1",
        "kondisi_awal": "11,2",
        "target_2025": "10,8",
        "target_2029": "8,5",
    }
    assert client.post(new, tujuan_post).status_code == 302
    tujuan = PlanObjective.objects.get()
    assert tujuan.targets == {"2025": "10.8", "2029": "8.5"}
    # a sasaran whose target rises against "lower is better": refused next to its year
    bad = client.post(
        new,
        {**tujuan_post, "induk": tujuan.pk, "rumusan": "Sasaran", "target_2026": "12"},
    )
    text = bad.content.decode()
    assert bad.status_code == 400 and 'data-error-for="target_2026"' in text
    assert "lebih tinggi dari kondisi awal" in text
    assert PlanObjective.objects.count() == 1
    client.post(new, {**tujuan_post, "induk": tujuan.pk, "rumusan": "Turunnya kemiskinan ekstrem"})
    sasaran = PlanObjective.objects.get(kind="sasaran")
    assert sasaran.parent == tujuan
    outcome = reverse("planning:outcome_new", args=[draft.pk])
    assert "1.01.02" in client.get(outcome, {"sasaran": sasaran.pk}).content.decode()
    client.post(
        outcome,
        {
            "sasaran": sasaran.pk,
            "kode_program": "1.01.02",
            "indikator": "APM SD",
            "satuan": "%",
            "polaritas": "1",
            "kondisi_awal": "95",
            "target_2025": "96",
        },
    )
    programme = ProgrammeOutcome.objects.get()
    assert programme.sasaran == sasaran
    change = reverse("planning:outcome_edit", args=[programme.pk])
    assert 'value="APM SD"' in client.get(change).content.decode()
    outcome_post = {
        "kode_program": "1.09.09",
        "indikator": "APM SD desil 1-4",
        "satuan": "%",
        "polaritas": "1",
        "kondisi_awal": "95",
        "target_2025": "97",
    }
    refused = client.post(change, outcome_post)
    assert refused.status_code == 400
    assert 'data-error-for="kode_program"' in refused.content.decode()
    assert client.post(change, {**outcome_post, "kode_program": "1.01.02"}).status_code == 302
    programme.refresh_from_db()
    assert (programme.indicator, programme.targets) == ("APM SD desil 1-4", {"2025": "97"})
    edit = reverse("planning:objective_edit", args=[tujuan.pk])
    response = client.post(edit, {**tujuan_post, "rumusan": "Menghapus kemiskinan ekstrem"})
    assert response.status_code == 302
    tujuan.refresh_from_db()
    assert tujuan.statement == "Menghapus kemiskinan ekstrem"
    page = client.get(reverse("planning:version_edit", args=[draft.pk])).content.decode()
    assert "Turunnya kemiskinan ekstrem" in page and "APM SD" in page
    client.post(reverse("planning:objective_remove", args=[tujuan.pk]))
    assert not PlanObjective.objects.exists() and not ProgrammeOutcome.objects.exists()
    assert events(draft)[-4:] == [
        "plan programme outcome added",
        "plan programme outcome changed",
        "plan tujuan changed",
        "plan tujuan removed",
    ]


def test_the_sub_kegiatan_search_offers_the_plans_level_and_fills_the_fields(
    plan_world: dict[str, Any], draft: PlanVersion, login_as: Callable[[Any], Any]
) -> None:
    client = login_as(plan_world["personas"]["alice"])
    search = reverse("planning:sub_kegiatan_search", args=[draft.pk])
    found = client.get(search, {"q": "BOS"}, HTTP_HX_REQUEST="true").content.decode()
    assert "1.01.02.2.01.0025" in found
    assert "1.01.02.1.01.0025" not in found  # the province's, not the kab's
    assert "<html" not in found
    picked = client.get(
        reverse("planning:sub_kegiatan_pick", args=[draft.pk]), {"kode": "1.01.02.2.01.0025"}
    ).content.decode()
    assert 'value="Jumlah Satuan Pendidikan SD yang Menerima Dana BOS"' in picked
    assert 'value="Unit"' in picked


def test_submit_approve_by_another_admin_and_a_new_version_with_its_changes(
    plan_world: dict[str, Any], draft: PlanVersion, login_as: Callable[[Any], Any]
) -> None:
    p = plan_world["personas"]
    first = plan_world["problems"][0]
    client = login_as(p["bob"])  # a regional admin drafts and submits ...
    client.post(reverse("planning:intervention_new", args=[draft.pk]), good_post(first))
    page = reverse("planning:plan_version", args=[draft.pk])
    assert 'data-action="submit"' in client.get(page).content.decode()
    client.post(reverse("planning:version_action", args=[draft.pk, "ajukan"]))
    draft.refresh_from_db()
    assert draft.status == "submitted"
    text = client.get(page).content.decode()
    assert 'data-action="approve"' not in text  # ... and may not approve it himself
    assert 'data-action="edit"' not in text
    client.post(reverse("planning:version_action", args=[draft.pk, "setujui"]))
    draft.refresh_from_db()
    assert draft.status == "submitted"
    admin = login_as(p["hana"])  # the province's admin decides
    assert 'data-action="approve"' in admin.get(page).content.decode()
    admin.post(reverse("planning:version_action", args=[draft.pk, "setujui"]))
    draft.refresh_from_db()
    assert draft.status == "approved" and draft.decided_by == p["hana"]
    planner = login_as(p["alice"])
    assert planner.get(reverse("planning:version_edit", args=[draft.pk])).status_code == 302
    response = planner.post(reverse("planning:version_action", args=[draft.pk, "versi-baru"]))
    second = PlanVersion.objects.get(number=2)
    assert response["Location"] == reverse("planning:version_edit", args=[second.pk])
    item = second.interventions.get()
    planner.post(
        reverse("planning:intervention_edit", args=[item.pk]),
        good_post(first, pagu_indikatif_2026="1700000000"),
    )
    text = planner.get(reverse("planning:plan_version", args=[second.pk])).content.decode()
    assert "Perubahan terhadap versi 1 yang disetujui" in text
    assert "1.600.000.000" in text and "1.700.000.000" in text
    # one proposal at a time: no second draft from the approved version
    again = planner.post(reverse("planning:version_action", args=[draft.pk, "versi-baru"]))
    assert again.status_code == 302 and PlanVersion.objects.count() == 2


def test_a_returned_version_carries_the_reason_and_can_be_changed_again(
    plan_world: dict[str, Any], draft: PlanVersion, login_as: Callable[[Any], Any]
) -> None:
    p = plan_world["personas"]
    client = login_as(p["alice"])
    client.post(
        reverse("planning:intervention_new", args=[draft.pk]), good_post(plan_world["problems"][0])
    )
    client.post(reverse("planning:version_action", args=[draft.pk, "ajukan"]))
    admin = login_as(p["bob"])
    admin.post(reverse("planning:version_action", args=[draft.pk, "kembalikan"]), {"alasan": ""})
    draft.refresh_from_db()
    assert draft.status == "submitted"  # no reason, no return
    admin.post(
        reverse("planning:version_action", args=[draft.pk, "kembalikan"]),
        {"alasan": "Pagu 2026 terlalu tinggi"},
    )
    draft.refresh_from_db()
    assert (draft.status, draft.return_reason) == ("returned", "Pagu 2026 terlalu tinggi")
    client = login_as(p["alice"])
    text = client.get(reverse("planning:version_edit", args=[draft.pk])).content.decode()
    assert "Pagu 2026 terlalu tinggi" in text


def test_the_registry_bottom_forty_percent_is_offered_with_its_count(
    plan_world: dict[str, Any], draft: PlanVersion, login_as: Callable[[Any], Any], settings: Any
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from sepakat.datahub.models import MicrodataFile, MicrodataKind

    relative = "uji-registri/98/rumah-tangga.parquet"
    path = settings.MICRODATA_DIR / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    # kab A: four households in deciles 1-4, two above; kab B's three are not counted
    desa = ["98.01.01.2001"] * 6 + ["98.02.01.2001"] * 3
    pq.write_table(pa.table({"desa": desa, "desil": [1, 2, 3, 4, 5, 9, 1, 1, 1]}), path)
    MicrodataFile.objects.create(
        kind=MicrodataKind.REGISTRY,
        title="Registri uji",
        region=plan_world["province"],
        period="2024-06",
        relative_path=relative,
        row_count=9,
        sha256="b" * 64,
        columns={"region_code": "desa", "decile": "desil"},
    )
    client = login_as(plan_world["personas"]["alice"])
    url = reverse("planning:intervention_new", args=[draft.pk])
    assert "Rumah tangga desil 1-4 registri (4 rumah tangga)" in client.get(url).content.decode()
    post = good_post(plan_world["problems"][0], kelompok_registri="registri")
    assert client.post(url, post).status_code == 302
    item = Intervention.objects.get()
    assert (item.target_group, item.target_group_count) == ("Rumah tangga desil 1-4 registri", 4)
