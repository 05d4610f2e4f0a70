"""The printed report holds together: no row split across pages, nothing wider than the
page, no chart label cut or shortened, units and rounding as on the pages, a cover, a
table of contents and an approval block. Checked on the demo region, every kab/kota."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from sepakat.accounts.models import User
from sepakat.analysis import exports, report, selectors
from sepakat.regions.models import Level, Region
from tests.analysis import pdf_layout

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The checks themselves must be able to fail.


def test_the_row_check_finds_a_row_split_across_pages() -> None:
    tall = "<br>".join(["x"] * 90)
    html = f"<table><tbody><tr><td>{tall}</td></tr></tbody></table>"
    assert pdf_layout.split_rows(pdf_layout.render(html))


def test_the_width_check_finds_a_table_wider_than_the_page() -> None:
    html = (
        "<table><tr>"
        + "<td style='white-space:nowrap'>123456789,00 persen</td>" * 9
        + "</tr></table>"
    )
    assert pdf_layout.too_wide(pdf_layout.render(html))


def test_the_label_check_finds_a_label_measured_in_another_font() -> None:
    import vl_convert

    long_names = [{"wilayah": f"Kabupaten Pondok Harjo Panjang {i}", "nilai": i} for i in range(3)]
    spec = {
        "width": 300,
        "data": {"values": long_names},
        "mark": "bar",
        "encoding": {
            "y": {"field": "wilayah", "type": "nominal", "title": None},
            "x": {"field": "nilai", "type": "quantitative"},
        },
        "config": {"font": "Liberation Sans Narrow, sans-serif", "axis": {"labelLimit": 0}},
    }
    narrow = vl_convert.vegalite_to_svg(spec)
    shortened = vl_convert.vegalite_to_svg({**spec, "config": {"axis": {"labelLimit": 60}}})
    assert pdf_layout.cut_labels(shortened)
    assert pdf_layout.cut_labels(narrow) or "Liberation Sans Narrow" not in narrow


# The demo region.


@pytest.fixture(scope="module")
def built(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    from sepakat.demo.services import build_demo

    folder = tmp_path_factory.mktemp("demo-report")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER, MICRODATA_DIR=folder),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            build_demo(seed=2025)
            user = User.objects.get(username="contoh.prov.admin")
            regencies = [
                r.code for r in selectors.analysable_regions(user) if r.level == Level.REGENCY
            ]
            with translation.override("id"):
                reports = {}
                for code in regencies:
                    r = report.region_report(user, selectors.frame_for(user, code), None)
                    html = r.html()
                    reports[code] = {
                        "report": r,
                        "html": html,
                        "layout": pdf_layout.render(html),
                        "svgs": [
                            (b.title, exports.chart_svg(b.spec))
                            for s in r.sections
                            for b in s.blocks
                            if b.spec is not None
                        ],
                    }
            yield reports
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(built: dict[str, Any], db: Any) -> dict[str, Any]:
    return built


@pytest.mark.slow
def test_the_demo_has_reports_for_every_kab_kota(demo: dict[str, Any]) -> None:
    assert len(demo) == Region.objects.filter(level=Level.REGENCY, code__startswith="99.").count()
    assert len(demo) >= 8


@pytest.mark.slow
def test_no_table_row_is_split_across_pages(demo: dict[str, Any]) -> None:
    for code, r in demo.items():
        assert pdf_layout.split_rows(r["layout"]) == [], code


@pytest.mark.slow
def test_no_table_or_picture_is_wider_than_the_page(demo: dict[str, Any]) -> None:
    for code, r in demo.items():
        assert pdf_layout.too_wide(r["layout"]) == [], code


@pytest.mark.slow
def test_no_chart_or_map_label_is_cut(demo: dict[str, Any]) -> None:
    for code, r in demo.items():
        assert len(r["svgs"]) >= 10, code
        for title, svg in r["svgs"]:
            assert 'font-family="DejaVu Sans"' in svg, title
            assert pdf_layout.cut_labels(svg) == [], (code, title)


@pytest.mark.slow
def test_the_tables_of_every_indicator_get_landscape_pages(demo: dict[str, Any]) -> None:
    for code, r in demo.items():
        wide = [p for p in r["layout"].pages if p.width > p.height]
        assert len(wide) >= 6, code  # one (or more) per area


@pytest.mark.slow
def test_every_table_says_its_units_and_rounds_as_the_pages(demo: dict[str, Any]) -> None:
    r = demo["99.01"]
    html = r["html"]
    assert html.count("<th>Satuan</th>") >= 7  # the summary and every area's table
    # Money without ",00", the Gini with three decimals, a change in the indicator's decimals.
    assert not re.findall(r"Rp [\d.]+,00(?!\d)", html)
    summary = {row["indikator"]: row for row in r["report"].summary.rows}
    gini = summary["Rasio Gini"]
    assert gini["nilai_teks"].count(",") == 1 and len(gini["nilai_teks"].split(",")[1]) == 3
    assert len(gini["perubahan_teks"].split(",")[1]) == 3
    line = summary["Garis kemiskinan"]
    assert line["nilai_teks"].startswith("Rp ") and "," not in line["nilai_teks"]
    assert "," not in line["perubahan_teks"]
    # Tables of a chart's block: the unit beside each value column's header.
    assert "Nilai awal (%)" in html


@pytest.mark.slow
def test_the_cover_has_the_region_a_logo_place_contents_and_an_approval_block(
    demo: dict[str, Any],
) -> None:
    for code, r in demo.items():
        region = r["report"].frame.region.display_name
        first = r["layout"].pages[0]._page_box
        cover = " ".join(d.text for d in first.descendants() if hasattr(d, "text") and d.text)
        assert region in cover and "Logo pemerintah daerah" in cover, code
        html = r["html"]
        for words in (
            "Daftar isi",
            "Lembar pengesahan",
            "Disusun oleh",
            "Diperiksa oleh",
            "Mengesahkan,",
            f"Kepala Bappeda {region}",
        ):
            assert words in html, (code, words)
        for field in ("Tempat", "Tanggal", "Jabatan", "NIP"):
            assert f"{field}: " in html, (code, field)
