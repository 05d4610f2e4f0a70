"""Sentences about a region's position: quadrants, pairs of indicators, relevance,
effectiveness, correlation and maps.

See :mod:`sepakat.analysis.narratives` for the rules every sentence follows."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sepakat.analysis.formatting import format_number
from sepakat.analysis.narratives.sentences import Measure


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
