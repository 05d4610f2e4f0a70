"""Chapters II and III of the RPKD draft, read from the analysis module.

The document is the region's own: it reads the analysis as a user of that region would
(the national catalogue, the region's own indicators, verified values of the region, its
province, the nation and its peers), whoever downloads it, so that a province officer and
the kab/kota team get the same document. The figures, their readings and the charts are
those of the dashboard and of the analysis report (``analysis.analyses``, ``blocks``).

* Chapter II (kondisi umum daerah): the key indicators of every area but poverty, one
  table per area with the value, the change from the previous year and the comparators.
* Chapter III (profil kemiskinan daerah): the headline figures (P0, P1, P2, poverty line,
  number of poor, Gini) with their readings, the P0 trend against province and nation,
  and where the region stands among the kab/kota of its province.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from sepakat.analysis import analyses, blocks, selectors
from sepakat.analysis.analyses import Figure
from sepakat.analysis.formatting import unit_label
from sepakat.planning.rpkd_parts import Chapter, Chart, Item, Paragraph, Section, Table
from sepakat.regions.models import Region

DEPTH_CODES = ("KMS02", "KMS03")  # P1 and P2


@dataclass(frozen=True)
class RegionReader:
    """The region as the reader of its own analysis (see the module docstring)."""

    region: Region
    is_authenticated: bool = True


def _figure_rows(figures: list[Figure]) -> list[list[str]]:
    return [
        [
            f.indicator.name,
            unit_label(f.indicator.unit),
            str(f.year),
            f.value_text,
            f.change_text,
            f.parent_text,
            f.nation_text,
        ]
        for f in figures
    ]


def _figure_table(figures: list[Figure], parent: str, nation: str) -> Table:
    return Table(
        [
            _("Indikator"),
            _("Satuan"),
            _("Tahun"),
            _("Nilai"),
            _("Perubahan dari tahun sebelumnya"),
            parent,
            nation,
        ],
        _figure_rows(figures),
        numeric=frozenset({2, 3, 4, 5, 6}),
        widths=[4.4, 1.6, 1.4, 2.2, 2.4, 2.2, 2.2],
    )


def _no_data(region: Region) -> Paragraph:
    return Paragraph(
        _(
            "Belum ada data terverifikasi untuk %(region)s. Unggah dan verifikasi data di "
            "modul Data, lalu buat ulang dokumen ini."
        )
        % {"region": region.display_name}
    )


def condition_chapters(region: Region) -> tuple[Chapter, Chapter]:
    reader = RegionReader(region)
    frame = selectors.frame_for(reader, region.code)
    catalogue = selectors.catalogue(reader)
    table = selectors.observation_table(reader, frame)
    board = analyses.dashboard(frame, catalogue, table, None)
    parent = frame.parent.display_name if frame.parent else _("Provinsi")
    nation = frame.nation.display_name if frame.nation else _("Nasional")
    general = Chapter(2, _("Kondisi Umum Daerah"))
    profile = Chapter(3, _("Profil Kemiskinan Daerah"))
    if board.year is None:
        general.sections.append(Section(_("Indikator Kunci"), [_no_data(region)]))
        profile.sections.append(Section(_("Angka Kemiskinan"), [_no_data(region)]))
        return general, profile
    for area, figures in board.key_by_area:
        if figures and figures[0].indicator.area == "kemiskinan":
            continue
        general.sections.append(
            Section(
                area,
                [
                    _figure_table(figures, parent, nation),
                    *(Paragraph(f.narrative) for f in figures if f.value is not None),
                ],
            )
        )
    if not general.sections:
        general.sections.append(Section(_("Indikator Kunci"), [_no_data(region)]))
    headline = [f for f in board.headline if f.indicator.code not in DEPTH_CODES]
    depth = [f for f in board.headline if f.indicator.code in DEPTH_CODES]
    main: list[Item] = [
        Paragraph(
            _(
                "Angka kemiskinan %(region)s tahun %(year)s dibandingkan dengan tahun "
                "sebelumnya, %(parent)s dan %(nation)s (sumber: data terverifikasi SEPAKAT)."
            )
            % {
                "region": region.display_name,
                "year": board.year,
                "parent": parent,
                "nation": nation,
            }
        ),
        _figure_table(headline, parent, nation),
        *(Paragraph(f.narrative) for f in headline if f.value is not None),
    ]
    profile.sections.append(Section(_("Angka Kemiskinan Utama"), main))
    poverty = catalogue.get(analyses.POVERTY_RATE)
    if poverty is not None:
        ia = analyses.indicator_analysis(frame, catalogue, table, poverty, board.year)
        trend = blocks.trend_block(ia)
        items: list[Item] = []
        if trend.spec is not None:
            items.append(Chart(trend.title, trend.spec, note="; ".join(ia.sources)))
        items += _trend_table(board.trend_rows, frame)
        profile.sections.append(Section(_("Tren Persentase Penduduk Miskin"), items))
        compare = blocks.compare_block(ia)
        if compare.spec is not None:
            sentence = [Paragraph(ia.rank_sentence)] if ia.rank_sentence else []
            profile.sections.append(
                Section(
                    _("Perbandingan dengan Kabupaten/Kota Lain"),
                    [Chart(compare.title, compare.spec), *sentence],
                )
            )
    if depth:
        profile.sections.append(
            Section(
                _("Kedalaman dan Keparahan Kemiskinan (P1 dan P2)"),
                [
                    Paragraph(
                        _(
                            "P1 mengukur rata-rata jarak pengeluaran penduduk miskin dari "
                            "garis kemiskinan; P2 mengukur ketimpangan di antara penduduk "
                            "miskin. Keduanya turun bila program menjangkau yang termiskin."
                        )
                    ),
                    _figure_table(depth, parent, nation),
                    *(Paragraph(f.narrative) for f in depth if f.value is not None),
                ],
            )
        )
    return general, profile


def _trend_table(rows: list[dict[str, Any]], frame: selectors.Frame) -> list[Item]:
    """The P0 trend as a table: years down, the region and its comparators across."""
    if not rows:
        return []
    from sepakat.analysis.formatting import format_number

    names = [r.display_name for r in frame.comparators]
    years = sorted({r["tahun"] for r in rows})
    values = {(r["wilayah"], r["tahun"]): r["nilai"] for r in rows}
    return [
        Table(
            [_("Tahun"), *names],
            [[str(y), *(format_number(values.get((n, y)), 2) for n in names)] for y in years],
            title=_("Persentase penduduk miskin (persen)"),
            numeric=frozenset(range(0, len(names) + 1)),
            widths=[1, *([2] * len(names))],
        )
    ]
