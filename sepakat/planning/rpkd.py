"""What the RPKD draft (Rencana Penanggulangan Kemiskinan Daerah) of a plan version says.

One pure content builder for the two renderers (:mod:`rpkd_docx`, :mod:`rpkd_pdf`): it
reads the version, its priority set and the analysis of the region, and returns chapters
of sections of paragraphs, lists, tables and charts, with every number already written the
way the reader's language writes it (``1.234.567``, ``12,5``). Nothing here draws a page,
so the Word file and the PDF cannot say different things.

The outline follows Permendagri 53/2020 (Pasal 20: pendahuluan, kondisi umum daerah, profil
kemiskinan daerah, prioritas program, lokasi prioritas), completed with the strategy and
programme chapters of the RPJMD matrices (Permendagri 86/2017) and monitoring, as
``docs/planning.md`` explains. Chapters II and III come from :mod:`rpkd_analysis`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from sepakat.analysis.formatting import format_number, format_value
from sepakat.core.approval import ApprovalStatus
from sepakat.planning.models_plan import Intervention, PlanVersion, Strategy
from sepakat.planning.plan_selectors import interventions_of, problems_without_intervention
from sepakat.regions.models import Kind, Level, Region


@dataclass
class Paragraph:
    text: str


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    title: str = ""
    numeric: frozenset[int] = frozenset()  # columns aligned right
    widths: list[float] = field(default_factory=list)  # relative widths, by column
    wide: bool = False  # needs a landscape page
    note: str = ""
    # Rows that carry a new group (first year of a sub kegiatan): kept with what follows.
    group_starts: frozenset[int] = frozenset()

    @property
    def percent_widths(self) -> list[str]:
        total = sum(self.widths) or 1
        return [f"{100 * w / total:.1f}" for w in self.widths]

    @property
    def groups(self) -> list[list[list[str]]]:
        """The rows split where a group starts (every row its own group when none)."""
        if not self.group_starts:
            return [[row] for row in self.rows]
        out: list[list[list[str]]] = []
        for n, row in enumerate(self.rows):
            if n in self.group_starts or not out:
                out.append([])
            out[-1].append(row)
        return out


@dataclass
class Chart:
    title: str
    spec: dict[str, Any]
    note: str = ""


Item = Paragraph | Bullets | Table | Chart


@dataclass
class Section:
    title: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Chapter:
    number: int
    title: str
    sections: list[Section] = field(default_factory=list)
    wide: bool = False  # printed on landscape pages (the programme matrix)

    @property
    def roman(self) -> str:
        return ROMAN[self.number]

    @property
    def heading(self) -> str:
        return _("BAB %(n)s %(title)s") % {"n": self.roman, "title": self.title.upper()}


ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@dataclass
class Signer:
    title: str  # "Wakil Bupati Contoh, selaku Ketua TKPK"
    name: str = ""  # left blank: the region writes it and signs


@dataclass
class RpkdDocument:
    version: PlanVersion
    region: Region
    title: str
    subtitle: str  # the region and the period
    version_line: str  # "Versi 2 · disetujui"
    is_draft: bool
    approval_line: str
    chapters: list[Chapter]
    signers: list[Signer]
    place_line: str
    generated_at: Any

    @property
    def filename_stem(self) -> str:
        plan = self.version.plan
        return f"rpkd-{self.region.code}-{plan.start_year}-{plan.end_year}-v{self.version.number}"


# ---------------------------------------------------------------- numbers and names


def number(value: Decimal | float | int | None, decimals: int | None = None) -> str:
    """A number as the reader's language writes it; decimals as stored (at most four)."""
    if value is None:
        return "-"
    if decimals is None:
        exponent = Decimal(str(value)).normalize().as_tuple().exponent
        decimals = min(-exponent, 4) if isinstance(exponent, int) and exponent < 0 else 0
    return format_number(float(value), decimals)


def rupiah(value: Decimal | float | None) -> str:
    """Whole rupiah without decimals; sen, where a budget has them, as written (,50)."""
    if value is None:
        return "-"
    return number(value, 0 if Decimal(str(value)) % 1 == 0 else 2)


def head_of_region(region: Region) -> str:
    """Who leads the region: the deputy of this office chairs the TKPK (Permendagri
    53/2020), so the signature block names it."""
    if region.level == Level.PROVINCE:
        return _("Gubernur")
    if region.kind == Kind.KOTA:
        return _("Wali Kota")
    return _("Bupati")


