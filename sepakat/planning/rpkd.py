"""What the RPKD draft (Rencana Penanggulangan Kemiskinan Daerah) of a plan version says.

One pure content builder for the two renderers (:mod:`rpkd_docx`, :mod:`rpkd_pdf`): it
reads the version, its priority set and the analysis of the region, and returns chapters
of sections of paragraphs, lists, tables and charts, with every number already written the
way the reader's language writes it (``1.234.567``, ``12,5``). Nothing here draws a page,
so the Word file and the PDF cannot say different things.

The outline follows Permendagri 53/2020 (Pasal 20: pendahuluan, kondisi umum daerah, profil
kemiskinan daerah, prioritas program, lokasi prioritas), completed with the strategy and
programme chapters of the RPJMD matrices (Permendagri 86/2017) and monitoring, as
``docs/planning.md`` explains. Chapters II and III come from :mod:`rpkd_analysis`, IV to
VII from :mod:`rpkd_chapters`; the pieces are those of :mod:`rpkd_parts`.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sepakat.core.approval import ApprovalStatus
from sepakat.planning.models_plan import PlanVersion
from sepakat.planning.plan_selectors import interventions_of
from sepakat.planning.rpkd_chapters import priorities, programmes, strategy
from sepakat.planning.rpkd_parts import (
    ROMAN,
    Bullets,
    Chapter,
    Chart,
    Item,
    Paragraph,
    RpkdDocument,
    Section,
    Signer,
    Table,
    head_of_region,
    number,
    region_short,
    rupiah,
)
from sepakat.regions.models import Level, Region

# The pieces are defined in ``rpkd_parts``; the renderers and tests read them from here.
__all__ = [
    "Bullets",
    "Chapter",
    "Chart",
    "Item",
    "Paragraph",
    "RpkdDocument",
    "Section",
    "Signer",
    "Table",
    "build",
    "number",
    "rupiah",
]

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
                        compact=True,
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
    # A programme shared by both levels may have its own kab/kota name in the list.
    regency = region.level == Level.REGENCY
    names = {
        code: (kab_kota if regency and kab_kota else name)
        for code, name, kab_kota in plan.nomenclature.items.filter(
            code__in=programme_codes
        ).values_list("code", "name", "name_kab_kota")
    }
    chapter2, chapter3 = condition_chapters(region)
    chapter4, chapter5 = priorities(version, set_document.build(plan.priority_set))
    rest = [
        chapter2,
        chapter3,
        chapter4,
        chapter5,
        strategy(interventions),
        programmes(version, interventions, names),
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
            "when": date_format(timezone.localtime(version.decided_at), "j F Y"),
        }
    else:
        approval = _("DRAF: belum disetujui TKPKD; isi dapat berubah.")
    short = region_short(region)
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
