"""Short plain-language readings of the numbers, in the active language.

Every sentence is one translatable string with named placeholders; a narrative is a few
whole sentences, never a sentence glued from translated pieces. The numbers come in
already computed; this module only chooses the sentence and formats the numbers.

Polarity decides whether a sentence may judge: a neutral indicator (polarity 0: the
poverty line, a sector's share of GRDP) gets the same facts in sentences that say higher
or lower, never better or worse.

Kind decides what a region is compared with: a count (the number of poor) or a money total
(PAD) grows with the size of the area, so it is never set against a larger area's level.
A count is told as its share of the larger area; a money total is pointed to its per capita
companion.

Significance: when both estimates carry a standard error, a difference ``d`` is called
significant at 95 % when ``|d| > 1.96 * sqrt(se1² + se2²)``. An estimate whose coefficient
of variation exceeds 25 % is flagged as unreliable (BPS practice).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


def no_quadrant_for_totals_sentence(m: Measure, parent: str) -> str:
    return _(
        "Kuadran tidak disusun untuk %(indicator)s: sebagai jumlah, besarnya mengikuti besar "
        "wilayah, sehingga tingkatnya tidak dapat dibandingkan dengan %(parent)s."
    ) % {"indicator": m.in_text, "parent": parent}


# Words first, the quadrant's numeral after: a Kepala Bappeda reads "lower poverty but
# falling more slowly", not "quadrant IV".
QUADRANT_SENTENCES = {
    "better/better": gettext_lazy(
        "Tingkat %(region)s lebih baik daripada %(parent)s dan perubahannya juga lebih baik "
        "(kuadran %(quadrant)s). Pertahankan."
    ),
    "better/worse": gettext_lazy(
        "Tingkat %(region)s lebih baik daripada %(parent)s, tetapi perubahannya lebih buruk "
        "(kuadran %(quadrant)s). Perlu diwaspadai."
    ),
    "worse/better": gettext_lazy(
        "Tingkat %(region)s lebih buruk daripada %(parent)s, tetapi perubahannya lebih baik "
        "(kuadran %(quadrant)s). Percepat."
    ),
    "worse/worse": gettext_lazy(
        "Tingkat %(region)s lebih buruk daripada %(parent)s dan perubahannya juga lebih buruk "
        "(kuadran %(quadrant)s). Prioritas penanganan."
    ),
}


QUADRANT_LABELS = {
    "better/better": gettext_lazy("tingkat lebih baik, perubahan lebih baik"),
    "better/worse": gettext_lazy("tingkat lebih baik, perubahan lebih buruk"),
    "worse/better": gettext_lazy("tingkat lebih buruk, perubahan lebih baik"),
    "worse/worse": gettext_lazy("tingkat lebih buruk, perubahan lebih buruk"),
}


# A neutral indicator's quadrant is a position only: above or below the parent.
NEUTRAL_QUADRANT_SENTENCES = {
    1: gettext_lazy(
        "Tingkat %(region)s di atas %(parent)s dan perubahannya juga di atas %(parent)s "
        "(kuadran %(quadrant)s). Indikator ini deskriptif: kuadran menunjukkan posisi, bukan "
        "penilaian."
    ),
    2: gettext_lazy(
        "Tingkat %(region)s di bawah %(parent)s, tetapi perubahannya di atas %(parent)s "
        "(kuadran %(quadrant)s). Indikator ini deskriptif: kuadran menunjukkan posisi, bukan "
        "penilaian."
    ),
    3: gettext_lazy(
        "Tingkat %(region)s di bawah %(parent)s dan perubahannya juga di bawah %(parent)s "
        "(kuadran %(quadrant)s). Indikator ini deskriptif: kuadran menunjukkan posisi, bukan "
        "penilaian."
    ),
    4: gettext_lazy(
        "Tingkat %(region)s di atas %(parent)s, tetapi perubahannya di bawah %(parent)s "
        "(kuadran %(quadrant)s). Indikator ini deskriptif: kuadran menunjukkan posisi, bukan "
        "penilaian."
    ),
}

QUADRANT_POSITIONS = {
    1: gettext_lazy("tingkat di atas, perubahan di atas"),
    2: gettext_lazy("tingkat di bawah, perubahan di atas"),
    3: gettext_lazy("tingkat di bawah, perubahan di bawah"),
    4: gettext_lazy("tingkat di atas, perubahan di bawah"),
}

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def quadrant_label(label: str | None, quadrant: int) -> str:
    """The analytics label (``better/worse``...) in the reader's words; without a label
    (a neutral indicator) the position alone."""
    if label is None:
        return str(QUADRANT_POSITIONS[quadrant])
    return str(QUADRANT_LABELS.get(label, label))


def quadrant_position(label: str | None, quadrant: int) -> str:
    """Words first, the numeral second: "tingkat lebih baik, ... (kuadran III)"."""
    return _("%(words)s (kuadran %(quadrant)s)") % {
        "words": quadrant_label(label, quadrant),
        "quadrant": ROMAN[quadrant],
    }


def no_quadrant_sentence(region: str, year: int) -> str:
    return _(
        "Kuadran %(region)s untuk %(year)s belum dapat ditentukan: belum ada nilai tahun "
        "sebelumnya untuk menghitung perubahan per tahun. Pilih tahun yang lebih akhir."
    ) % {"region": region, "year": year}


def quadrant_sentence(region: str, quadrant: int, label: str | None, parent: str) -> str:
    text = NEUTRAL_QUADRANT_SENTENCES[quadrant] if label is None else QUADRANT_SENTENCES[label]
    return str(text) % {
        "region": region,
        "quadrant": ROMAN[quadrant],
        "parent": parent,
    }


def quadrant_axis_sentence(window: int, start: int, end: int, split: str) -> str:
    """How the vertical axis was computed and where the lines are."""
    return _(
        "Sumbu tegak adalah rata-rata perubahan per tahun selama %(n)s tahun terakhir "
        "(%(start)s-%(end)s); garis putus-putus adalah nilai %(split)s."
    ) % {"n": window, "start": start, "end": end, "split": split}


def not_significant_sentence(region: str) -> str:
    return _(
        "Perubahan %(region)s masih dalam batas galat baku survei (tidak signifikan pada "
        "tingkat kepercayaan 95 persen): letaknya di atas atau di bawah garis perubahan "
        "belum pasti."
    ) % {"region": region}


PAIR_SENTENCES = {
    "better/better": gettext_lazy(
        "%(region)s lebih baik daripada %(split)s pada %(x)s dan juga pada %(y)s "
        "(kuadran %(quadrant)s)."
    ),
    "better/worse": gettext_lazy(
        "%(region)s lebih baik daripada %(split)s pada %(x)s, tetapi lebih buruk pada %(y)s "
        "(kuadran %(quadrant)s)."
    ),
    "worse/better": gettext_lazy(
        "%(region)s lebih buruk daripada %(split)s pada %(x)s, tetapi lebih baik pada %(y)s "
        "(kuadran %(quadrant)s)."
    ),
    "worse/worse": gettext_lazy(
        "%(region)s lebih buruk daripada %(split)s pada %(x)s dan juga pada %(y)s "
        "(kuadran %(quadrant)s): kedua masalah bertumpuk di sini."
    ),
}

PAIR_POSITIONS = {
    1: gettext_lazy(
        "%(region)s di atas %(split)s pada %(x)s dan pada %(y)s (kuadran %(quadrant)s)."
    ),
    2: gettext_lazy(
        "%(region)s di bawah %(split)s pada %(x)s, tetapi di atas pada %(y)s "
        "(kuadran %(quadrant)s)."
    ),
    3: gettext_lazy(
        "%(region)s di bawah %(split)s pada %(x)s dan pada %(y)s (kuadran %(quadrant)s)."
    ),
    4: gettext_lazy(
        "%(region)s di atas %(split)s pada %(x)s, tetapi di bawah pada %(y)s "
        "(kuadran %(quadrant)s)."
    ),
}

PAIR_LABELS = {
    "better/better": gettext_lazy("keduanya lebih baik"),
    "better/worse": gettext_lazy("sumbu datar lebih baik, sumbu tegak lebih buruk"),
    "worse/better": gettext_lazy("sumbu datar lebih buruk, sumbu tegak lebih baik"),
    "worse/worse": gettext_lazy("keduanya lebih buruk"),
}

PAIR_POSITION_LABELS = {
    1: gettext_lazy("keduanya di atas"),
    2: gettext_lazy("sumbu datar di bawah, sumbu tegak di atas"),
    3: gettext_lazy("keduanya di bawah"),
    4: gettext_lazy("sumbu datar di atas, sumbu tegak di bawah"),
}


def pair_quadrant_position(label: str | None, quadrant: int) -> str:
    words = PAIR_POSITION_LABELS[quadrant] if label is None else PAIR_LABELS[label]
    return _("%(words)s (kuadran %(quadrant)s)") % {
        "words": str(words),
        "quadrant": ROMAN[quadrant],
    }


def no_pair_quadrant_for_totals_sentence() -> str:
    return _(
        "Kuadran dua indikator tidak disusun untuk jumlah atau total rupiah: besarnya "
        "mengikuti besar wilayah. Pilih indikator rasio atau per kapita."
    )


def pair_quadrant_sentence(
    region: str, quadrant: int, label: str | None, split: str, x: str, y: str
) -> str:
    """Two indicators at once (P0 against TPT): a judgement only when both have a polarity."""
    text = PAIR_POSITIONS[quadrant] if label is None else PAIR_SENTENCES[label]
    return str(text) % {
        "region": region,
        "split": split,
        "x": x,
        "y": y,
        "quadrant": ROMAN[quadrant],
    }


# Relevance: which way the region and its comparator went, both named. "Both worsening"
# goes the same way, but is no success: it has its own sentence.
RELEVANCE_SENTENCES = {
    "improving/improving": gettext_lazy(
        "Antara %(start)s dan %(end)s, %(region)s dan %(comparator)s sama-sama membaik: "
        "searah (relevan)."
    ),
    "improving/worsening": gettext_lazy(
        "Antara %(start)s dan %(end)s, %(region)s membaik ketika %(comparator)s memburuk: "
        "berlawanan arah, ke arah yang diinginkan."
    ),
    "improving/unchanged": gettext_lazy(
        "Antara %(start)s dan %(end)s, %(region)s membaik, sedangkan %(comparator)s tidak berubah."
    ),
    "worsening/improving": gettext_lazy(
        "Antara %(start)s dan %(end)s, %(region)s memburuk ketika %(comparator)s membaik: "
        "berlawanan arah (tidak relevan)."
    ),
    "worsening/worsening": gettext_lazy(
        "Antara %(start)s dan %(end)s, %(region)s dan %(comparator)s sama-sama memburuk: "
        "searah, tetapi bukan ke arah yang diinginkan."
    ),
    "worsening/unchanged": gettext_lazy(
        "Antara %(start)s dan %(end)s, %(region)s memburuk, sedangkan %(comparator)s tidak berubah."
    ),
    "unchanged": gettext_lazy(
        "Antara %(start)s dan %(end)s, nilai %(region)s tidak berubah (%(comparator)s: "
        "%(comparator_state)s)."
    ),
    "up/up": gettext_lazy(
        "Antara %(start)s dan %(end)s, perubahan di %(region)s searah dengan %(comparator)s."
    ),
    "down/down": gettext_lazy(
        "Antara %(start)s dan %(end)s, perubahan di %(region)s searah dengan %(comparator)s."
    ),
    "up/down": gettext_lazy(
        "Antara %(start)s dan %(end)s, perubahan di %(region)s berlawanan arah dengan "
        "%(comparator)s."
    ),
    "down/up": gettext_lazy(
        "Antara %(start)s dan %(end)s, perubahan di %(region)s berlawanan arah dengan "
        "%(comparator)s."
    ),
    "up/unchanged": gettext_lazy(
        "Antara %(start)s dan %(end)s, nilai %(region)s naik, sedangkan %(comparator)s tidak "
        "berubah."
    ),
    "down/unchanged": gettext_lazy(
        "Antara %(start)s dan %(end)s, nilai %(region)s turun, sedangkan %(comparator)s tidak "
        "berubah."
    ),
}

STATE_WORDS = {
    "improving": gettext_lazy("membaik"),
    "worsening": gettext_lazy("memburuk"),
    "unchanged": gettext_lazy("tidak berubah"),
    "up": gettext_lazy("naik"),
    "down": gettext_lazy("turun"),
}

STATE_LABELS = {
    "improving/improving": gettext_lazy("sama-sama membaik"),
    "improving/worsening": gettext_lazy("membaik, pembanding memburuk"),
    "improving/unchanged": gettext_lazy("membaik, pembanding tetap"),
    "worsening/improving": gettext_lazy("memburuk, pembanding membaik"),
    "worsening/worsening": gettext_lazy("sama-sama memburuk"),
    "worsening/unchanged": gettext_lazy("memburuk, pembanding tetap"),
    "up/up": gettext_lazy("sama-sama naik"),
    "down/down": gettext_lazy("sama-sama turun"),
    "up/down": gettext_lazy("naik, pembanding turun"),
    "down/up": gettext_lazy("turun, pembanding naik"),
    "up/unchanged": gettext_lazy("naik, pembanding tetap"),
    "down/unchanged": gettext_lazy("turun, pembanding tetap"),
}


def state_label(state: str) -> str:
    """The relevance state in words, for a table cell."""
    mine, _sep, theirs = state.partition("/")
    if mine == "unchanged":
        return _("tidak berubah (pembanding: %(state)s)") % {
            "state": str(STATE_WORDS.get(theirs, theirs))
        }
    return str(STATE_LABELS.get(state, state))


def relevance_sentence(region: str, comparator: str, start: int, end: int, state: str) -> str:
    """Which way the region and its comparator went, in one sentence."""
    mine, _sep, theirs = state.partition("/")
    args = {
        "region": region,
        "comparator": comparator,
        "start": start,
        "end": end,
        "comparator_state": str(STATE_WORDS.get(theirs, theirs)),
    }
    key = "unchanged" if mine == "unchanged" else state
    return str(RELEVANCE_SENTENCES[key]) % args


def effectiveness_sentence(
    against: str,
    effective: bool | None,
    *,
    comparator: str,
    start: int,
    relative: bool = False,
    target: str | None = None,
    progress: float | None = None,
) -> str | None:
    """The effectiveness verdict and what it was measured against; None for a neutral
    indicator (no verdict)."""
    if against == "target":
        if target is None:
            return _(
                "Isikan target daerah untuk tahun akhir agar efektivitas terhadap target dapat "
                "dinilai."
            )
        if effective:
            return _("Target %(target)s tercapai: efektif terhadap target.") % {"target": target}
        if effective is None:
            return None
        if progress is None:
            return _("Target %(target)s belum tercapai: tidak efektif terhadap target.") % {
                "target": target
            }
        return _(
            "Target %(target)s belum tercapai; %(progress)s persen jarak dari nilai awal ke "
            "target sudah ditempuh: tidak efektif terhadap target."
        ) % {"target": target, "progress": format_number(progress * 100, 1)}
    if effective is None:
        return None
    if against == "baseline":
        if effective:
            return _(
                "Nilainya lebih baik daripada tahun %(start)s: efektif terhadap capaian awal."
            ) % {"start": start}
        return _(
            "Nilainya tidak lebih baik daripada tahun %(start)s: tidak efektif terhadap capaian "
            "awal."
        ) % {"start": start}
    if relative:
        # A count's or money total's level is never set against a larger area's: only its
        # percentage change is, and the sentence says so.
        if effective:
            return _("Diukur dalam persen, perubahannya mengungguli %(comparator)s: efektif.") % {
                "comparator": comparator
            }
        return _(
            "Diukur dalam persen, perubahannya tidak mengungguli %(comparator)s: tidak efektif."
        ) % {"comparator": comparator}
    if effective:
        return _("Perubahannya lebih baik daripada %(comparator)s: efektif.") % {
            "comparator": comparator
        }
    return _("Perubahannya tidak lebih baik daripada %(comparator)s: tidak efektif.") % {
        "comparator": comparator
    }


def correlation_sentences(
    x: str, y: str, n: int, year: int, r: float, p_value: float, aligned: bool | None
) -> list[str]:
    """``aligned`` is None when either indicator is neutral: the direction is told, not
    whether better goes with better."""
    out = [
        _(
            "Koefisien korelasi Pearson antara %(x)s dan %(y)s di %(n)s kabupaten/kota pada "
            "%(year)s adalah %(r)s (p = %(p)s)."
        )
        % {
            "x": x,
            "y": y,
            "n": n,
            "year": year,
            "r": format_number(r, 2),
            "p": format_number(p_value, 3),
        }
    ]
    strong = abs(r) >= 0.7
    moderate = abs(r) >= 0.4
    sig = p_value < 0.05
    if strong and sig:
        out.append(_("Hubungannya kuat dan signifikan secara statistik."))
    elif moderate and sig:
        out.append(_("Hubungannya sedang dan signifikan secara statistik."))
    elif sig:
        out.append(_("Hubungannya lemah, meskipun signifikan secara statistik."))
    else:
        out.append(
            _("Hubungannya tidak signifikan secara statistik; jumlah daerah mungkin terlalu kecil.")
        )
    if sig and aligned is None:
        if r > 0:
            out.append(
                _("Kabupaten/kota dengan %(x)s lebih tinggi cenderung memiliki %(y)s lebih tinggi.")
                % {"x": x, "y": y}
            )
        else:
            out.append(
                _("Kabupaten/kota dengan %(x)s lebih tinggi cenderung memiliki %(y)s lebih rendah.")
                % {"x": x, "y": y}
            )
    elif sig:
        if aligned:
            out.append(
                _("Daerah yang lebih baik pada satu indikator cenderung lebih baik pada yang lain.")
            )
        else:
            out.append(
                _(
                    "Daerah yang lebih baik pada satu indikator cenderung lebih buruk pada yang lain."
                )
            )
    return out


def decile_sentence(attribute: str, first: float, last: float) -> str:
    return _("%(attribute)s: %(first)s pada rumah tangga desil 1, %(last)s pada desil 10.") % {
        "attribute": attribute,
        "first": format_value(first, "%", 1),
        "last": format_value(last, "%", 1),
    }


def map_sentence(
    m: Measure,
    level: str,
    year: str,
    n: int,
    worst: str,
    worst_value: float,
    best: str,
    best_value: float,
) -> str:
    """``worst`` and ``best`` by polarity; for a neutral indicator they are the lowest
    and the highest value."""
    if m.neutral:
        return _(
            "Dari %(n)s %(level)s dengan data %(year)s, nilai %(indicator)s tertinggi ada di "
            "%(high)s (%(high_value)s) dan terendah di %(low)s (%(low_value)s)."
        ) % {
            "n": n,
            "level": level,
            "year": year,
            "indicator": m.in_text,
            "high": best,
            "high_value": m.value(best_value),
            "low": worst,
            "low_value": m.value(worst_value),
        }
    return _(
        "Dari %(n)s %(level)s dengan data %(year)s, nilai %(indicator)s terburuk ada di "
        "%(worst)s (%(worst_value)s) dan terbaik di %(best)s (%(best_value)s)."
    ) % {
        "n": n,
        "level": level,
        "year": year,
        "indicator": m.in_text,
        "worst": worst,
        "worst_value": m.value(worst_value),
        "best": best,
        "best_value": m.value(best_value),
    }
