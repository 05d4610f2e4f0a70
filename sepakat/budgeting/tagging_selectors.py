"""Reads of the tagging page and the bulk tag command: which lines a filter selects, the
choices its lists offer, and the counts a planner checks after a change.

One filter serves both, so "all lines on this filter" on the page and the command's
options select exactly the same lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, Sum

from sepakat.budgeting.models import ApbdLine, BudgetStage
from sepakat.budgeting.vocabulary import TAGS
from sepakat.regions.models import Region

# The value of the tag filter that asks for lines with no tag word at all.
UNTAGGED = "-"


@dataclass(frozen=True)
class LineFilter:
    """What selects lines: always one year, optionally one stage, one SKPD, one bidang
    urusan (``1.02``), one tag word (or :data:`UNTAGGED`), a sub kegiatan code prefix and
    words of the sub kegiatan name or code."""

    year: int
    stage: str = ""
    skpd: str = ""
    bidang: str = ""
    tag: str = ""
    code_prefix: str = ""
    text: str = ""

    def as_query(self) -> dict[str, str]:
        """The filter as the page's query parameters (for links and hidden fields)."""
        values = {
            "tahap": self.stage,
            "skpd": self.skpd,
            "bidang": self.bidang,
            "tag": self.tag,
            "kode": self.code_prefix,
            "q": self.text,
        }
        return {k: v for k, v in values.items() if v}


def filter_from(data: Any, year: int) -> LineFilter:
    """A filter from the page's query (or form) parameters; values outside the lists are
    dropped rather than refused, since a bookmarked link may outlive a stage or tag."""
    stage = str(data.get("tahap", "")).strip()
    tag = str(data.get("tag", "")).strip()
    return LineFilter(
        year=year,
        stage=stage if stage in BudgetStage.values else "",
        skpd=str(data.get("skpd", "")).strip()[:40],
        bidang=str(data.get("bidang", "")).strip()[:10],
        tag=tag if tag in (*TAGS, UNTAGGED) else "",
        code_prefix=str(data.get("kode", "")).strip()[:30],
        text=str(data.get("q", "")).strip()[:100],
    )


def matching_lines(region: Region, line_filter: LineFilter) -> QuerySet[ApbdLine]:
    """The region's lines the filter selects, in the page's order."""
    f = line_filter
    lines = ApbdLine.objects.filter(region=region, year=f.year)
    if f.stage:
        lines = lines.filter(stage=f.stage)
    if f.skpd:
        lines = lines.filter(skpd_code=f.skpd)
    if f.bidang:
        # ``1.02`` must not take ``1.021...``: the bidang is followed by a dot in a code
        lines = lines.filter(sub_kegiatan_code__startswith=f.bidang + ".")
    if f.tag == UNTAGGED:
        lines = lines.filter(tags="")
    elif f.tag:
        # tags are whole words separated by single spaces (see ``tagging.order_tags``)
        lines = lines.filter(
            Q(tags=f.tag)
            | Q(tags__startswith=f.tag + " ")
            | Q(tags__endswith=" " + f.tag)
            | Q(tags__contains=" " + f.tag + " ")
        )
    if f.code_prefix:
        lines = lines.filter(sub_kegiatan_code__startswith=f.code_prefix)
    for word in f.text.split():
        lines = lines.filter(
            Q(sub_kegiatan_name__icontains=word) | Q(sub_kegiatan_code__startswith=word)
        )
    return lines.order_by("stage", "skpd_code", "sub_kegiatan_code", "account", "pk")


def filter_choices(region: Region, year: int) -> dict[str, list[tuple[str, str]]]:
    """The SKPD and bidang urusan of the year's lines, for the filter lists."""
    lines = ApbdLine.objects.filter(region=region, year=year)
    skpds = list(lines.values_list("skpd_code", "skpd_name").distinct().order_by("skpd_code"))
    codes = lines.values_list("sub_kegiatan_code", flat=True).distinct()
    bidang = sorted({".".join(code.split(".")[:2]) for code in codes})
    return {
        "skpds": list(dict(skpds).items()),
        "bidang": [(b, b) for b in bidang],
        "stages": [(v, str(label)) for v, label in BudgetStage.choices],
    }


def years_of(region: Region) -> list[int]:
    return list(
        ApbdLine.objects.filter(region=region)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


@dataclass(frozen=True)
class Counts:
    """What the page's summary shows of the lines a filter selects."""

    lines: int
    tagged: int
    direct: int
    supporting: int
    linked: int
    amount: Any
    tagged_amount: Any


def counts(region: Region, line_filter: LineFilter) -> Counts:
    lines = matching_lines(region, line_filter).order_by()
    tagged = lines.exclude(tags="")
    return Counts(
        lines=lines.count(),
        tagged=tagged.count(),
        direct=lines.filter(service="langsung").count(),
        supporting=lines.filter(service="penunjang").count(),
        linked=lines.exclude(problem_codes="").count(),
        amount=lines.aggregate(s=Sum("amount"))["s"] or 0,
        tagged_amount=tagged.aggregate(s=Sum("amount"))["s"] or 0,
    )
