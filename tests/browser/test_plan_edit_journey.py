"""A planner of a kab with an approved priority set and no plan builds one from scratch in
Chromium: the plan, the problem tree of a priority problem (drawn without a reload), a
tujuan and its sasaran, an intervention found by searching the nomenclature; a
province-level sub kegiatan is refused with the reason; the planner submits and the
regional admin approves; the RPKD draft in Word and the SIPD workbook are downloaded from
the approved version and opened."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect

from sepakat.planning.models_plan import Intervention, PlanObjective, PlanVersion
from tests.browser.test_data_upload import log_in
from tests.planning.conftest import write_file  # noqa: F401  (fixture)
from tests.planning.plan_world import plan_world  # noqa: F401  (fixture)
from tests.priorities.conftest import world  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _refused_form_logged(page) -> None:
    """A refused form answers 400 on purpose; Chromium logs that status, nothing else."""
    expected = [e for e in page.watch.console_errors if "status of 400" in e]
    assert len(expected) == 1
    page.watch.console_errors.remove(expected[0])


def test_a_planner_builds_a_plan_from_scratch_and_the_admin_approves(
    page,
    live_server,
    plan_world,  # noqa: F811
):
    alice, bob = plan_world["personas"]["alice"], plan_world["personas"]["bob"]
    first = plan_world["problems"][0]
    log_in(page, live_server, "alice")
    page.click("nav a[data-module=planning]")
    page.wait_for_url("**/perencanaan/rencana/")
    expect(page.locator("main")).to_contain_text("Belum ada rencana")
    page.click("a[data-action=create-plan]")
    page.fill("#tahun_awal", "2025")
    page.fill("#tahun_akhir", "2029")
    page.click("button[data-action=create]")
    page.wait_for_url("**/ubah/")
    version = PlanVersion.objects.get()
    assert version.plan.priority_set == plan_world["priority_set"]

    # the problem tree of the first priority problem, grown in the page
    page.goto(f"{live_server.url}/perencanaan/rencana/versi/{version.pk}/pohon-masalah/")
    page.evaluate("window.sepakatNoReload = true")  # a reload would wipe this mark out
    section = page.locator(f"#pohon-{first}")
    section.locator("button", has_text="Mulai pohon masalah").click()
    expect(section.locator("svg .kind-inti")).to_have_count(1)
    form = section.locator("form.tree-form")
    form.locator("select[name=jenis]").select_option("langsung")
    form.locator("input[name=rumusan]").fill("Biaya seragam dan transportasi mahal")
    form.locator("input[name=bukti]").fill("hasil FGD Desa Satu 2024")
    form.locator("button", has_text="Tambah").click()
    expect(section.locator("svg .kind-langsung")).to_contain_text("Biaya seragam")
    assert page.evaluate("window.sepakatNoReload") is True
    page.goto(f"{live_server.url}/perencanaan/rencana/versi/{version.pk}/ubah/")

    page.click("a[data-action=add-tujuan]")
    page.fill("#rumusan", "Menurunkan kemiskinan ekstrem")
    page.fill("#indikator", "Persentase penduduk miskin ekstrem")
    page.fill("#satuan", "%")
    page.select_option("#polaritas", "-1")
    page.fill("#kondisi_awal", "2,1")
    page.fill("#target_2025", "1,5")
    page.fill("#target_2029", "0")
    page.click("button[data-action=save]")
    expect(page.locator("#rantai")).to_contain_text("Menurunkan kemiskinan ekstrem")
    page.click("a[data-action=add-sasaran]")
    page.fill("#rumusan", "Meningkatnya partisipasi sekolah anak miskin")
    page.fill("#indikator", "APM SD desil 1-4")
    page.fill("#satuan", "%")
    page.fill("#kondisi_awal", "92")
    page.fill("#target_2025", "94")
    page.click("button[data-action=save]")
    expect(page.locator("#rantai")).to_contain_text("Meningkatnya partisipasi sekolah")
    assert PlanObjective.objects.filter(kind="sasaran").count() == 1
    expect(page.locator("#tanpa-intervensi")).to_contain_text(first)

    page.click("a[data-action=add-intervention]")
    page.select_option("#masalah", first)
    page.select_option("#kode_skpd", "1.01.0.00.0.00.01.0000")
    # a province-level code typed by hand is refused with the reason, nothing saved
    page.fill("#kode_sub_kegiatan", "1.01.02.1.01.0025")
    page.fill("#indikator_keluaran", "Jumlah Satuan Pendidikan SD yang Menerima Dana BOS")
    page.fill("#satuan", "Unit")
    page.fill("input[name=target_2024]", "40")
    page.fill("input[name=target_2025]", "42")
    page.fill("input[name=pagu_indikatif_2025]", "1500000000")
    page.select_option("#lokasi", ["98.01.01"])
    page.click("button[data-action=save]")
    expect(page.locator("[data-error-for=kode_sub_kegiatan]")).to_contain_text(
        "kewenangan provinsi"
    )
    assert not Intervention.objects.exists()
    _refused_form_logged(page)
    # search as you type and pick the kab/kota sub kegiatan: its fields come filled
    page.fill("#cari-sub-kegiatan", "Dana BOS")
    results = page.locator("#sub-kegiatan-list button")
    expect(results).to_have_count(1)
    results.first.click()
    expect(page.locator("#kode_sub_kegiatan")).to_have_value("1.01.02.2.01.0025")
    expect(page.locator("#satuan")).to_have_value("Unit")
    page.click("button[data-action=save]")
    expect(page.locator("#intervensi table")).to_contain_text("1.01.02.2.01.0025")
    item = Intervention.objects.get()
    assert item.years.get(year=2025).locations == ["98.01.01"]

    page.click("text=Lihat versi dan ajukan")
    page.click("button[data-action=submit]")
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "submitted")
    expect(page.locator("button[data-action=approve]")).to_have_count(0)

    page.context.clear_cookies()
    log_in(page, live_server, "bob", bob)
    page.goto(f"{live_server.url}/perencanaan/rencana/versi/{version.pk}/")
    page.click("button[data-action=approve]")
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "approved")
    version.refresh_from_db()
    assert version.status == "approved" and version.submitted_by == alice
    assert version.decided_by == bob
    expect(page.locator("button[data-action=new-version]")).to_be_visible()

    # the documents of the approved version, opened as the region would open them
    import docx
    import openpyxl

    with page.expect_download(timeout=120000) as word:
        page.click("a[data-download=docx]")
    document = docx.Document(io.BytesIO(open(word.value.path(), "rb").read()))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "BAB I PENDAHULUAN" and "BAB IX PENUTUP" in headings
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert any("Biaya seragam dan transportasi mahal" in c for c in cells)  # the tree
    assert any("1.01.02.2.01.0025" in c for c in cells)  # the intervention matrix
    assert not any("DRAF" in p.text for p in document.sections[0].header.paragraphs)
    with page.expect_download(timeout=120000) as book:
        page.click("a[data-download=xlsx]")
    sheet = openpyxl.load_workbook(io.BytesIO(open(book.value.path(), "rb").read()))["RKPD"]
    header = [c.value for c in sheet[2]]
    assert header[:3] == ["Tahun", "Kode Sub Kegiatan", "Nama Sub Kegiatan"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    assert [r[1] for r in rows] == ["1.01.02.2.01.0025"]  # 2025 only: 2024 is the baseline