def _region_short(region: Region) -> str:
    """``Kabupaten Contoh`` -> ``Contoh``: the name after the office (``Bupati Contoh``)."""
    name = region.display_name
    for prefix in ("Kabupaten ", "Kota ", "Provinsi "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


# ---------------------------------------------------------------- chapter I


# Titles of regulations are proper names: they stay Indonesian in the English document.
LEGAL_BASIS = [
    "Undang-Undang Nomor 25 Tahun 2004 tentang Sistem Perencanaan Pembangunan Nasional",
    "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah",
    "Peraturan Presiden Nomor 15 Tahun 2010 tentang Percepatan Penanggulangan Kemiskinan, "
    "sebagaimana telah diubah dengan Peraturan Presiden Nomor 96 Tahun 2015",
    "Instruksi Presiden Nomor 4 Tahun 2022 tentang Percepatan Penghapusan Kemiskinan Ekstrem",
    "Peraturan Menteri Dalam Negeri Nomor 86 Tahun 2017 tentang Tata Cara Perencanaan, "
    "Pengendalian dan Evaluasi Pembangunan Daerah",
    "Peraturan Menteri Dalam Negeri Nomor 90 Tahun 2019 tentang Klasifikasi, Kodefikasi, dan "
    "Nomenklatur Perencanaan Pembangunan dan Keuangan Daerah",
    "Peraturan Menteri Dalam Negeri Nomor 53 Tahun 2020 tentang Tugas, Fungsi dan Tata Kerja "
    "Tim Koordinasi Penanggulangan Kemiskinan Provinsi dan Kabupaten/Kota dan Rencana "
    "Penanggulangan Kemiskinan Daerah",
]


def _introduction(doc_region: Region, version: PlanVersion, outline: list[str]) -> Chapter:
    plan = version.plan
    region = doc_region.display_name
    period = f"{plan.start_year}-{plan.end_year}"
    legal = [*LEGAL_BASIS]
    nomenclature = plan.nomenclature
    if nomenclature.regulation and nomenclature.regulation not in legal:
        legal.append(nomenclature.regulation)
    legal.append(
        _("Peraturan Daerah tentang RPJMD %(region)s (diisi oleh daerah)") % {"region": region}
    )
    return Chapter(
        1,
        _("Pendahuluan"),
        [
            Section(
                _("Latar Belakang"),
                [
                    Paragraph(
                        _(
                            "Penanggulangan kemiskinan adalah urusan bersama pemerintah pusat "
                            "dan daerah. Rencana Penanggulangan Kemiskinan Daerah (RPKD) "
                            "%(region)s %(period)s menjadi acuan perangkat daerah untuk "
                            "memusatkan program dan anggaran pada masalah kemiskinan yang "
                            "paling mendesak, pada kelompok sasaran dan lokasi yang tepat."
                        )
                        % {"region": region, "period": period}
                    ),
                    Paragraph(
                        _(
                            "Dokumen ini disusun oleh Tim Koordinasi Penanggulangan Kemiskinan "
                            "Daerah (TKPKD) dari analisis kemiskinan berbasis data "
                            "terverifikasi, set masalah prioritas yang telah disetujui, dan "
                            "matriks intervensi yang kodenya diperiksa terhadap nomenklatur "
                            "%(nomenclature)s."
                        )
                        % {"nomenclature": nomenclature.name}
                    ),
                ],
            ),
            Section(_("Dasar Hukum"), [Bullets(legal)]),
            Section(
                _("Maksud dan Tujuan"),
                [
                    Paragraph(
                        _(
                            "Maksud penyusunan RPKD adalah menyediakan rencana penanggulangan "
                            "kemiskinan lima tahunan yang terpadu dengan RPJMD dan menjadi "
                            "dasar RKPD serta Renja perangkat daerah."
                        )
                    ),
                    Bullets(
                        [
                            _("menggambarkan kondisi dan profil kemiskinan daerah;"),
                            _("menetapkan masalah, determinan dan lokasi prioritas;"),
                            _(
                                "merumuskan strategi, arah kebijakan, program dan kegiatan "
                                "dengan indikator, target dan pagu indikatif;"
                            ),
                            _("menjadi dasar pemantauan dan evaluasi oleh TKPKD."),
                        ]
                    ),
                ],
            ),
            Section(_("Sistematika"), [Bullets(outline)]),
        ],
    )


# ---------------------------------------------------------------- chapters IV-V


def _priorities(version: PlanVersion, facts: Any) -> tuple[Chapter, Chapter]:
    """Chapter IV (problems, scores, determinants) and V (locations), from the figures of
    the priority set's own documents (``priorities.set_document``)."""
    priority_set = version.plan.priority_set
    rows = []
    for f in facts.items:
        i = f.item
        rows.append(
            [
                str(i.position),
                f"{i.indicator.code} {f.name}",
                str(i.indicator.get_sector_display()),
                number(i.score, 3) if i.score is not None else "-",
                str(i.computed_rank or "-"),
                i.reason or "-",
            ]
        )
    problems = Section(
        _("Masalah Prioritas"),
        [
            Paragraph(
                _(
                    "Masalah prioritas ditetapkan dalam set prioritas %(region)s tahun "
                    "%(year)s versi %(v)s (%(status)s). Skor = deprivasi tertimbang × "
                    "kekurangan dari target; makin tinggi makin mendesak."
                )
                % {
                    "region": priority_set.region.display_name,
                    "year": priority_set.period,
                    "v": priority_set.version,
                    "status": priority_set.get_status_display(),
                }
            ),
            Table(
                [
                    _("Urutan"),
                    _("Masalah"),
                    _("Sektor"),
                    _("Skor"),
                    _("Peringkat hitungan"),
                    _("Alasan perubahan urutan"),
                ],
                rows,
                numeric=frozenset({0, 3, 4}),
                widths=[1, 5, 2.5, 1.2, 1.5, 3.5],
            ),
        ],
    )
    determinants = Section(_("Determinan Masalah Prioritas"))
    for f in facts.items:
        items: list[Item] = [
            Paragraph(
                _("%(n)s. %(problem)s: %(text)s")
                % {
                    "n": f.item.position,
                    "problem": f"{f.item.indicator.code} {f.name}",
                    "text": f.item.determinants_text or _("tidak ada uraian determinan."),
                }
            )
        ]
        if f.determinant_indicators:
            items.append(
                Bullets(
                    [
                        _("Indikator determinan: %(code)s %(name)s") % {"code": c, "name": n}
                        for c, n in f.determinant_indicators
                    ]
                )
            )
        if f.deciles:
            items.append(
                Table(
                    [_("Kelompok kesejahteraan (registrasi)"), _("Rumah tangga"), _("Capaian")],
                    [
                        [
                            g.label,
                            number(g.n, 0),
                            format_value(g.percent, "%", 1) if g.percent is not None else "-",
                        ]
                        for g in f.deciles
                    ],
                    numeric=frozenset({1, 2}),
                    widths=[4, 2, 2],
                )
            )
        determinants.items += items
    determinants.items.append(Paragraph(facts.registry_line))
    tree = Section(
        _("Pohon Masalah"),
        # The problem tree of the plan is drawn on its own page of the planning module;
        # once it is stored, its nodes are listed here per problem.
        [
            Paragraph(
                _(
                    "Pohon masalah (masalah inti, penyebab langsung, determinan, akar "
                    "masalah) untuk tiap masalah prioritas dilampirkan setelah disusun "
                    "oleh TKPKD."
                )
            )
        ],
    )
    missing = problems_without_intervention(version)
    issues = [problems, determinants, tree]
    if missing:
        issues.append(
            Section(
                _("Masalah Prioritas Tanpa Intervensi"),
                [
                    Paragraph(
                        _(
                            "Masalah prioritas berikut belum dijawab oleh satu pun sub "
                            "kegiatan dalam rencana ini:"
                        )
                    ),
                    Bullets([f"{p.code} {p.name_id}" for p in missing]),
                ],
            )
        )
    chapter4 = Chapter(4, _("Isu Strategis dan Prioritas Masalah"), issues)
    chapter5 = Chapter(5, _("Lokasi Prioritas"))
    for f in facts.items:
        section = Section(f"{f.item.position}. {f.item.indicator.code} {f.name}")
        if f.locations:
            section.items.append(
                Table(
                    [
                        _("Kode"),
                        _("Lokasi"),
                        _("Tingkat"),
                        _("Rumah tangga"),
                        _("Terdeprivasi"),
                        _("Persentase"),
                        _("Kuadran"),
                    ],
                    [
                        [
                            loc.code,
                            loc.name,
                            loc.level,
                            number(loc.households, 0),
                            number(loc.deprived, 0),
                            format_value(100 * loc.share, "%", 1) if loc.share is not None else "-",
                            loc.quadrant_label or "-",
                        ]
                        for loc in f.locations
                    ],
                    numeric=frozenset({3, 4, 5}),
                    widths=[2.2, 3, 1.8, 1.6, 1.6, 1.8, 2.4],
                )
            )
        else:
            section.items.append(Paragraph(_("Belum ada lokasi prioritas yang dipilih.")))
        chapter5.sections.append(section)
    return chapter4, chapter5


# ---------------------------------------------------------------- chapters VI-VII


STRATEGY_TEXT = {
    Strategy.REDUCE_BURDEN: gettext_lazy(
        "Mengurangi beban pengeluaran rumah tangga miskin melalui bantuan sosial, jaminan "
        "sosial dan subsidi yang tepat sasaran."
    ),
    Strategy.RAISE_INCOME: gettext_lazy(
        "Meningkatkan pendapatan rumah tangga miskin melalui pemberdayaan ekonomi, pelatihan "
        "kerja dan akses usaha."
    ),
    Strategy.REDUCE_POCKETS: gettext_lazy(
        "Mengurangi kantong-kantong kemiskinan melalui pemenuhan layanan dasar dan "
        "infrastruktur di lokasi prioritas."
    ),
}


def _strategy(interventions: list[Intervention]) -> Chapter:
    chapter = Chapter(6, _("Strategi dan Arah Kebijakan"))
    chapter.sections.append(
        Section(
            _("Strategi"),
            [
                Paragraph(
                    _(
                        "Sesuai Instruksi Presiden Nomor 4 Tahun 2022, penanggulangan "
                        "kemiskinan ditempuh dengan tiga strategi. Tiap intervensi rencana "
                        "ini melayani satu strategi:"
                    )
                )
            ],
        )
    )
    for value, label in Strategy.choices:
        serving = [i for i in interventions if i.strategy == value]
        section = Section(str(label), [Paragraph(str(STRATEGY_TEXT[Strategy(value)]))])
        if serving:
            section.items.append(
                Table(
                    [_("Sub kegiatan"), _("Masalah"), _("Perangkat daerah")],
                    [
                        [
                            f"{i.sub_kegiatan_code} {i.sub_kegiatan_name}",
                            i.problem.code,
                            i.skpd.name,
                        ]
                        for i in serving
                    ],
                    widths=[6, 1.5, 4],
                )
            )
        else:
            section.items.append(
                Paragraph(_("Belum ada intervensi dengan strategi ini dalam rencana."))
            )
        chapter.sections.append(section)
    return chapter


def _targets(targets: dict[str, Any], years: range) -> list[str]:
    return [number(Decimal(str(targets[str(y)]))) if str(y) in targets else "-" for y in years]


def _programmes(
    version: PlanVersion, interventions: list[Intervention], names: dict[str, str]
) -> Chapter:
    plan = version.plan
    years = plan.years
    baseline_year = plan.start_year - 1
    year_heads = [str(y) for y in years]
    objectives = list(version.objectives.order_by("kind", "position"))
    chapter = Chapter(7, _("Program dan Kegiatan Prioritas"), wide=True)
    goals = Section(_("Tujuan dan Sasaran"))
    if objectives:
        goals.items.append(
            Table(
                [
                    _("Jenis"),
                    _("Rumusan"),
                    _("Indikator"),
                    _("Satuan"),
                    _("Kondisi awal"),
                    *year_heads,
                ],
                [
                    [
                        o.get_kind_display(),
                        o.statement,
                        o.indicator,
                        o.unit,
                        number(o.baseline),
                        *_targets(o.targets, years),
                    ]
                    for o in sorted(objectives, key=lambda o: (o.kind != "tujuan", o.position))
                ],
                numeric=frozenset(range(4, 5 + len(years))),
                widths=[1.3, 5, 4.5, 1.6, 1.4, *([1.2] * len(years))],
            )
        )
    else:
        goals.items.append(Paragraph(_("Tujuan dan sasaran belum dirumuskan dalam versi ini.")))
    chapter.sections.append(goals)
    outcomes = list(version.programme_outcomes.select_related("sasaran"))
    section = Section(_("Outcome Program"))
    if outcomes:
        section.items.append(
            Table(
                [
                    _("Program"),
                    _("Sasaran"),
                    _("Indikator outcome"),
                    _("Satuan"),
                    _("Kondisi awal"),
                    *year_heads,
                ],
                [
                    [
                        f"{o.programme_code} {names.get(o.programme_code, '')}".strip(),
                        o.sasaran.statement,
                        o.indicator,
                        o.unit,
                        number(o.baseline),
                        *_targets(o.targets, years),
                    ]
                    for o in outcomes
                ],
                numeric=frozenset(range(4, 5 + len(years))),
                widths=[4, 3.5, 4, 1.6, 1.4, *([1.2] * len(years))],
            )
        )
    else:
        section.items.append(Paragraph(_("Outcome program belum dirumuskan dalam versi ini.")))
    chapter.sections.append(section)
    chapter.sections.append(_matrix(plan, interventions, baseline_year))
    return chapter


def _matrix(plan: Any, interventions: list[Intervention], baseline_year: int) -> Section:
    """One row per sub kegiatan and year of the period (as the SIPD workbook), the
    sub kegiatan written once on its first row; the baseline in its own column."""
    codes = {c for i in interventions for y in i.years.all() for c in y.locations}
    places = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    whole = plan.region.display_name
    rows: list[list[str]] = []
    starts: set[int] = set()
    totals: dict[int, Decimal] = {y: Decimal(0) for y in plan.years}
    for n, i in enumerate(interventions, start=1):
        by_year = {y.year: y for y in i.years.all()}
        base = by_year.get(baseline_year)
        first = True
        for year in plan.years:
            y = by_year.get(year)
            if y is None:
                continue
            if first:
                starts.add(len(rows))
            if y.budget is not None:
                totals[year] += y.budget
            where = ", ".join(places.get(c, c) for c in y.locations) or whole
            rows.append(
                [
                    str(n) if first else "",
                    f"{i.sub_kegiatan_code} {i.sub_kegiatan_name}" if first else "",
                    f"{i.output_indicator} ({i.unit})" if first else "",
                    (number(base.target) if base else "-") if first else "",
                    str(year),
                    number(y.target),
                    rupiah(y.budget),
                    i.skpd.name if first else "",
                    where,
                ]
            )
            first = False
    table = Table(
        [
            pgettext("nomor urut", "No"),
            _("Sub kegiatan"),
            _("Indikator keluaran (satuan)"),
            _("Kondisi awal %(year)s") % {"year": baseline_year},
            _("Tahun"),
            _("Target"),
            _("Pagu indikatif (Rp)"),
            _("Perangkat daerah"),
            _("Lokasi"),
        ],
        rows,
        title=_("Matriks program, kegiatan dan sub kegiatan"),
        numeric=frozenset({0, 3, 4, 5, 6}),
        widths=[0.6, 5, 4, 1.3, 1, 1.2, 2.1, 3, 4.2],
        wide=True,
        group_starts=frozenset(starts),
    )
    total = Table(
        [_("Tahun"), _("Jumlah pagu indikatif (Rp)")],
        [[str(y), rupiah(v)] for y, v in totals.items()],
        title=_("Jumlah pagu indikatif per tahun"),
        numeric=frozenset({0, 1}),
        widths=[1, 3],
    )
    return Section(
        _("Matriks Program dan Kegiatan"),
        [
            Paragraph(
                _(
                    "Satu baris per sub kegiatan dan tahun; kode menurut nomenklatur "
                    "%(nomenclature)s; kegiatan dan program adalah bagian dari kode sub "
                    "kegiatan. Lokasi kosong berarti seluruh wilayah."
                )
                % {"nomenclature": plan.nomenclature.name}
            ),
            table,
            total,
        ],
    )


# ---------------------------------------------------------------- chapters VIII-IX


def _monitoring() -> Chapter:
    return Chapter(
        8,
        _("Pemantauan dan Evaluasi"),
        [
            Section(
                _("Pemantauan"),
                [
                    Paragraph(
                        _(
                            "TKPKD memantau realisasi keluaran dan keuangan setiap sub "
                            "kegiatan per triwulan, serta capaian indikator tujuan, sasaran "
                            "dan outcome program setiap tahun."
                        )
                    ),
                ],
            ),
            Section(
                _("Evaluasi"),
                [
                    Paragraph(
                        _(
                            "Capaian = realisasi / target × 100 untuk indikator yang makin "
                            "tinggi makin baik, dan (2 × target − realisasi) / target × 100 "
                            "untuk yang makin rendah makin baik (Permendagri 86/2017)."
                        )
                    ),
                    Table(
                        [_("Capaian"), _("Kategori")],
                        [
                            ["≥ 91", _("sangat tinggi")],
                            ["76 - 90", _("tinggi")],
                            ["66 - 75", _("sedang")],
                            ["51 - 65", _("rendah")],
                            ["≤ 50", _("sangat rendah")],
                        ],
                        widths=[1, 2],
                    ),
                    Paragraph(
                        _(
                            "Hasil pemantauan dan evaluasi dilaporkan dalam Laporan "
                            "Pelaksanaan Penanggulangan Kemiskinan Daerah (LP2KD) setiap "
                            "tahun dan menjadi bahan perubahan versi rencana ini."
                        )
                    ),
                ],
            ),
        ],
    )


def _closing(region: Region, period: str) -> Chapter:
    return Chapter(
        9,
        _("Penutup"),
        [
            Section(
                "",
                [
                    Paragraph(
                        _(
                            "RPKD %(region)s %(period)s menjadi pedoman bersama perangkat "
                            "daerah, pemerintah desa dan para pemangku kepentingan. "
                            "Keberhasilannya bergantung pada konsistensi perencanaan dan "
                            "penganggaran setiap tahun serta ketepatan sasaran."
                        )
                        % {"region": region.display_name, "period": period}
                    )
                ],
            )
        ],
    )


# ---------------------------------------------------------------- the whole document


def build(version: PlanVersion) -> RpkdDocument:
    """The RPKD draft of ``version`` (the caller has checked access)."""
    from sepakat.planning.rpkd_analysis import condition_chapters
    from sepakat.priorities import set_document

    plan = version.plan
    region = plan.region
    period = f"{plan.start_year}-{plan.end_year}"
    interventions = interventions_of(version)
    programme_codes = {i.sub_kegiatan_code.rsplit(".", 3)[0] for i in interventions} | set(
        version.programme_outcomes.values_list("programme_code", flat=True)
    )
    names = dict(
        plan.nomenclature.items.filter(code__in=programme_codes).values_list("code", "name")
    )
    chapter2, chapter3 = condition_chapters(region)
    chapter4, chapter5 = _priorities(version, set_document.build(plan.priority_set))
    rest = [
        chapter2,
        chapter3,
        chapter4,
        chapter5,
        _strategy(interventions),
        _programmes(version, interventions, names),
        _monitoring(),
        _closing(region, period),
    ]
    outline = [
        _("BAB %(n)s %(title)s") % {"n": ROMAN[n], "title": title}
        for n, title in [(1, _("Pendahuluan")), *((c.number, c.title) for c in rest)]
    ]
    chapters = [_introduction(region, version, outline), *rest]
    approved = version.status == ApprovalStatus.APPROVED
    if approved and version.decided_at is not None:
        who = version.decided_by
        approval = _("Disetujui oleh %(who)s pada %(when)s") % {
            "who": (who.get_full_name() or who.username) if who else "-",
            "when": timezone.localtime(version.decided_at).strftime("%d-%m-%Y"),
        }
    else:
        approval = _("DRAF: belum disetujui TKPKD; isi dapat berubah.")
    short = _region_short(region)
    head = head_of_region(region)
    return RpkdDocument(
        version=version,
        region=region,
        title=_("Rencana Penanggulangan Kemiskinan Daerah"),
        subtitle=_("%(region)s Tahun %(period)s")
        % {"region": region.display_name, "period": period},
        version_line=_("Versi %(v)s · %(status)s")
        % {"v": version.number, "status": version.get_status_display()},
        is_draft=not approved,
        approval_line=approval,
        chapters=chapters,
        signers=[
            Signer(
                _("Kepala Bappeda %(region)s, selaku Sekretaris TKPK")
                % {"region": region.display_name}
            ),
            Signer(
                _("Wakil %(head)s %(region)s, selaku Ketua TKPK") % {"head": head, "region": short}
            ),
        ],
        place_line=_("%(place)s, ____________ %(year)s")
        % {"place": short, "year": timezone.localdate().year},
        generated_at=timezone.now(),
    )
