"""The RPKD draft: what it says (content builder), and the Word file, the PDF and the
command line that write it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from sepakat.planning import rpkd
from sepakat.planning.rpkd import Chart, Paragraph, Table
from sepakat.planning.rpkd_docx import rpkd_docx
from sepakat.planning.rpkd_pdf import rpkd_pdf

pytestmark = pytest.mark.django_db


def texts(chapter: rpkd.Chapter) -> str:
    out = []
    for section in chapter.sections:
        out.append(section.title)
        for item in section.items:
            if isinstance(item, Paragraph):
                out.append(item.text)
            elif isinstance(item, Table):
                out += [" | ".join(item.header), *(" | ".join(r) for r in item.rows)]
    return "\n".join(out)


def matrix_of(doc: rpkd.RpkdDocument) -> Table:
    chapter = next(c for c in doc.chapters if c.number == 7)
    return next(i for s in chapter.sections for i in s.items if isinstance(i, Table) and i.wide)


def test_the_draft_has_the_chapters_of_the_regulation_and_numbers_from_the_plan(
    rpkd_world: dict[str, Any],
) -> None:
    doc = rpkd.build(rpkd_world["v1"])
    assert [c.roman for c in doc.chapters] == [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "IX",
    ]
    titles = [c.title for c in doc.chapters]
    assert titles[:5] == [
        "Pendahuluan",
        "Kondisi Umum Daerah",
        "Profil Kemiskinan Daerah",
        "Isu Strategis dan Prioritas Masalah",
        "Lokasi Prioritas",
    ]
    assert doc.subtitle == "Kabupaten Alfa Tahun 2025-2029"
    assert not doc.is_draft and "Versi 1 · disetujui" == doc.version_line
    # Chapter I lists every chapter and the regulation of the RPKD.
    intro = texts(doc.chapters[0]) + str(doc.chapters[0].sections[1].items[0])
    assert "Peraturan Menteri Dalam Negeri Nomor 53 Tahun 2020" in intro
    assert "BAB IX Penutup" in str(doc.chapters[0].sections[3].items[0])
    # Programmes: the chain and the matrix, numbers in Indonesian.
    chain = texts(doc.chapters[6])
    assert "Menurunkan kemiskinan Alfa" in chain and "12,49" in chain and "10,75" in chain
    assert "1.01.02 Program Pengelolaan Pendidikan" in chain
    matrix = matrix_of(doc)
    # One row per sub kegiatan and year of the period (the baseline year is a column).
    assert len(matrix.rows) == 3 + 2
    first = matrix.rows[0]
    assert first[1] == "1.01.02.2.01.0025 Pengelolaan Dana BOS Sekolah Dasar"
    assert first[3] == "40" and first[4] == "2025" and first[6] == "1.500.000.000"
    assert first[7] == "Dinas Pendidikan" and "Alfa Utara" in first[8] and "Satu" in first[8]
    assert matrix.rows[2][6] == "1.650.000.000,50"  # sen as written, as on the page
    assert matrix.rows[1][1] == "1.01.02.2.01.0025"  # named once, its code on every row
    totals = texts(doc.chapters[6])
    assert "2025 | 1.800.000.000" in totals and "2028 | 0" in totals
    # Strategies: the interventions under the strategy they serve.
    strategy = texts(doc.chapters[5])
    assert "Mengurangi beban pengeluaran" in strategy and "Pengelolaan Dana BOS" in strategy
    assert "Belum ada intervensi dengan strategi ini" in strategy  # kantong kemiskinan
    # Priorities: every problem of the set, the one without intervention named.
    problems = texts(doc.chapters[3])
    for code in rpkd_world["problems"]:
        assert code in problems
    assert "Masalah Prioritas Tanpa Intervensi" in problems
    assert "Ketua TKPK" in doc.signers[1].title and "Kepala Bappeda" in doc.signers[0].title


def test_the_poverty_profile_comes_from_the_analysis(rpkd_world: dict[str, Any]) -> None:
    doc = rpkd.build(rpkd_world["v1"])
    profile = texts(doc.chapters[2])
    assert "Persentase penduduk miskin (P0)" in profile
    assert "12,49 persen" in profile and "-1,19" in profile  # value and change from 2023
    assert "8,82 persen" in profile and "8,47 persen" in profile  # province and nation
    assert "Indeks kedalaman kemiskinan (P1)" in profile and "1,98" in profile
    charts = [i for s in doc.chapters[2].sections for i in s.items if isinstance(i, Chart)]
    assert charts and charts[0].spec  # the P0 trend
    general = texts(doc.chapters[1])
    assert "Tingkat pengangguran terbuka (TPT)" in general and "5,86 persen" in general
    assert "Persentase penduduk miskin" not in general  # poverty is chapter III's


def test_a_region_without_data_gets_a_clear_note_not_an_empty_chapter(
    plan_world: dict[str, Any], rpkd_world: dict[str, Any]
) -> None:
    from sepakat.datahub.models import Observation

    Observation.objects.all().delete()
    doc = rpkd.build(rpkd_world["v1"])
    assert "Belum ada data terverifikasi untuk Kabupaten Alfa" in texts(doc.chapters[2])


def test_a_draft_version_is_marked_draft(rpkd_world: dict[str, Any]) -> None:
    doc = rpkd.build(rpkd_world["v2"])
    assert doc.is_draft and "draf" in doc.version_line and "DRAF" in doc.approval_line
    pdf = pdf_text(rpkd_pdf(doc))
    assert "DRAF" in pdf
    docx = open_docx(rpkd_docx(doc))
    assert "DRAF - BELUM DISETUJUI" in docx.sections[0].header.paragraphs[0].text


def test_the_english_draft_speaks_english(rpkd_world: dict[str, Any]) -> None:
    with translation.override("en"):
        doc = rpkd.build(rpkd_world["v1"])
    assert doc.chapters[0].title == "Introduction"
    assert "1,500,000,000" in texts(doc.chapters[6])


def open_docx(content: bytes) -> Any:
    import docx

    return docx.Document(io.BytesIO(content))


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_word_file_has_headings_a_repeated_header_and_a_landscape_matrix(
    rpkd_world: dict[str, Any],
) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn

    doc = rpkd.build(rpkd_world["v1"])
    word = open_docx(rpkd_docx(doc))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "BAB I PENDAHULUAN" and headings[-1] == "BAB IX PENUTUP"
    assert len(headings) == 9
    assert any(
        p.style.name == "Heading 2" and p.text == "7.3 Matriks Program dan Kegiatan"
        for p in word.paragraphs
    )
    body = word.element.body.xml
    assert 'TOC \\o "1-2"' in body  # a table of contents Word regenerates
    matrix = next(t for t in word.tables if t.rows[0].cells[0].text == "No")
    assert len(matrix.rows) == 1 + 3 + 2  # header + sub kegiatan x years
    assert matrix.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert matrix.rows[1].cells[6].text == "1.500.000.000"
    orientations = [s.orientation for s in word.sections]
    assert WD_ORIENT.LANDSCAPE in orientations and orientations[-1] == WD_ORIENT.PORTRAIT
    assert "PAGE" in word.sections[0].footer._element.xml
    assert any(
        "Kepala Bappeda Kabupaten Alfa" in c.text for t in word.tables for c in t.rows[0].cells
    )


def test_the_pdf_reads_as_the_document(rpkd_world: dict[str, Any]) -> None:
    from pypdf import PdfReader

    content = rpkd_pdf(rpkd.build(rpkd_world["v1"]))
    assert len(PdfReader(io.BytesIO(content)).pages) > 10
    text = pdf_text(content)
    for heading in ("BAB I PENDAHULUAN", "BAB III PROFIL KEMISKINAN DAERAH", "BAB IX PENUTUP"):
        assert heading in text
    assert "Kabupaten Alfa" in text and "1.500.000.000" in text
    assert "Ketua TKPK" in text and "Logo pemerintah" in text


def test_the_command_line_writes_both_documents(rpkd_world: dict[str, Any], tmp_path: Path) -> None:
    out = io.StringIO()
    docx_path, pdf_path = tmp_path / "rpkd.docx", tmp_path / "rpkd.pdf"
    call_command(
        "plan", "export", "98.01", "--format", "rpkd-docx", "--output", str(docx_path), stdout=out
    )
    call_command(
        "plan", "export", "98.01", "--format", "rpkd-pdf", "--output", str(pdf_path), stdout=out
    )
    assert "Versi 1 (disetujui)" in out.getvalue() and ": 5 baris." in out.getvalue()
    assert open_docx(docx_path.read_bytes()).paragraphs
    assert pdf_path.read_bytes().startswith(b"%PDF")
    draft = tmp_path / "draft.pdf"
    call_command(
        "plan",
        "export",
        "98.01",
        "--version",
        "latest",
        "--format",
        "rpkd-pdf",
        "--output",
        str(draft),
        stdout=out,
    )
    assert "DRAF" in pdf_text(draft.read_bytes())


def test_the_command_line_refuses_a_plan_without_an_approved_version(
    plan_world: dict[str, Any], write_file: Any, tmp_path: Path
) -> None:
    from tests.planning.plan_world import matrix

    first, second, _ = plan_world["problems"]
    path = write_file("m.csv", "\n".join(matrix(first, second)))
    call_command(
        "plan", "import", "98.01", str(path), "--period", "2025-2029", stdout=io.StringIO()
    )
    output = tmp_path / "x.docx"
    with pytest.raises(CommandError, match="belum mempunyai versi yang disetujui"):
        call_command("plan", "export", "98.01", "--format", "rpkd-docx", "--output", str(output))
    assert not output.exists()


def test_chapter_iv_lists_each_drawn_problem_tree_from_the_top_down(
    rpkd_world: dict[str, Any],
) -> None:
    from sepakat.planning import tree
    from sepakat.priorities.models import PriorityIndicator

    version = rpkd_world["v2"]  # a draft: trees are drawn before approval
    chapter = next(c for c in rpkd.build(version).chapters if c.number == 4)
    assert "belum disusun" in texts(chapter)
    problem = PriorityIndicator.objects.get(code=rpkd_world["problems"][0])
    core = tree.node_add(
        actor=None, version=version, problem=problem, kind="inti",
        statement="Rendahnya partisipasi sekolah", evidence="Susenas 2024",
    )  # fmt: skip
    first = tree.node_add(
        actor=None, version=version, problem=problem, kind="langsung", parent=core,
        statement="Biaya sekolah tinggi", evidence="FGD Desa A",
    )  # fmt: skip
    tree.node_add(
        actor=None, version=version, problem=problem, kind="langsung", parent=core,
        statement="Sekolah jauh", evidence="Podes 2024",
    )  # fmt: skip
    tree.node_add(
        actor=None, version=version, problem=problem, kind="akar", parent=first,
        statement="Pendapatan keluarga rendah", evidence="Registrasi desil 1-4",
    )  # fmt: skip
    chapter = next(c for c in rpkd.build(version).chapters if c.number == 4)
    table = next(
        i
        for s in chapter.sections
        for i in s.items
        if isinstance(i, Table) and i.title.startswith(problem.code)
    )
    statements = [row[1].strip("\u2003") for row in table.rows]
    # depth first: the root cause sits right under the cause it explains
    assert statements == [
        "Rendahnya partisipasi sekolah",
        "Biaya sekolah tinggi",
        "Pendapatan keluarga rendah",
        "Sekolah jauh",
    ]
    assert table.rows[2][1].startswith("\u2003" * 3)  # indented by its level
    assert "FGD Desa A" in table.rows[1][2]
    assert "belum disusun" not in texts(chapter)
