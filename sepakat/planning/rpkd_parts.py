"""The pieces of the RPKD draft (:mod:`rpkd`): chapters of sections of paragraphs, lists,
tables and charts, with every number already written as the reader's language writes it
(``1.234.567``, ``12,5``), so that both renderers print the same text."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from sepakat.analysis.formatting import format_number
from sepakat.planning.models_plan import PlanVersion
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
    compact: bool = False  # a short table of two or three columns: half the width
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


def region_short(region: Region) -> str:
    """``Kabupaten Contoh`` -> ``Contoh``: the name after the office (``Bupati Contoh``)."""
    name = region.display_name
    for prefix in ("Kabupaten ", "Kota ", "Provinsi "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name
