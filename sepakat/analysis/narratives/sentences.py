"""Sentences about one number: its level, its change, how it compares, its rank.

See :mod:`sepakat.analysis.narratives` for the rules every sentence follows."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sepakat.analysis.formatting import format_number, format_points, format_value

Z95 = 1.96
CV_LIMIT = 0.25


@dataclass(frozen=True)
class Measure:
    """How to write an indicator's values."""

    name: str
    unit: str
    decimals: int
    polarity: int
    kind: str = "rate"  # rate, index, count or money_total

    @property
    def in_text(self) -> str:
        """The name inside a sentence: "Pada 2025, persentase penduduk miskin (P0) di ...".
        Only the first letter of an ordinary word is lowered; an acronym ("PDRB per
        kapita", "IPM") or a one-letter start stays as the catalogue writes it."""
        first, _space, _rest = self.name.partition(" ")
        if len(first) > 1 and first[0].isupper() and first[1:].islower():
            return self.name[0].lower() + self.name[1:]
        return self.name

    @property
    def neutral(self) -> bool:
        return self.polarity == 0

    @property
    def count(self) -> bool:
        return self.kind == "count"

    @property
    def money_total(self) -> bool:
        return self.kind == "money_total"

    @property
    def extensive(self) -> bool:
        """Grows with the size of the area: never compared level-to-level with a larger one."""
        return self.count or self.money_total

    def value(self, x: float | None) -> str:
        return format_value(x, self.unit, self.decimals)

    def gap(self, d: float | None) -> str:
        return format_points(d, self.unit, self.decimals)


def significant(d: float, se1: float | None, se2: float | None) -> bool | None:
    """True/False when both standard errors are known, else None."""
    if se1 is None or se2 is None:
        return None
    return abs(d) > Z95 * math.sqrt(se1 * se1 + se2 * se2)


def cv_of(value: float | None, se: float | None) -> float | None:
    if value is None or se is None or value == 0:
        return None
    return se / abs(value)


def unreliable(value: float | None, se: float | None) -> bool:
    cv = cv_of(value, se)
    return cv is not None and cv > CV_LIMIT


def level_sentence(m: Measure, region: str, year: int, value: float | None) -> str:
    if value is None:
        return _("Belum ada nilai terverifikasi %(indicator)s untuk %(region)s pada %(year)s.") % {
            "indicator": m.in_text,
            "region": region,
            "year": year,
        }
    return _("Pada %(year)s, %(indicator)s di %(region)s sebesar %(value)s.") % {
        "year": year,
        "indicator": m.in_text,
        "region": region,
        "value": m.value(value),
    }


def change_sentence(m: Measure, value: float, prev_year: int, prev_value: float) -> str:
    d = value - prev_value
    args = {"change": m.gap(d), "prev_year": prev_year, "prev_value": m.value(prev_value)}
    if round(d, m.decimals) == 0:
        return _("Angka ini tidak berubah dari %(prev_year)s (%(prev_value)s).") % args
    if m.neutral:
        if d > 0:
            return _("Angka ini naik %(change)s dari %(prev_year)s (%(prev_value)s).") % args
        return _("Angka ini turun %(change)s dari %(prev_year)s (%(prev_value)s).") % args
    better = d * m.polarity > 0
    if d > 0 and better:
        text = _("Angka ini naik %(change)s dari %(prev_year)s (%(prev_value)s): membaik.")
    elif d > 0:
        text = _("Angka ini naik %(change)s dari %(prev_year)s (%(prev_value)s): memburuk.")
    elif better:
        text = _("Angka ini turun %(change)s dari %(prev_year)s (%(prev_value)s): membaik.")
    else:
        text = _("Angka ini turun %(change)s dari %(prev_year)s (%(prev_value)s): memburuk.")
    return text % args


def change_significance_sentence(sig: bool | None) -> str | None:
    if sig is None:
        return None
    if sig:
        return _("Perubahan ini signifikan secara statistik pada tingkat kepercayaan 95 persen.")
    return _(
        "Perubahan ini tidak signifikan secara statistik pada tingkat kepercayaan 95 persen; "
        "belum dapat disimpulkan ada perubahan nyata."
    )


def comparison_sentence(
    m: Measure,
    comparator: str,
    value: float,
    other: float,
    se: float | None = None,
    other_se: float | None = None,
) -> str:
    d = value - other
    args = {"comparator": comparator, "other": m.value(other), "gap": m.gap(d)}
    sig = significant(d, se, other_se)
    if round(d, m.decimals) == 0:
        return _("Nilai ini sama dengan %(comparator)s (%(other)s).") % args
    if m.neutral:
        return _neutral_comparison(d, sig) % args
    better = d * m.polarity > 0
    if sig is None:
        if better:
            text = _("Nilai ini lebih baik daripada %(comparator)s (%(other)s), selisih %(gap)s.")
        else:
            text = _("Nilai ini lebih buruk daripada %(comparator)s (%(other)s), selisih %(gap)s.")
    elif sig:
        if better:
            text = _(
                "Nilai ini lebih baik daripada %(comparator)s (%(other)s), selisih %(gap)s, "
                "dan perbedaannya signifikan pada tingkat kepercayaan 95 persen."
            )
        else:
            text = _(
                "Nilai ini lebih buruk daripada %(comparator)s (%(other)s), selisih %(gap)s, "
                "dan perbedaannya signifikan pada tingkat kepercayaan 95 persen."
            )
    else:
        text = _(
            "Nilai ini berbeda %(gap)s dari %(comparator)s (%(other)s), tetapi perbedaannya "
            "tidak signifikan pada tingkat kepercayaan 95 persen."
        )
    return text % args


