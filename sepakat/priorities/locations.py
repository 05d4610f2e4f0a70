"""Priority locations of one problem (TNP2K's third step): where the deprived households are.

From the registry, per desa and per kecamatan of the region: the households in the
problem's reference population, of them the deprived (status 0), and their share. Places
are ranked by the *number* of deprived households (where most of them live: coverage) and
by their *share* (where the problem is most severe: intensity); the two together give the
quadrant:

* Kuadran I, *kantong kemiskinan*: share above the cut and number above the cut;
* Kuadran II: share above, number at or below (severe but small places);
* Kuadran III: number above, share at or below (many households in a large place);
* Kuadran IV: neither.

"Above" is strictly above; by default the cuts are the medians of the share and of the
number over the places of that level that have households in the reference population,
and the page lets the planner set them. Official priority-location lists are shown as a
column and outlined on the map.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sepakat.analysis import charts, classify
from sepakat.analysis.narratives import Measure
from sepakat.regions.models import Level, Region, RegionBoundary

QUADRANTS = {
    1: gettext_lazy("I: kantong kemiskinan (persentase dan jumlah tinggi)"),
    2: gettext_lazy("II: persentase tinggi, jumlah rendah"),
    3: gettext_lazy("III: jumlah tinggi, persentase rendah"),
    4: gettext_lazy("IV: persentase dan jumlah rendah"),
}


@dataclass
class Place:
    code: str
    name: str
    households: int
    deprived: int
    deprived_persons: float | None = None
    kecamatan: str = ""
    rank_number: int = 0
    rank_share: int = 0
    quadrant: int = 0
    lists: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        """Deprived households as a percentage of the reference population."""
        return 100.0 * self.deprived / self.households if self.households else 0.0

    @property
    def kantong(self) -> bool:
        return self.quadrant == 1


@dataclass
class Ranking:
    level: int
    places: list[Place]
    share_cut: float
    number_cut: float
    share_cut_is_median: bool = True
    number_cut_is_median: bool = True


def _competition_ranks(values: list[float]) -> list[int]:
    """1 + how many places have a strictly higher value (ties share the better rank)."""
    return [1 + sum(1 for other in values if other > v) for v in values]


def aggregate(counts: dict[str, dict[str, Any]], region: Region, level: int) -> list[Place]:
    """Places of ``level`` (kecamatan or desa) inside ``region`` from desa counts."""
    names = {
        r.code: r
        for r in Region.objects.filter(
            level__in=(Level.DISTRICT, Level.VILLAGE), code__startswith=region.code + "."
        ).only("code", "name", "level", "kind")
    }
    places: dict[str, Place] = {}
    for desa_code, c in counts.items():
        code = desa_code if level == Level.VILLAGE else desa_code.rsplit(".", 1)[0]
        if code not in names:
            continue  # a code the hierarchy does not know (the file's check reported it)
        place = places.get(code)
        if place is None:
            kec = code.rsplit(".", 1)[0]
            place = places[code] = Place(
                code=code,
                name=names[code].display_name,
                households=0,
                deprived=0,
                deprived_persons=None,
                kecamatan=names[kec].display_name
                if level == Level.VILLAGE and kec in names
                else "",
            )
        place.households += int(c["households"])
        place.deprived += int(c["deprived"])
        if c.get("deprived_persons") is not None:
            place.deprived_persons = (place.deprived_persons or 0.0) + float(c["deprived_persons"])
    return sorted(places.values(), key=lambda p: p.code)


def rank(
    places: list[Place],
    level: int,
    *,
    share_cut: float | None = None,
    number_cut: float | None = None,
) -> Ranking:
    """Rank by number and by share, and put each place in its quadrant."""
    shares = [p.share for p in places]
    numbers = [float(p.deprived) for p in places]
    for place, r_n, r_s in zip(
        places, _competition_ranks(numbers), _competition_ranks(shares), strict=True
    ):
        place.rank_number, place.rank_share = r_n, r_s
    median_share = statistics.median(shares) if shares else 0.0
    median_number = statistics.median(numbers) if numbers else 0.0
    s_cut = median_share if share_cut is None else share_cut
    n_cut = median_number if number_cut is None else number_cut
    for place in places:
        high_share, high_number = place.share > s_cut, place.deprived > n_cut
        place.quadrant = (
            1 if high_share and high_number else 2 if high_share else 3 if high_number else 4
        )
    ordered = sorted(places, key=lambda p: (p.quadrant != 1, p.rank_number, p.rank_share, p.code))
    return Ranking(
        level=level,
        places=ordered,
        share_cut=s_cut,
        number_cut=n_cut,
        share_cut_is_median=share_cut is None,
        number_cut_is_median=number_cut is None,
    )


def mark_lists(places: Iterable[Place], level: int, members: dict[str, list[str]]) -> None:
    """Attach the names of the official lists each desa is in (for a kecamatan: the lists
    any of its desa is in)."""
    for place in places:
        if level == Level.VILLAGE:
            place.lists = sorted(members.get(place.code, []))
        else:
            names = {
                n for code, ns in members.items() if code.startswith(place.code + ".") for n in ns
            }
            place.lists = sorted(names)


def map_spec(
    places: list[Place], region: Region, *, method: str, classes: int
) -> tuple[dict[str, Any] | None, list[tuple[str, int]]]:
    """The desa choropleth of the share of deprived households, classed as the analysis
    map classes (quantile, equal, Jenks), with the desa of an official list outlined."""
    measure = Measure(name=_("Rumah tangga terdeprivasi"), unit="%", decimals=1, polarity=-1)
    values = [p.share for p in places]
    if not values:
        return None, []
    bounds = classify.breaks(values, method, classes)
    low = min(values)
    labels = [
        f"{measure.value(low if i == 0 else bounds[i - 1])} – {measure.value(b)}"
        for i, b in enumerate(bounds)
    ]
    counts = [0] * len(bounds)
    shapes = dict(
        RegionBoundary.objects.filter(
            region__level=Level.VILLAGE, region__code__startswith=region.code + "."
        ).values_list("region__code", "geometry")
    )
    features = []
    for place in places:
        index = classify.class_of(place.share, bounds)
        counts[index] += 1
        if place.code in shapes:
            features.append(
                {
                    "type": "Feature",
                    "geometry": shapes[place.code],
                    "properties": {
                        "kode": place.code,
                        "nama": place.name,
                        "nilai": place.share,
                        "teks": measure.value(place.share),
                        "kelas": labels[index],
                        "daftar": ", ".join(place.lists),
                        "lokus": bool(place.lists),
                    },
                }
            )
    legend = list(zip(labels, counts, strict=True))
    if not features:
        return None, legend
    base = charts.map_chart(features, bounds, labels, measure)
    top = {k: base.pop(k) for k in ("width", "height", "projection", "data", "config")}
    base["encoding"]["tooltip"].append(
        {"field": "properties.daftar", "type": "nominal", "title": _("Daftar lokasi prioritas")}
    )
    outline = {
        "transform": [{"filter": "datum.properties.lokus"}],
        "mark": {"type": "geoshape", "fillOpacity": 0, "stroke": "#111111", "strokeWidth": 2.5},
    }
    return {**top, "layer": [base, outline]}, legend
