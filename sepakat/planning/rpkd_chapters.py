"""Chapters IV to VII of the RPKD draft: the priority problems and their determinants, the
priority locations, the strategies of Inpres 4/2022 with the interventions serving each,
and the programmes (tujuan/sasaran, programme outcomes, the matrix of sub kegiatan)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from sepakat.analysis.formatting import format_value
from sepakat.planning.models_plan import Intervention, PlanVersion, Strategy
from sepakat.planning.plan_selectors import problems_without_intervention
from sepakat.planning.rpkd_parts import (
    Bullets,
    Chapter,
    Item,
    Paragraph,
    Section,
    Table,
    number,
    rupiah,
)
from sepakat.planning.rpkd_tree import tree_items
from sepakat.regions.models import Region

# ---------------------------------------------------------------- chapters IV-V


def priorities(version: PlanVersion, facts: Any) -> tuple[Chapter, Chapter]:
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
    tree = Section(_("Pohon Masalah"), tree_items(version))
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
        section = Section(f"{f.item.indicator.code} {f.name}")
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


def strategy(interventions: list[Intervention]) -> Chapter:
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


def programmes(
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
    sub kegiatan named in full on its first row; the baseline in its own column."""
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
                    # The code on every row: a sub kegiatan's years may run onto the
                    # next page, and its rows must still say whose they are.
                    f"{i.sub_kegiatan_code} {i.sub_kegiatan_name}"
                    if first
                    else i.sub_kegiatan_code,
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
        compact=True,
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
            # The totals first: the reader sees the whole before the detail, and the
            # short table never sits alone on a landscape page after the matrix.
            total,
            table,
        ],
    )
