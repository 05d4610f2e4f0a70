"""What the documents of a priority set say: one read, shared by the PDF, the workbook and
the API, so that the three never disagree.

For every problem of the set, beside its position and reason:

* its **determinants**: the free text the planners wrote, the determinant indicators they
  linked (code and name), and the demand side from the registry, achievement of the
  households of welfare deciles 1-4 against deciles 5-10 (the figures of the determinant
  page, :func:`sepakat.priorities.determinants.registry_demand`);
* its **locations**: each chosen kecamatan or desa with the households of the reference
  population, the deprived among them and their share, the place's rank by number and by
  share and its quadrant among the places of the same level in the region (the figures of
  the location page, :mod:`sepakat.priorities.locations`, with the median cut points).

Choices where the method is silent, as a planner would expect them:

* *Which registry.* The registry file of the set's year (the region's own, its province's or
  the nation's, as on the pages); when there is none for that year, the newest one, and the
  documents name the file and its year so that the reader sees the difference.
* *The survey's bottom 40 %* (the other demand-side comparison on the determinant page) is
  left out of the documents: it recomputes design-based standard errors for every problem,
  which belongs on the page where the planner asks for it, not in every download.
* *Cost.* Each problem reads the registry file a few times (its columns, deciles, desa
  counts) and the kecamatan/desa names twice, through the same functions as the pages; a
  set holds a handful of problems, so a document is a few dozen small queries and scans,
  and nothing is cached between downloads (the registry may be replaced by a newer file).
* *A location the registry does not cover* (no household of the reference population) is
  listed with its name and "-" for the figures, not dropped: it was the planners' choice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from sepakat.datahub.models import MicrodataFile, MicrodataKind
from sepakat.priorities import locations, ranking, registry, selectors
from sepakat.priorities.determinants import Demand, Group, registry_demand
from sepakat.priorities.models import PrioritySet, PrioritySetItem
from sepakat.regions.models import Level, Region

# Short enough for a table column; the documents give the full legend once (QUADRANTS).
QUADRANTS_SHORT: dict[int, Any] = {
    1: gettext_lazy("I: kantong kemiskinan"),
    2: "II",
    3: "III",
    4: "IV",
}


@dataclass
class LocationFacts:
    code: str
    name: str
    level: str  # "Kecamatan" or "Desa/Kelurahan", in the active language
    households: int | None = None  # in the reference population
    deprived: int | None = None
    rank_number: int | None = None
    rank_share: int | None = None
    of: int | None = None  # places of the same level ranked
    quadrant: int | None = None

    @property
    def share(self) -> float | None:
        """Deprived households as a share 0-1 of the reference population."""
        if not self.households or self.deprived is None:
            return None
        return self.deprived / self.households

    @property
    def quadrant_label(self) -> str:
        return str(QUADRANTS_SHORT[self.quadrant]) if self.quadrant else ""


@dataclass
class ItemFacts:
    item: PrioritySetItem
    name: str
    determinant_indicators: list[tuple[str, str]] = field(default_factory=list)  # code, name
    deciles: list[Group] = field(default_factory=list)  # deciles 1-4, deciles 5-10
    registry_note: str = ""
    locations: list[LocationFacts] = field(default_factory=list)


@dataclass
class SetDocument:
    priority_set: PrioritySet
    method: ranking.Method
    summary: str  # the method in one line, for every page and every sheet
    ranked: list[dict[str, Any]]
    unranked: list[dict[str, Any]]
    sensitivity: list[dict[str, Any]]  # every catalogue problem, as the workbook keeps it
    items: list[ItemFacts]
    diff: selectors.SetDiff | None
    registry_file: MicrodataFile | None
    generated_at: Any

    @property
    def quadrants(self) -> list[str]:
        return [str(label) for label in locations.QUADRANTS.values()]

    @property
    def registry_line(self) -> str:
        """Where the determinants and locations come from, with the quadrant legend."""
        file = self.registry_file
        if file is None:
            return _(
                "Determinan sisi permintaan dan lokasi: belum ada berkas registrasi untuk "
                "wilayah ini."
            )
        text = _(
            "Determinan sisi permintaan dan lokasi: berkas registrasi %(title)s, tahun "
            "%(year)s; rumah tangga terdeprivasi = rumah tangga populasi rujukan yang belum "
            "tercapai; desil kesejahteraan nasional 1-4 dibandingkan desil 5-10; kuadran "
            "lokasi terhadap median persentase dan median jumlah."
        ) % {"title": file.title, "year": file.period[:4]}
        return _("%(text)s Kuadran: %(legend)s.") % {
            "text": text,
            "legend": "; ".join(self.quadrants),
        }

    @property
    def sensitivity_ranked(self) -> list[dict[str, Any]]:
        """The problems ranked under at least one weighting: the PDF's short table."""
        keys = ("rank_sepakat", "rank_none", "rank_deciles_1_4")
        return [r for r in self.sensitivity if any(r.get(k) is not None for k in keys)]

    def label(self, code: str) -> str:
        """A problem as the reader knows it: code and name."""
        name = next((r["name"] for r in self.ranked + self.unranked if r["code"] == code), "")
        return f"{code} {name}".strip()

    @property
    def diff_named(self) -> dict[str, list[Any]] | None:
        """The differences with the problems' names, not only their codes."""
        d = self.diff
        if d is None or d.empty:
            return None
        return {
            "added": [self.label(c) for c in d.added],
            "removed": [self.label(c) for c in d.removed],
            "moved": [(self.label(c), old, new) for c, old, new in d.moved],
            "changed": [(self.label(c), what) for c, what in d.changed],
        }

    @property
    def set_codes(self) -> set[str]:
        return {f.item.indicator.code for f in self.items}


