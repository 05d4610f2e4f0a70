"""The OPD's quarterly reports of the demo plan (99.01, 2025, triwulan I-III), entered by
the demo data operator and verified by the demo regional admin through the same services
a region uses.

No random draw: each sub kegiatan follows one of a few fixed paces, as regional
monitoring usually finds them. Most deliver close to the pro-rata share of the year; one
is held up by procurement (lelang ulang) in the first half and catches up in the third
quarter; one waits for its beneficiary list to be matched with DTSEN and stays well
behind. Money follows the same pace but, as in most regions, lags output in the first
quarter (contracts are paid on delivery). Every line behind the quarter's share or the
absorption benchmark carries the reason an OPD would write.
"""

from __future__ import annotations

from decimal import Decimal

from sepakat.accounts.models import User
from sepakat.monitoring.models import QuarterReport
from sepakat.monitoring.quarter_rules import behind
from sepakat.monitoring.quarter_services import (
    Entry,
    plan_interventions,
    quarter_review,
    quarter_save,
)
from sepakat.regions.models import Region

YEAR = 2025
QUARTERS = (1, 2, 3)
OPERATOR, ADMIN = "contoh.9901.operator", "contoh.9901.admin"
# Cumulative share of the year's output target reached by the end of triwulan I, II, III.
PACES: tuple[tuple[float, float, float], ...] = (
    (0.25, 0.50, 0.75),  # on schedule
    (0.22, 0.46, 0.72),  # slightly behind
    (0.05, 0.20, 0.70),  # procurement repeated, catching up
    (0.10, 0.25, 0.40),  # beneficiary list not matched yet
)
# Cumulative share of the pagu spent, per pace, by the end of triwulan I, II, III.
MONEY: tuple[tuple[float, float, float], ...] = (
    (0.16, 0.42, 0.63),
    (0.12, 0.38, 0.58),
    (0.03, 0.15, 0.55),
    (0.08, 0.22, 0.35),
)
REASONS = (
    "",
    "Pekerjaan lapangan mundur dua pekan karena cuaca; termin dibayar setelah laporan "
    "kemajuan penyedia.",
    "Pengadaan gagal pada tender pertama dan diulang; kontrak baru ditandatangani pada bulan Juni.",
    "Daftar penerima menunggu pemadanan NIK dengan DTSEN oleh Dinas Sosial; penyaluran "
    "dimulai setelah SK penerima terbit.",
)


def _amount(value: float, whole: bool) -> Decimal:
    return Decimal(round(value)) if whole else Decimal(str(round(value, 2)))


def ensure_demo_quarter_reports(region: Region) -> int:
    """Reports of triwulan I-III of 99.01's plan in 2025, verified; the number of lines.
    A rebuilt demo replaces them."""
    operator = User.objects.filter(username=OPERATOR).first()
    admin = User.objects.filter(username=ADMIN).first()
    pairs = plan_interventions(region, YEAR)
    if operator is None or admin is None or not pairs:
        return 0
    QuarterReport.objects.filter(region=region, year=YEAR).delete()
    count = 0
    for quarter in QUARTERS:
        entries = []
        for n, (intervention, item) in enumerate(pairs):
            pace = n % len(PACES)
            # counts are reported whole; a target with decimals keeps two
            whole = item.target == item.target.to_integral_value()
            output = _amount(float(item.target) * PACES[pace][quarter - 1], whole)
            budget = float(item.budget or 0)
            money = _amount(budget * MONEY[pace][quarter - 1], whole=True)
            late = behind(
                quarter=quarter,
                year_target=item.target,
                polarity=intervention.polarity,
                output=output,
                budget=item.budget,
                financial=money,
            )
            reason = (REASONS[pace] or REASONS[1]) if late.any else ""
            entries.append(Entry(intervention.pk, output, money, reason))
        quarter_save(
            actor=operator, region=region, year=YEAR, quarter=quarter, entries=entries, submit=True
        )
        count += quarter_review(actor=admin, region=region, year=YEAR, quarter=quarter, verify=True)
    return count