def _neutral_comparison(d: float, sig: bool | None) -> str:
    """Higher or lower, with its significance: what may be said of a neutral indicator."""
    if sig is False:
        return _(
            "Nilai ini berbeda %(gap)s dari %(comparator)s (%(other)s), tetapi perbedaannya "
            "tidak signifikan pada tingkat kepercayaan 95 persen."
        )
    if sig:
        if d > 0:
            return _(
                "Nilai ini lebih tinggi daripada %(comparator)s (%(other)s), selisih %(gap)s, "
                "dan perbedaannya signifikan pada tingkat kepercayaan 95 persen."
            )
        return _(
            "Nilai ini lebih rendah daripada %(comparator)s (%(other)s), selisih %(gap)s, "
            "dan perbedaannya signifikan pada tingkat kepercayaan 95 persen."
        )
    if d > 0:
        return _("Nilai ini lebih tinggi daripada %(comparator)s (%(other)s), selisih %(gap)s.")
    return _("Nilai ini lebih rendah daripada %(comparator)s (%(other)s), selisih %(gap)s.")


def share(part: float | None, whole: float | None) -> float | None:
    """``part`` as a percentage of ``whole``."""
    if part is None or whole is None or whole == 0:
        return None
    return 100.0 * part / whole


def share_text(m: Measure, value: float, total: float) -> str:
    """``3,57 persen dari 2.385,20 ribu jiwa``: a count beside a larger area's total."""
    return _("%(share)s dari %(total)s") % {
        "share": format_value(share(value, total), "%", 2),
        "total": m.value(total),
    }


def share_sentence(m: Measure, comparator: str, value: float, total: float) -> str:
    return _("Angka ini setara %(share)s dari angka %(comparator)s (%(total)s).") % {
        "share": format_value(share(value, total), "%", 2),
        "comparator": comparator,
        "total": m.value(total),
    }


def money_total_sentence(m: Measure) -> str:
    return _(
        "Sebagai jumlah rupiah, %(indicator)s tidak dibandingkan dengan wilayah yang lebih "
        "besar: besarnya mengikuti besar wilayah dan pemerintahannya."
    ) % {"indicator": m.in_text}


def comparable_hint(companion: str | None) -> str:
    """Where to look for a comparison of a count or a money total."""
    if companion:
        return _("Untuk membandingkan antarwilayah, gunakan %(companion)s.") % {
            "companion": companion
        }
    return _("Untuk membandingkan antarwilayah, gunakan nilai per kapita atau rasionya.")


def companion_sentence(name: str, value: str) -> str:
    return _("Dibaca bersama %(indicator)s: %(value)s.") % {"indicator": name, "value": value}


def reliability_sentence(value: float | None, se: float | None) -> str | None:
    cv = cv_of(value, se)
    if cv is None or cv <= CV_LIMIT:
        return None
    return _(
        "Perkiraan kurang andal: koefisien variasinya %(cv)s persen, di atas 25 persen; "
        "gunakan dengan hati-hati."
    ) % {"cv": format_number(cv * 100, 1)}


def rank_sentence(region: str, rank: int, siblings: int, parent: str) -> str:
    return _(
        "%(region)s berada di peringkat %(rank)s dari %(n)s kabupaten/kota di %(parent)s "
        "(peringkat 1 = terbaik)."
    ) % {"region": region, "rank": rank, "n": siblings, "parent": parent}


def order_sentence(region: str, order: int, siblings: int, parent: str) -> str:
    """The place of a region by value alone, for an indicator that is not ranked."""
    return _(
        "%(region)s berada di urutan %(order)s dari %(n)s kabupaten/kota di %(parent)s, "
        "diurutkan dari nilai tertinggi. Indikator ini deskriptif: urutan ini bukan "
        "peringkat baik-buruk."
    ) % {"region": region, "order": order, "n": siblings, "parent": parent}


def share_order_sentence(
    m: Measure, region: str, part: float, order: int, siblings: int, parent: str
) -> str:
    """A count among the kab/kota: its share of the province and its place by size."""
    return _(
        "%(region)s menyumbang %(share)s dari %(indicator)s di %(parent)s, terbesar ke-%(order)s "
        "dari %(n)s kabupaten/kota. Jumlah tidak diperingkat baik-buruk karena mengikuti "
        "besar wilayah."
    ) % {
        "region": region,
        "share": format_value(part, "%", 2),
        "indicator": m.in_text,
        "parent": parent,
        "order": order,
        "n": siblings,
    }


def total_order_sentence(region: str, order: int, siblings: int, parent: str) -> str:
    """A count or money total among the kab/kota: its place by size, not a rank."""
    return _(
        "%(region)s berada di urutan %(order)s dari %(n)s kabupaten/kota di %(parent)s, "
        "diurutkan dari nilai tertinggi. Angka ini berupa jumlah yang mengikuti besar "
        "wilayah: urutan ini bukan peringkat baik-buruk."
    ) % {"region": region, "order": order, "n": siblings, "parent": parent}
