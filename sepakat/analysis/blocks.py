"""A block = one chart with its data table, narrative and sources.

The page, the PNG/SVG/Excel downloads, the PDF report and the Excel workbook all take
their charts from here, so that what is downloaded is what was seen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils.translation import gettext as _

from sepakat.analysis import charts
from sepakat.analysis.analyses import Dashboard, IndicatorAnalysis, measure_of
from sepakat.analysis.deciles import DecileProfile
from sepakat.analysis.formatting import format_cell
from sepakat.analysis.maps import MapResult

BLOCK_KEYS = ("tren", "perbandingan", "kuadran", "relevansi", "korelasi", "peta", "desil")


@dataclass
class Block:
    """``spec`` may be given as a function: it is then drawn only when first asked for
    (the Excel workbook needs the rows of every chart, not the charts)."""

    key: str
    title: str
    spec_or_maker: dict[str, Any] | Callable[[], dict[str, Any]] | None
    rows: list[dict[str, Any]]
    columns: list[tuple[str, str]]  # (row key, header)
    narrative: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    note: str = ""
    # How the numbers of a column are written: its unit (shown in the header) and its
    # decimals; a decimals entry naming another key takes them from that key of each row
    # (a table of several indicators, each with its own).
    units: dict[str, str] = field(default_factory=dict)
    decimals: dict[str, int | str] = field(default_factory=dict)

    @cached_property
    def spec(self) -> dict[str, Any] | None:
        made = self.spec_or_maker
        return made() if callable(made) else made

    @property
    def table(self) -> list[list[Any]]:
        return [[row.get(k) for k, _h in self.columns] for row in self.rows]

    @property
    def headers(self) -> list[str]:
        """Column headers with the unit of their numbers: ``Nilai (%)``."""
        return [
            _("%(column)s (%(unit)s)") % {"column": h, "unit": self.units[k]}
            if self.units.get(k)
            else h
            for k, h in self.columns
        ]

    def decimals_of(self, key: str, row: dict[str, Any]) -> int | None:
        d = self.decimals.get(key)
        if isinstance(d, str):
            d = row.get(d)
        return d if isinstance(d, int) else None

    @property
    def shown(self) -> list[list[tuple[str, bool]]]:
        """Every cell as written on the page and in the PDF, and whether it is a number
        (set right), formatted here once rather than filter by filter in the template."""
        return [
            [
                (format_cell(v, d), isinstance(v, int | float) and not isinstance(v, bool))
                for v, d in row
            ]
            for row in self.cells
        ]

    @property
    def cells(self) -> list[list[tuple[Any, int | None]]]:
        """Every value with the decimals it is written with (None: as it comes)."""
        return [
            [(row.get(k), self.decimals_of(k, row)) for k, _h in self.columns] for row in self.rows
        ]


def _same(keys: tuple[str, ...], value: Any) -> dict[str, Any]:
    return dict.fromkeys(keys, value)


def _yes_no(value: Any) -> str:
    if value is None:  # no judgement (a neutral indicator)
        return "-"
    return _("ya") if value else _("tidak")


def _direction(relevant: Any) -> str:
    """Relevance of a neutral indicator: the direction only, not a "yes"."""
    return _("searah") if relevant else _("berlawanan arah")


def trend_block(ia: IndicatorAnalysis) -> Block:
    m = ia.measure
    return Block(
        key="tren",
        title=_("Tren %(indicator)s") % {"indicator": m.name},
        spec_or_maker=(lambda: charts.trend_chart(ia.trend, m, ia.frame.region.display_name))
        if ia.trend
        else None,
        rows=ia.trend,
        columns=[
            ("wilayah", _("Wilayah")),
            ("tahun", _("Tahun")),
            ("nilai", _("Nilai")),
            ("galat_baku", _("Galat baku")),
            ("batas_bawah", _("Batas bawah SK 95%")),
            ("batas_atas", _("Batas atas SK 95%")),
        ],
        narrative=list(ia.figure.sentences) if ia.figure else [],
        sources=ia.sources,
        units=_same(_TREND_NUMBERS, m.unit),
        decimals=_same(_TREND_NUMBERS, m.decimals),
    )


_TREND_NUMBERS = ("nilai", "galat_baku", "batas_bawah", "batas_atas")


def compare_block(ia: IndicatorAnalysis) -> Block:
    m = ia.measure
    refs: list[tuple[str, float]] = []
    frame = ia.frame
    fig = ia.figure
    # A count is shown as shares of the province's total; a money total without rules:
    # neither is set against a larger area's level.
    parent = frame.parent if frame.is_regency else frame.region
    share_of = parent.display_name if m.count and parent is not None else None
    has_shares = share_of is not None and any(r["bagian"] is not None for r in ia.compare)
    if fig is not None and not m.extensive:
        if frame.is_regency and frame.parent is not None and fig.parent_value is not None:
            refs.append((frame.parent.display_name, fig.parent_value))
        elif not frame.is_regency and fig.value is not None:
            refs.append((frame.region.display_name, fig.value))
        nation_value = fig.nation_value if frame.is_regency else fig.parent_value
        if frame.nation is not None and nation_value is not None:
            refs.append((frame.nation.display_name, nation_value))
    return Block(
        key="perbandingan",
        title=_("Perbandingan antar-kabupaten/kota, %(year)s") % {"year": ia.year},
        spec_or_maker=(
            lambda: charts.compare_chart(
                ia.compare, m, refs, share_of=share_of if has_shares else None
            )
        )
        if ia.compare
        else None,
        rows=ia.compare,
        columns=[
            # Not ranked (neutral, count, money total): the place by value, highest first.
            ("urutan", _("Urutan (nilai tertinggi = 1)"))
            if m.neutral or m.extensive
            else ("peringkat", _("Peringkat")),
            ("wilayah", _("Wilayah")),
            ("nilai", _("Nilai")),
            *(
                [("bagian", _("Bagian dari %(region)s (persen)") % {"region": share_of})]
                if has_shares
                else []
            ),
            ("jumlah", _("Jumlah kabupaten/kota")),
        ],
        narrative=[ia.rank_sentence] if ia.rank_sentence else [],
        sources=ia.sources,
        units={"nilai": m.unit},
        decimals={"nilai": m.decimals, "bagian": 2},
    )


def quadrant_block(ia: IndicatorAnalysis) -> Block:
    return Block(
        key="kuadran",
        title=_("Kuadran tingkat dan perubahan, %(year)s") % {"year": ia.year},
        spec_or_maker=(
            (lambda: charts.quadrant_chart(ia.quadrant, ia.measure, ia.quadrant_split))  # type: ignore[arg-type]
            if ia.quadrant and ia.quadrant_split
            else None
        ),
        rows=ia.quadrant,
        columns=[
            ("wilayah", _("Wilayah")),
            ("nilai", _("Nilai")),
            ("perubahan_tahunan", _("Perubahan per tahun")),
            ("kuadran", _("Kuadran")),
            ("label", _("Tingkat/perubahan")),
        ],
        narrative=[ia.quadrant_sentence] if ia.quadrant_sentence else [],
        sources=ia.sources,
        units=_same(("nilai", "perubahan_tahunan"), ia.measure.unit),
        decimals=_same(("nilai", "perubahan_tahunan"), ia.measure.decimals),
        note=_(
            "Garis putus-putus: nilai dan perubahan per tahun provinsi. Kuadran I: nilai dan "
            "perubahan di atas provinsi; II: nilai di bawah, perubahan di atas; III: keduanya "
            "di bawah; IV: nilai di atas, perubahan di bawah. Apakah 'di atas' baik atau buruk "
            "bergantung pada polaritas indikator (kolom Tingkat/perubahan)."
        ),
    )


def relevance_block(ia: IndicatorAnalysis) -> Block:
    neutral = ia.measure.neutral
    # A count or money total is judged on its relative change (see analytics).
    relative = ia.measure.extensive
    rows = [
        {
            **r,
            "relevan_teks": _direction(r["relevan"]) if neutral else _yes_no(r["relevan"]),
            "efektif_teks": _yes_no(r["efektif"]),
        }
        for r in ia.relevance
    ]
    return Block(
        key="relevansi",
        title=_("Relevansi dan efektivitas, %(start)s-%(end)s")
        % {"start": ia.relevance_start, "end": ia.year},
        spec_or_maker=None,
        rows=rows,
        columns=[
            ("wilayah", _("Wilayah")),
            ("nilai_awal", _("Nilai awal")),
            ("nilai_akhir", _("Nilai akhir")),
            *(
                [
                    ("perubahan_relatif", _("Perubahan (persen)")),
                    ("perubahan_relatif_induk", _("Perubahan provinsi (persen)")),
                ]
                if relative
                else [
                    ("perubahan", _("Perubahan")),
                    ("perubahan_induk", _("Perubahan provinsi")),
                ]
            ),
            ("relevan_teks", _("Arah dibanding provinsi") if neutral else _("Relevan")),
            ("efektif_teks", _("Efektif")),
        ],
        narrative=[ia.relevance_sentence] if ia.relevance_sentence else [],
        sources=ia.sources,
        units=_same(("nilai_awal", "nilai_akhir", "perubahan", "perubahan_induk"), ia.measure.unit),
        decimals={
            **_same(
                ("nilai_awal", "nilai_akhir", "perubahan", "perubahan_induk"), ia.measure.decimals
            ),
            **_same(("perubahan_relatif", "perubahan_relatif_induk"), 2),
        },
        note=_(
            "Indikator deskriptif: hanya arah perubahan yang dibandingkan dengan provinsi; "
            "tidak dinilai efektif atau tidak."
        )
        if neutral
        else _(
            "Relevan: perubahan searah dengan perubahan provinsi. Efektif: membaik lebih cepat "
            "daripada provinsi dalam persen, karena besarnya jumlah mengikuti besar wilayah "
            "(metode TNP2K)."
        )
        if relative
        else _(
            "Relevan: perubahan searah dengan perubahan provinsi. Efektif: membaik lebih cepat "
            "daripada provinsi (metode TNP2K)."
        ),
    )


def correlation_block(ia: IndicatorAnalysis) -> Block:
    other = ia.correlate_with
    spec = None
    if other is not None and len(ia.correlation) >= 3:
        x_measure = measure_of(other)
        spec = lambda: charts.correlation_chart(ia.correlation, x_measure, ia.measure)  # noqa: E731
    return Block(
        key="korelasi",
        title=_("Korelasi dengan %(other)s") % {"other": other.name if other else "-"},
        spec_or_maker=spec,
        rows=ia.correlation,
        columns=[
            ("wilayah", _("Wilayah")),
            ("x", other.name if other else "x"),
            ("y", ia.indicator.name),
        ],
        narrative=list(ia.correlation_sentences),
        sources=ia.sources,
        units={"x": other.unit if other else "", "y": ia.indicator.unit},
        decimals={"x": other.decimals if other else 2, "y": ia.indicator.decimals},
    )


def indicator_blocks(ia: IndicatorAnalysis) -> list[Block]:
    return [
        trend_block(ia),
        compare_block(ia),
        quadrant_block(ia),
        relevance_block(ia),
        correlation_block(ia),
    ]


def dashboard_trend_block(db: Dashboard) -> Block | None:
    p0 = next((f for f in db.headline if f.indicator.code == "KMS01"), None)
    if p0 is None or not db.trend_rows:
        return None
    m = measure_of(p0.indicator)
    return Block(
        key="tren",
        title=_("Tren %(indicator)s") % {"indicator": m.name},
        spec_or_maker=charts.trend_chart(db.trend_rows, m, db.frame.region.display_name),
        rows=db.trend_rows,
        columns=[("wilayah", _("Wilayah")), ("tahun", _("Tahun")), ("nilai", _("Nilai"))],
        narrative=list(p0.sentences),
        units={"nilai": m.unit},
        decimals={"nilai": m.decimals},
    )


def map_block(result: MapResult) -> Block:
    title = _("Peta %(indicator)s, %(year)s") % {
        "indicator": result.indicator.name if result.indicator else "-",
        "year": result.period or "-",
    }
    return Block(
        key="peta",
        title=title,
        spec_or_maker=result.spec,
        rows=result.rows,
        columns=[
            ("kode", _("Kode")),
            ("wilayah", _("Wilayah")),
            ("nilai", _("Nilai")),
            ("kelas", _("Kelas")),
        ],
        narrative=[result.narrative] if result.narrative else [],
        sources=[result.source] if result.source else [],
        units={"nilai": result.indicator.unit} if result.indicator else {},
        decimals={"nilai": result.indicator.decimals} if result.indicator else {},
    )


def decile_block(profile: DecileProfile) -> Block:
    return Block(
        key="desil",
        title=_("Profil menurut desil kesejahteraan"),
        spec_or_maker=(lambda: charts.decile_chart(profile.rows)) if profile.rows else None,
        rows=profile.rows,
        columns=[
            ("atribut", _("Atribut")),
            ("desil", _("Desil")),
            ("persen", _("Persen rumah tangga")),
            ("rumah_tangga", _("Jumlah rumah tangga")),
        ],
        sources=[profile.file.title] if profile.file else [],
        note=_(
            "Dihitung dari berkas registrasi untuk desa/kelurahan di wilayah ini; sel dengan "
            "kurang dari %(n)s rumah tangga tidak ditampilkan."
        )
        % {"n": 5},
        decimals={"persen": 1, "rumah_tangga": 0},
    )
