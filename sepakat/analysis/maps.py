"""Choropleth maps of a region down to kecamatan and desa.

Values are the verified observations of an indicator at the chosen level (kab/kota,
kecamatan or desa) inside the region; polygons are the regions' boundaries. Classes come
from :mod:`sepakat.analysis.classify` (quantiles, equal intervals or natural breaks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sepakat.analysis import charts, classify
from sepakat.analysis import narratives as nar
from sepakat.analysis.analyses import measure_of
from sepakat.analysis.selectors import local_indicators, local_observations
from sepakat.datahub.models import Indicator
from sepakat.regions.models import Level, Region, RegionBoundary

CLASSIFICATIONS = {
    "quantile": gettext_lazy("Kuantil (jumlah wilayah sama per kelas)"),
    "equal": gettext_lazy("Interval sama"),
    "jenks": gettext_lazy("Jeda alami (natural breaks, Jenks)"),
}
LEVEL_WORDS = {
    Level.REGENCY: gettext_lazy("kabupaten/kota"),
    Level.DISTRICT: gettext_lazy("kecamatan"),
    Level.VILLAGE: gettext_lazy("desa/kelurahan"),
}
DEFAULT_CLASSES = 5


@dataclass
class MapResult:
    indicator: Indicator | None
    level: int
    period: str | None
    method: str
    classes: int
    spec: dict[str, Any] | None
    legend: list[tuple[str, int]] = field(default_factory=list)  # class label, count
    rows: list[dict[str, Any]] = field(default_factory=list)
    narrative: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)  # indicator code, name
    periods: list[str] = field(default_factory=list)  # of the chosen indicator
    source: str = ""  # the catalogue's source at this level


def levels_below(region: Region) -> list[int]:
    return [lv for lv in (Level.REGENCY, Level.DISTRICT, Level.VILLAGE) if lv > region.level]


def build_map(
    user: Any,
    region: Region,
    catalogue: dict[str, Indicator],
    *,
    level: int,
    code: str | None,
    period: str | None,
    method: str = "jenks",
    classes: int = DEFAULT_CLASSES,
) -> MapResult:
    available = [(c, p) for c, p in local_indicators(user, region, level) if c in catalogue]
    options = list(dict.fromkeys((c, catalogue[c].name) for c, _p in available))
    result = MapResult(
        indicator=None,
        level=level,
        period=None,
        method=method,
        classes=classes,
        spec=None,
        options=options,
    )
    if not available:
        return result
    codes = [c for c, _p in available]
    if code not in codes:
        code = "PLS07" if "PLS07" in codes else codes[0]
    periods = sorted(p for c, p in available if c == code)
    if period not in periods:
        period = periods[-1]
    indicator = catalogue[code]
    m = measure_of(indicator)
    values = local_observations(user, region, indicator, period, level)
    bounds = classify.breaks([v for v, _se in values.values()], method, classes)
    labels = []
    low = min(v for v, _se in values.values())
    for i, b in enumerate(bounds):
        start = low if i == 0 else bounds[i - 1]
        labels.append(f"{m.value(start)} – {m.value(b)}")
    counts = [0] * len(bounds)
    regions = Region.objects.filter(level=level, code__startswith=region.code + ".").order_by(
        "code"
    )
    shapes = dict(
        RegionBoundary.objects.filter(region__in=regions).values_list("region__code", "geometry")
    )
    features = []
    rows = []
    for r in regions.only("code", "name", "level", "kind"):
        value = values.get(r.code)
        cls = None
        if value is not None:
            index = classify.class_of(value[0], bounds)
            counts[index] += 1
            cls = labels[index]
        rows.append(
            {
                "kode": r.code,
                "wilayah": r.display_name,
                "nilai": None if value is None else value[0],
                "kelas": cls or "",
            }
        )
        if r.code in shapes:
            features.append(
                {
                    "type": "Feature",
                    "geometry": shapes[r.code],
                    "properties": {
                        "kode": r.code,
                        "nama": r.display_name,
                        "nilai": None if value is None else value[0],
                        "teks": m.value(None if value is None else value[0]),
                        "kelas": cls or _("tanpa data"),
                    },
                }
            )
    result.indicator = indicator
    result.period = period
    # Below kab/kota the values come from another source (registry, village data).
    below = level > Level.REGENCY and indicator.local_source
    result.source = indicator.local_source if below else indicator.source
    result.periods = periods
    result.spec = charts.map_chart(features, bounds, labels, m) if features else None
    result.legend = list(zip(labels, counts, strict=True))
    result.rows = rows
    named = [(str(r["wilayah"]), float(r["nilai"])) for r in rows if r["nilai"] is not None]
    if named:
        # Worst first by polarity; a neutral indicator goes lowest to highest.
        ordered = sorted(named, key=lambda item: item[1] * (indicator.polarity or 1))
        (worst, worst_value), (best, best_value) = ordered[0], ordered[-1]
        result.narrative = nar.map_sentence(
            m,
            str(LEVEL_WORDS[Level(level)]),
            period,
            len(named),
            worst,
            worst_value,
            best,
            best_value,
        )
    return result