def local(name_id: str, name_en: str) -> str:
    """A catalogue name in the active language (Indonesian when no English is kept)."""
    if (get_language() or "id").startswith("en") and name_en:
        return name_en
    return name_id


def method_summary(method: ranking.Method) -> str:
    """Formula, data, year and weights in one line, short enough for a page footer."""
    p = method.params
    return _(
        "Metode: Skor = D × (T − A) / (1 − A) bila A < T; data %(title)s, tahun %(year)s; "
        "penimbang orang %(weight)s; bobot kesejahteraan = rata-rata / pengeluaran per "
        "kapita (%(welfare)s)."
    ) % {
        "title": p.get("file_title", ""),
        "year": p.get("year", ""),
        "weight": p.get("weight", ""),
        "welfare": p.get("welfare", ""),
    }


def registry_file_for(priority_set: PrioritySet) -> MicrodataFile | None:
    year = int(priority_set.period) if priority_set.period.isdigit() else None
    region = priority_set.region
    return registry.file_for(region, MicrodataKind.REGISTRY, year) or registry.file_for(
        region, MicrodataKind.REGISTRY
    )


def _place_facts(
    codes: list[str],
    names: dict[str, Region],
    rankings: dict[int, locations.Ranking] | None,
) -> list[LocationFacts]:
    out = []
    for code in codes:
        region = names.get(code)
        level = Level.VILLAGE if code.count(".") >= 3 else Level.DISTRICT
        facts = LocationFacts(
            code=code,
            name=region.display_name if region else code,
            level=str(Level(level).label),
        )
        ranked = rankings.get(level) if rankings else None
        place = next((p for p in ranked.places if p.code == code), None) if ranked else None
        if ranked is not None and place is not None:
            facts.households, facts.deprived = place.households, place.deprived
            facts.rank_number, facts.rank_share = place.rank_number, place.rank_share
            facts.of, facts.quadrant = len(ranked.places), place.quadrant
        out.append(facts)
    return out


def _item_facts(
    item: PrioritySetItem, region: Region, file: MicrodataFile | None, names: dict[str, Region]
) -> ItemFacts:
    problem = item.indicator
    facts = ItemFacts(
        item=item,
        name=local(problem.name_id, problem.name_en),
        determinant_indicators=[
            (d.code, local(d.name_id, d.name_en))
            for d in sorted(item.determinants.all(), key=lambda d: d.code)
        ],
    )
    rankings: dict[int, locations.Ranking] | None = None
    if file is None:
        facts.registry_note = _(
            "Belum ada berkas registrasi (DTKS/Regsosek/DTSEN) untuk wilayah ini."
        )
    else:
        demand = Demand()
        registry_demand(demand, problem, region, int(file.period[:4]))
        facts.deciles, facts.registry_note = demand.registry_groups, demand.registry_note
        cols = registry.columns_for(file, problem.status_column)
        if cols.status is not None and item.locations:
            counts = registry.desa_counts(file, region, cols)
            rankings = {
                level: locations.rank(locations.aggregate(counts, region, level), level)
                for level in (Level.DISTRICT, Level.VILLAGE)
            }
    facts.locations = _place_facts(list(item.locations), names, rankings)
    return facts


def build(priority_set: PrioritySet) -> SetDocument:
    """Everything the documents of ``priority_set`` print (the caller has checked access)."""
    run, region = priority_set.run, priority_set.region
    rows = ranking.localise_names(ranking.rows_for(run, region.code))
    method = ranking.method_of(run)
    items = selectors.items_of(priority_set)
    file = registry_file_for(priority_set)
    codes = {c for i in items for c in i.locations}
    names = {r.code: r for r in Region.objects.filter(code__in=codes)}
    english = {r["code"]: r["name"] for r in rows}
    sensitivity = [
        {**r, "name": english.get(r["code"], r.get("name", ""))}
        for r in ranking.sensitivity_for(run, region.code)
    ]
    return SetDocument(
        priority_set=priority_set,
        method=method,
        summary=method_summary(method),
        ranked=[r for r in rows if r["rank"] is not None],
        unranked=[r for r in rows if r["rank"] is None],
        sensitivity=sensitivity,
        items=[_item_facts(i, region, file, names) for i in items],
        diff=selectors.set_diff(priority_set),
        registry_file=file,
        generated_at=timezone.now(),
    )
