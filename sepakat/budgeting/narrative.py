"""A plain-language reading of a year's budget, in the active language.

As the analysis narratives (:mod:`sepakat.analysis.narratives`): every sentence is one
translatable string with named placeholders, the numbers come in computed, and a sentence
that would judge is left out when the data cannot carry it: no share without a total, no
cut between KUA-PPAS and APBD without both stages, no per-person figure without a verified
number of poor people, no statement on priorities without an approved priority set, no
realisation reading before any realisation is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from sepakat.analysis.formatting import format_number
from sepakat.budgeting.alignment import Alignment, rupiah
from sepakat.budgeting.analysis import AnalysisRow
from sepakat.budgeting.models import BudgetStage

ZERO = Decimal(0)
# A sub kegiatan cut by less than this between KUA-PPAS and APBD is rounding, not a cut.
CUT_THRESHOLD = Decimal("0.05")
LOW_REALISATION = Decimal("0.5")


@dataclass(frozen=True)
class ChainChange:
    code: str
    before: Decimal  # KUA-PPAS
    after: Decimal | None  # APBD murni; None: dropped

    @property
    def dropped(self) -> bool:
        return self.after is None


@dataclass
class Facts:
    """The numbers a summary reads, gathered by :func:`facts_of`."""

    region: str
    year: int
    stage: str
    total: Decimal
    poverty: Decimal
    # bidang urusan (code and name), amount
    largest: list[tuple[str, Decimal]] = field(default_factory=list)
    changes: list[ChainChange] = field(default_factory=list)
    has_both_stages: bool = False
    priorities: int | None = None  # None: no approved priority set
    without_budget: list[str] = field(default_factory=list)
    has_plan: bool = False
    realisation: Decimal | None = None
    realisation_base: Decimal = ZERO
    per_poor: Decimal | None = None
    per_poor_reason: str = ""


def pct(part: Decimal, whole: Decimal) -> str:
    return format_number(float(part / whole * 100), 1) + "%"


def chain_changes(rows: Sequence[AnalysisRow]) -> tuple[list[ChainChange], bool]:
    """Sub kegiatan cut by at least :data:`CUT_THRESHOLD` or dropped between KUA-PPAS and
    APBD murni (read from the analysis's chain rows), largest cut first; and whether the
    year has both stages at all."""
    by_code: dict[str, dict[str, Decimal]] = {}
    stages = set()
    for row in rows:
        if row.dimension == "chain":
            by_code.setdefault(row.key, {})[row.stage] = row.amount
            stages.add(row.stage)
    both = {"kua-ppas", "murni"} <= stages
    out = []
    if both:
        for code, amounts in by_code.items():
            before = amounts.get("kua-ppas")
            if before is None or before <= 0:
                continue
            after = amounts.get("murni")
            if after is None:
                out.append(ChainChange(code, before, None))
            elif (before - after) / before >= CUT_THRESHOLD:
                out.append(ChainChange(code, before, after))
    out.sort(key=lambda c: c.before - (c.after or ZERO), reverse=True)
    return out, both


def facts_of(alignment: Alignment, rows: Sequence[AnalysisRow]) -> Facts:
    stage = alignment.stage
    largest = sorted(
        (
            (f"{r.key} {alignment.bidang_names.get(r.key, '')}".strip(), r.amount)
            for r in rows
            if r.dimension == "bidang_urusan" and r.stage == stage and r.amount > 0
        ),
        key=lambda item: item[1],
        reverse=True,
    )[:3]
    changes, both = chain_changes(rows)
    totals = [r for r in rows if r.dimension == "total" and r.stage == stage]
    realised = totals[0].realisation if totals else None
    per_poor = alignment.figures[0] if alignment.figures else None
    return Facts(
        region=alignment.region.display_name,
        year=alignment.year,
        stage=str(BudgetStage(stage).label) if stage in BudgetStage.values else stage,
        total=alignment.total,
        poverty=alignment.poverty_total,
        largest=largest,
        changes=changes,
        has_both_stages=both,
        priorities=None if alignment.priority_set is None else len(alignment.rows),
        without_budget=[f"{r.code} {r.name}" for r in alignment.without_budget],
        has_plan=alignment.plan is not None,
        realisation=realised,
        realisation_base=totals[0].amount if totals else ZERO,
        per_poor=per_poor.value if per_poor else None,
        per_poor_reason=per_poor.reason if per_poor else "",
    )


def budget_summary(f: Facts) -> list[str]:
    """The summary's sentences, in order."""
    args: dict[str, object] = {"region": f.region, "year": f.year, "stage": f.stage}
    if f.total <= 0:
        return [
            _("Belum ada baris anggaran %(region)s untuk %(year)s pada tahap %(stage)s.") % args
        ]
    out = [
        _(
            "Pada %(stage)s %(year)s, belanja %(region)s sebesar %(total)s; %(poverty)s "
            "(%(share)s) bertag penanggulangan kemiskinan."
        )
        % {
            **args,
            "total": rupiah(f.total),
            "poverty": rupiah(f.poverty),
            "share": pct(f.poverty, f.total),
        }
    ]
    if f.largest:
        out.append(
            _("Bidang urusan dengan belanja terbesar: %(parts)s.")
            % {"parts": ", ".join(f"{code} ({pct(amount, f.total)})" for code, amount in f.largest)}
        )
    if not f.has_both_stages:
        out.append(
            _(
                "Perubahan antara KUA-PPAS dan APBD murni tidak dapat dibaca: salah satu tahap "
                "belum diunggah untuk %(year)s."
            )
            % args
        )
    elif f.changes:
        first = f.changes[0]
        args = {**args, "count": len(f.changes), "code": first.code, "before": rupiah(first.before)}
        if first.dropped:
            out.append(
                _(
                    "Antara KUA-PPAS dan APBD murni, %(count)s sub kegiatan dipotong atau "
                    "dihapus; terbesar %(code)s (%(before)s di KUA-PPAS), yang dihapus."
                )
                % args
            )
        else:
            out.append(
                _(
                    "Antara KUA-PPAS dan APBD murni, %(count)s sub kegiatan dipotong atau "
                    "dihapus; terbesar %(code)s, dari %(before)s menjadi %(after)s."
                )
                % {**args, "after": rupiah(first.after)}
            )
    else:
        out.append(
            _("Tidak ada sub kegiatan yang dipotong atau dihapus antara KUA-PPAS dan APBD murni.")
        )
    if f.priorities is None:
        out.append(
            _("Keselarasan dengan prioritas tidak dinilai: belum ada set prioritas yang disetujui.")
        )
    elif f.without_budget:
        out.append(
            _("%(count)s dari %(total)s masalah prioritas tidak mendapat anggaran: %(names)s.")
            % {
                "count": len(f.without_budget),
                "total": f.priorities,
                "names": "; ".join(f.without_budget),
            }
        )
    else:
        out.append(_("Setiap masalah prioritas mendapat anggaran pada tahap ini."))
    if not f.has_plan:
        out.append(
            _(
                "Anggaran tidak dibandingkan dengan rencana: belum ada rencana disetujui untuk %(year)s."
            )
            % args
        )
    if f.per_poor is not None:
        out.append(
            _("Belanja kemiskinan setara %(value)s per penduduk miskin.")
            % {"value": rupiah(f.per_poor)}
        )
    elif f.per_poor_reason:
        out.append(
            _("Belanja per penduduk miskin tidak dihitung. %(reason)s")
            % {"reason": f.per_poor_reason}
        )
    if f.realisation is not None and f.realisation_base > 0:
        rate = f.realisation / f.realisation_base
        key = (
            _("Realisasi baru %(rate)s dari pagu, rendah untuk dibaca sebagai serapan akhir tahun.")
            if rate < LOW_REALISATION
            else _("Realisasi mencapai %(rate)s dari pagu.")
        )
        out.append(key % {"rate": pct(f.realisation, f.realisation_base)})
    return out
