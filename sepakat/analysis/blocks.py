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
from django.utils.translation import gettext_lazy, pgettext

from sepakat.analysis import charts
from sepakat.analysis.analyses import Dashboard, IndicatorAnalysis, measure_of
from sepakat.analysis.deciles import DecileProfile
from sepakat.analysis.formatting import format_cell, unit_label
from sepakat.analysis.maps import MapResult

BLOCK_KEYS = (
    "tren",
    "perbandingan",
    "kuadran",
    "kuadran-dua",
    "relevansi",
    "korelasi",
    "peta",
    "desil",
)


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

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (the analysis cache) with its spec drawn: a maker is a closure, which
        pickle cannot carry, and a cached page shows the chart anyway."""
        state = dict(self.__dict__)
        state.pop("spec", None)
        state["spec_or_maker"] = self.spec
        return state

    @property
    def table(self) -> list[list[Any]]:
        return [[row.get(k) for k, _h in self.columns] for row in self.rows]

    @property
    def headers(self) -> list[str]:
        """Column headers with the unit of their numbers: ``Nilai (%)``."""
        return [
            _("%(column)s (%(unit)s)") % {"column": h, "unit": unit_label(self.units[k])}
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
    has_se = any(r.get("signifikan") is not None for r in ia.quadrant)
    return Block(
        key="kuadran",
        title=_("Kuadran tingkat dan perubahan, %(year)s") % {"year": ia.year},
        spec_or_maker=(
            (
                lambda: charts.quadrant_chart(
                    ia.quadrant,
                    ia.measure,
                    ia.quadrant_split,  # type: ignore[arg-type]
                    window=ia.options.window,
                )
            )
            if ia.quadrant and ia.quadrant_split
            else None
        ),
        rows=ia.quadrant,
        columns=[
            ("wilayah", _("Wilayah")),
            ("posisi", _("Posisi")),
            ("nilai", _("Nilai")),
            (
                "perubahan_tahunan",
                _("Rata-rata perubahan per tahun (%(n)s tahun)") % {"n": ia.options.window},
            ),
            *([("signifikan_teks", _("Perubahan signifikan?"))] if has_se else []),
        ],
        narrative=[
            *([ia.quadrant_sentence] if ia.quadrant_sentence else []),
            *ia.quadrant_notes,
        ],
        sources=ia.sources,
        units=_same(("nilai", "perubahan_tahunan"), ia.measure.unit),
        decimals=_same(("nilai", "perubahan_tahunan"), ia.measure.decimals),
        note=_(
            "Garis putus-putus: nilai %(split)s dan rata-rata perubahan per tahunnya. Kuadran I: "
            "nilai dan perubahan di atas garis; II: nilai di bawah, perubahan di atas; III: "
            "keduanya di bawah; IV: nilai di atas, perubahan di bawah. Apakah 'di atas' baik "
            "atau buruk bergantung pada polaritas indikator (kolom Posisi). Titik kosong: "
            "perubahan masih dalam batas galat baku survei (tidak signifikan)."
        )
        % {"split": ia.split_name},
    )


def pair_quadrant_block(ia: IndicatorAnalysis) -> Block:
    other = ia.correlate_with
    spec = None
    if other is not None and ia.pair_quadrant and ia.pair_split is not None:
        x_measure, split = measure_of(other), ia.pair_split
        spec = lambda: charts.quadrant_chart(  # noqa: E731
            ia.pair_quadrant, x_measure, split, y_measure=ia.measure
        )
    return Block(
        key="kuadran-dua",
        title=_("Kuadran %(x)s dan %(y)s, %(year)s")
        % {"x": other.name if other else "-", "y": ia.indicator.name, "year": ia.year},
        spec_or_maker=spec,
        rows=ia.pair_quadrant,
        columns=[
            ("wilayah", _("Wilayah")),
            ("posisi", _("Posisi")),
            ("nilai", other.name if other else "x"),
            ("perubahan_tahunan", ia.indicator.name),
        ],
        narrative=[ia.pair_sentence] if ia.pair_sentence else [],
        sources=ia.sources,
        note=(
            _(
                "Sumbu datar: %(x)s; sumbu tegak: %(y)s; garis putus-putus: nilai %(split)s. "
                "Kuadran yang sama-sama lebih buruk menunjukkan wilayah tempat kedua masalah "
                "bertumpuk."
            )
            if other is not None and other.polarity != 0 and not ia.measure.neutral
            else _(
                "Sumbu datar: %(x)s; sumbu tegak: %(y)s; garis putus-putus: nilai %(split)s. "
                "Salah satu indikator deskriptif: kuadran menunjukkan posisi, bukan penilaian."
            )
        )
        % {
            "x": other.name if other else "-",
            "y": ia.indicator.name,
            "split": ia.split_name,
        },
    )


EFFECTIVE_HEADERS = {
    "pembanding": gettext_lazy("Efektif (dibanding pembanding)"),
    "awal": gettext_lazy("Efektif (dibanding capaian awal)"),
    "target": gettext_lazy("Efektif (dibanding target)"),
}


def relevance_block(ia: IndicatorAnalysis) -> Block:
    neutral = ia.measure.neutral
    # A count or money total is judged on its relative change (see analytics).
    relative = ia.measure.extensive
    against = ia.options.against
    rows = [
        {
            **r,
            "relevan_teks": _direction(r["relevan"]) if neutral else _yes_no(r["relevan"]),
            "efektif_teks": _yes_no(r["efektif"]),
        }
        for r in ia.relevance
    ]
    comparator = ia.comparator_name
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
            ("perubahan", pgettext("kolom tabel: selisih dua nilai", "Perubahan")),
            ("perubahan_relatif", _("Perubahan relatif")),
            ("perubahan_induk", _("Perubahan %(region)s") % {"region": comparator}),
            (
                "perubahan_relatif_induk",
                _("Perubahan relatif %(region)s") % {"region": comparator},
            ),
            ("keadaan_teks", _("Arah")),
            *([] if neutral else [("relevan_teks", _("Relevan"))]),
            *([] if neutral else [("efektif_teks", str(EFFECTIVE_HEADERS[against]))]),
            *(
                [
                    ("target", _("Target")),
                    ("capaian_target", _("Jarak ke target ditempuh (persen)")),
                ]
                if against == "target" and not neutral
                else []
            ),
        ],
        narrative=[
            *([ia.relevance_sentence] if ia.relevance_sentence else []),
            *ia.relevance_notes,
        ],
        sources=ia.sources,
        # A change of a percentage is in percentage points, "(%)" would read as relative.
        units={
            **_same(("nilai_awal", "nilai_akhir"), ia.measure.unit),
            **_same(("perubahan", "perubahan_induk"), _change_unit(ia.measure.unit)),
            **_same(("perubahan_relatif", "perubahan_relatif_induk"), "%"),
        },
        decimals={
            **_same(
                ("nilai_awal", "nilai_akhir", "perubahan", "perubahan_induk"), ia.measure.decimals
            ),
            **_same(("perubahan_relatif", "perubahan_relatif_induk"), 2),
        },
        note=" ".join(_relevance_note(neutral, relative, against, comparator)),
    )


def _change_unit(unit: str) -> str:
    return _("poin persen") if (unit or "").startswith("%") else unit


def _relevance_note(neutral: bool, relative: bool, against: str, comparator: str) -> list[str]:
    """The formula and its source, in whole sentences."""
    args = {"comparator": comparator}
    if neutral:
        return [
            _(
                "Indikator deskriptif: hanya arah perubahan yang dibandingkan dengan "
                "%(comparator)s; tidak dinilai relevan, efektif atau tidak."
            )
            % args
        ]
    out = [
        _(
            "Perubahan = nilai akhir - nilai awal; perubahan relatif = perubahan / nilai awal x "
            "100 (tidak dihitung bila nilai awal nol). Relevan: perubahan searah dengan "
            "%(comparator)s (tanda perubahan sama); bila keduanya memburuk, arahnya sama "
            "tetapi bukan keberhasilan, dan ditulis 'sama-sama memburuk'."
        )
        % args
    ]
    if against == "awal":
        out.append(_("Efektif: nilai akhir lebih baik daripada nilai awal wilayah sendiri."))
    elif against == "target":
        out.append(
            _(
                "Efektif: nilai akhir mencapai atau melampaui target daerah; jarak ditempuh = "
                "perubahan / (target - nilai awal) x 100."
            )
        )
    elif relative:
        out.append(
            _(
                "Efektif: perubahan relatif (persen) mengungguli %(comparator)s; tingkatnya tidak "
                "dibandingkan, karena besarnya jumlah mengikuti besar wilayah."
            )
            % args
        )
    else:
        out.append(_("Efektif: perubahan lebih baik daripada perubahan %(comparator)s.") % args)
    out.append(
        _(
            "Sumber metode: rumus di atas adalah rumus SEPAKAT. Istilah relevansi dan "
            "efektivitas dipinjam dari Evaluasi Kinerja Pembangunan Daerah (EKPD), evaluasi "
            "tahunan Bappenas; rumus di atas bukan kutipan pedoman EKPD."
        )
    )
    return out


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
        pair_quadrant_block(ia),
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
