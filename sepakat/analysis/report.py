"""The whole analysis of a region as a PDF report (WeasyPrint) and an Excel workbook.

Both are made from the same blocks as the pages: cover, contents, a summary, one section
per area (key indicators with their charts and narratives, then a table of every indicator
of the area with its sources), then the map and the decile profile. Charts are rendered to
SVG on the server by vl-convert and embedded in the PDF.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from sepakat.analysis import analyses, blocks, exports, maps, selectors
from sepakat.analysis.analyses import Figure, IndicatorAnalysis
from sepakat.analysis.blocks import Block
from sepakat.analysis.deciles import decile_profile
from sepakat.analysis.formatting import unit_label
from sepakat.core.pdf import html_to_pdf
from sepakat.datahub.models import Area, Indicator


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    table: Block | None = None


@dataclass
class RegionReport:
    frame: selectors.Frame
    year: int | None
    summary: Block
    sections: list[Section]
    all_blocks: dict[str, Block]
    generated_at: Any
    prepared_by: str = ""  # who asked for it, written in the approval block

    def html(self) -> str:
        """The report as HTML for WeasyPrint (charts inline as SVG ``data:`` URIs)."""
        charts: dict[int, str] = {}
        for section in self.sections:
            for block in section.blocks:
                if block.spec is not None:
                    svg = exports.chart_svg(block.spec)
                    charts[id(block)] = "data:image/svg+xml;base64," + base64.b64encode(
                        svg.encode()
                    ).decode("ascii")
        return render_to_string(
            "analysis/report.html",
            {
                "report": self,
                "region": self.frame.region,
                "charts": charts,
            },
        )

    def pdf(self) -> bytes:
        return html_to_pdf(self.html())

    def xlsx(self) -> bytes:
        sheets = [(_("Ringkasan"), self.summary)]
        sheets += [(title, block) for title, block in self.all_blocks.items()]
        return exports.workbook(sheets)


def _comparators(f: Figure | None) -> dict[str, Any]:
    """Province and nation beside a figure, as the pages show them: a rate or an index by
    its level, a count by its share of theirs, a money total by nothing (its per capita
    companion is compared instead)."""
    if f is None:
        return {
            "provinsi": None,
            "nasional": None,
            "bagian_provinsi": None,
            "bagian_nasional": None,
        }
    extensive = f.measure.extensive
    return {
        "provinsi": None if extensive else f.parent_value,
        "nasional": None if extensive else f.nation_value,
        "bagian_provinsi": f.parent_share,
        "bagian_nasional": f.nation_share,
    }


COMPARATOR_COLUMNS = [
    ("provinsi", gettext_lazy("Provinsi / induk")),
    ("nasional", gettext_lazy("Nasional")),
    ("bagian_provinsi", gettext_lazy("Bagian dari provinsi / induk (persen)")),
    ("bagian_nasional", gettext_lazy("Bagian dari nasional (persen)")),
]
# Numbers of a row of several indicators take the decimals of the row's indicator.
ROW_DECIMALS: dict[str, int | str] = {
    "nilai": "desimal",
    "galat_baku": "desimal",
    "perubahan": "desimal",
    "provinsi": "desimal",
    "nasional": "desimal",
    "bagian_provinsi": 2,
    "bagian_nasional": 2,
}


def _area_table(analyses_: list[IndicatorAnalysis]) -> Block:
    rows = []
    for ia in analyses_:
        f = ia.figure
        mine = next((c for c in ia.compare if c["terpilih"]), None)
        rows.append(
            {
                "kode": ia.indicator.code,
                "indikator": ia.indicator.name,
                "satuan": unit_label(ia.indicator.unit),
                "desimal": ia.indicator.decimals,
                "tahun": ia.year,
                "nilai": None if f is None else f.value,
                "nilai_teks": "-" if f is None else f.value_text,
                "galat_baku": None if f is None else f.se,
                "perubahan": None if f is None else f.change,
                "perubahan_teks": "-" if f is None else f.change_text,
                **_comparators(f),
                "provinsi_teks": "-" if f is None else f.parent_text,
                "nasional_teks": "-" if f is None else f.nation_text,
                # Only a ranked indicator has a rank to show (not a neutral one).
                "peringkat": None
                if mine is None or mine["peringkat"] is None
                else f"{mine['peringkat']}/{mine['jumlah']}",
                "sumber": "; ".join(ia.sources),
            }
        )
    return Block(
        key="tabel",
        title=_("Semua indikator"),
        spec_or_maker=None,
        rows=rows,
        columns=[
            ("kode", _("Kode")),
            ("indikator", _("Indikator")),
            ("satuan", _("Satuan")),
            ("tahun", _("Tahun")),
            ("nilai", _("Nilai")),
            ("galat_baku", _("Galat baku")),
            ("perubahan", _("Perubahan dari tahun sebelumnya")),
            *((k, str(h)) for k, h in COMPARATOR_COLUMNS),
            ("peringkat", _("Peringkat")),
            ("sumber", _("Sumber")),
        ],
        decimals=dict(ROW_DECIMALS),
    )


def _concat(key: str, title: str, parts: list[tuple[Indicator, Block]]) -> Block:
    """One block with an indicator column from the same block of every indicator; each
    row says its unit and keeps the decimals of its indicator."""
    columns: list[tuple[str, str]] = [
        ("indikator_kode", _("Kode")),
        ("indikator", _("Indikator")),
        ("satuan", _("Satuan")),
    ]
    rows: list[dict[str, Any]] = []
    decimals: dict[str, int | str] = {}
    for ind, block in parts:
        for k, h in block.columns:
            if k in ("x", "y"):
                continue
            if (k, h) not in columns and k not in [c for c, _h in columns]:
                columns.append((k, h))
            d = block.decimals.get(k)
            if k in block.units:  # in the indicator's unit: its decimals, row by row
                decimals[k] = "desimal"
            elif isinstance(d, int):
                decimals[k] = d
        for row in block.rows:
            rows.append(
                {
                    "indikator_kode": ind.code,
                    "indikator": ind.name,
                    "satuan": unit_label(ind.unit),
                    "desimal": ind.decimals,
                    **row,
                }
            )
    return Block(
        key=key, title=title, spec_or_maker=None, rows=rows, columns=columns, decimals=decimals
    )


def _correlations(parts: list[IndicatorAnalysis]) -> Block:
    rows = []
    for ia in parts:
        s = ia.correlation_stats
        if s is None or ia.correlate_with is None:
            continue
        rows.append(
            {
                "indikator": ia.indicator.name,
                "pembanding": ia.correlate_with.name,
                "n": s["n"],
                "r": s["r"],
                "p": s["p_value"],
                "rho": s["rho"],
                "bacaan": " ".join(ia.correlation_sentences),
            }
        )
    return Block(
        key="korelasi",
        title=_("Korelasi dengan kemiskinan"),
        spec_or_maker=None,
        rows=rows,
        columns=[
            ("indikator", _("Indikator")),
            ("pembanding", _("Dibandingkan dengan")),
            ("n", _("Jumlah kabupaten/kota")),
            ("r", _("Pearson r")),
            ("p", _("Nilai p")),
            ("rho", _("Spearman rho")),
            ("bacaan", _("Bacaan")),
        ],
        decimals={"n": 0, "r": 2, "p": 3, "rho": 2},
    )


def region_report(user: Any, frame: selectors.Frame, year: int | None) -> RegionReport:
    catalogue = selectors.catalogue(user)
    table = selectors.observation_table(user, frame)
    db = analyses.dashboard(frame, catalogue, table, year)
    year = db.year
    summary_rows = [
        {
            "indikator": f.indicator.name,
            "satuan": unit_label(f.indicator.unit),
            "desimal": f.measure.decimals,
            "tahun": f.year,
            "nilai": f.value,
            "galat_baku": f.se,
            "perubahan": f.change,
            **_comparators(f),
            # What the PDF shows: a count as its share, a money total not beside them.
            "nilai_teks": f.value_text,
            "galat_baku_teks": f.measure.value(f.se) if f.se is not None else "",
            "perubahan_teks": f.change_text,
            "provinsi_teks": f.parent_text,
            "nasional_teks": f.nation_text,
            "bacaan": f.narrative,
        }
        for f in [*db.headline, *(f for _a, figs in db.key_by_area for f in figs)]
    ]
    summary = Block(
        key="ringkasan",
        title=_("Ringkasan %(region)s, %(year)s")
        % {"region": frame.region.display_name, "year": year or "-"},
        spec_or_maker=None,
        rows=summary_rows,
        columns=[
            ("indikator", _("Indikator")),
            ("satuan", _("Satuan")),
            ("tahun", _("Tahun")),
            ("nilai", _("Nilai")),
            ("galat_baku", _("Galat baku")),
            ("perubahan", pgettext("kolom tabel: selisih dua nilai", "Perubahan")),
            *((k, str(h)) for k, h in COMPARATOR_COLUMNS),
            ("bacaan", _("Bacaan")),
        ],
        decimals=dict(ROW_DECIMALS),
    )
    codes_with_data = set(table["indicator"].unique().to_list()) if table.height else set()
    per_indicator: dict[str, IndicatorAnalysis] = {}
    for code, ind in catalogue.items():
        if code in codes_with_data:
            per_indicator[code] = analyses.indicator_analysis(frame, catalogue, table, ind, year)
    labels = dict(Area.choices)
    sections: list[Section] = []
    for area in Area.values:
        members = [ia for ia in per_indicator.values() if ia.indicator.area == area]
        if not members:
            continue
        section = Section(key=area, title=str(labels[area]))
        for ia in members:
            if not ia.indicator.is_key:
                continue
            section.blocks += [blocks.trend_block(ia), blocks.compare_block(ia)]
            if ia.indicator.code == analyses.POVERTY_RATE:
                section.blocks += [
                    blocks.quadrant_block(ia),
                    blocks.relevance_block(ia),
                    blocks.correlation_block(ia),
                ]
        section.table = _area_table(members)
        sections.append(section)
    # Where: the map of the lowest level with data, and who: the decile profile.
    where = Section(key="sebaran", title=_("Sebaran wilayah dan profil desil"))
    for level in reversed(maps.levels_below(frame.region)):
        result = maps.build_map(user, frame.region, catalogue, level=level, code=None, period=None)
        if result.spec is not None:
            where.blocks.append(blocks.map_block(result))
            break
    registry = selectors.registry_file_for(frame.region)
    if registry is not None:
        profile = decile_profile(registry, frame.region)
        if profile.rows:
            where.blocks.append(blocks.decile_block(profile))
    if where.blocks:
        sections.append(where)

    parts = list(per_indicator.values())
    all_blocks: dict[str, Block] = {
        _("Semua indikator"): _area_table(parts),
        _("Tren"): _concat(
            "tren", _("Tren"), [(ia.indicator, blocks.trend_block(ia)) for ia in parts]
        ),
        _("Peringkat"): _concat(
            "perbandingan",
            _("Peringkat"),
            [(ia.indicator, blocks.compare_block(ia)) for ia in parts],
        ),
        _("Kuadran"): _concat(
            "kuadran", _("Kuadran"), [(ia.indicator, blocks.quadrant_block(ia)) for ia in parts]
        ),
        _("Relevansi dan efektivitas"): _concat(
            "relevansi",
            _("Relevansi dan efektivitas"),
            [(ia.indicator, blocks.relevance_block(ia)) for ia in parts],
        ),
        _("Korelasi"): _correlations(parts),
    }
    # Sheet names say what the sheet is (a block's title may be longer than Excel allows).
    sheet_names = {"peta": _("Peta"), "desil": _("Profil desil")}
    for block in where.blocks:
        all_blocks[sheet_names.get(block.key, block.title)] = block
    return RegionReport(
        frame=frame,
        year=year,
        summary=summary,
        sections=sections,
        all_blocks=all_blocks,
        generated_at=timezone.now(),
        prepared_by=user.get_full_name() if hasattr(user, "get_full_name") else "",
    )
