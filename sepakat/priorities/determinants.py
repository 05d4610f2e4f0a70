"""Determinants of one priority problem (TNP2K's second step): why the region falls short.

*Demand side*: is the problem concentrated among the poor? Achievement among welfare
deciles 1-4 against deciles 5-10 from the registry (households), and among the bottom 40 %
against the top 60 % of per-capita expenditure from the survey (persons, with design-based
standard errors from :func:`sepakat.analytics.priorities.priority_scores`); the costs
(survey column ``biaya_<code>``) and reasons (registry column ``alasan_<code>``) where the
files have them.

*Supply side*: are the services there? The determinant indicators the central team linked
to the problem (Podes-like facility counts and distances by desa), desa ranked worst first
and summarised per kecamatan, beside the analysis indicator of the same meaning.

The survey cut: persons of the domain are sorted by per-capita expenditure and the first
40 % of the weighted population (ties at the cut included) form the bottom group. The cut is
computed within the region (its own distribution, as the registry's deciles are national,
so the two comparisons answer slightly different questions; the page says so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl
from django.utils.translation import gettext as _

from sepakat.analytics.errors import AnalyticsError
from sepakat.analytics.priorities import Indicator as SpecIndicator
from sepakat.analytics.priorities import priority_scores
from sepakat.core.access import scoped
from sepakat.datahub.microdata import analysis_path
from sepakat.datahub.models import (
    Indicator,
    MicrodataFile,
    MicrodataKind,
    Observation,
    ObservationStatus,
)
from sepakat.priorities import registry
from sepakat.priorities.models import PriorityIndicator
from sepakat.regions.models import Level, Region

BOTTOM_SHARE = 0.4  # the survey's bottom group: 40 % of persons, as deciles 1-4


@dataclass
class Group:
    """Achievement of one welfare group: ``n`` households or sample persons."""

    label: str
    n: int
    achievement: float | None  # share 0-1; None when the cell is too small to show
    se: float | None = None

    @property
    def percent(self) -> float | None:
        return None if self.achievement is None else 100.0 * self.achievement

    @property
    def se_points(self) -> float | None:
        return None if self.se is None else 100.0 * self.se


@dataclass
class Demand:
    registry_file: MicrodataFile | None = None
    registry_note: str = ""  # why there is no registry comparison
    registry_groups: list[Group] = field(default_factory=list)
    registry_deciles: list[Group] = field(default_factory=list)
    reasons: list[tuple[str, int]] = field(default_factory=list)
    survey_file: MicrodataFile | None = None
    survey_note: str = ""
    survey_cut: float | None = None  # per-capita expenditure at the 40 % point
    survey_groups: list[Group] = field(default_factory=list)
    costs: list[tuple[str, float]] = field(default_factory=list)  # group, weighted mean


def _share(n: int, achieved: int) -> float | None:
    return achieved / n if n >= registry.MIN_HOUSEHOLDS else None


def registry_demand(
    demand: Demand, problem: PriorityIndicator, region: Region, year: int | None
) -> None:
    file = registry.file_for(region, MicrodataKind.REGISTRY, year)
    demand.registry_file = file
    if file is None:
        demand.registry_note = _(
            "Belum ada berkas registrasi (DTKS/Regsosek/DTSEN) untuk wilayah ini."
        )
        return
    cols = registry.columns_for(file, problem.status_column)
    if cols.status is None:
        demand.registry_note = _(
            "Berkas registrasi %(title)s tidak memuat kolom %(col)s: indikator ini tidak "
            "diukur pada tingkat rumah tangga di registrasi."
        ) % {"title": file.title, "col": problem.status_column}
        return
    counts = registry.decile_counts(file, region, cols)
    for d in range(1, 11):
        n, ach = counts.get(d, (0, 0))
        demand.registry_deciles.append(Group(str(d), n, _share(n, ach)))
    for label, deciles in (
        (_("Desil 1-4"), range(1, registry.BOTTOM_DECILES + 1)),
        (_("Desil 5-10"), range(registry.BOTTOM_DECILES + 1, 11)),
    ):
        n = sum(counts.get(d, (0, 0))[0] for d in deciles)
        ach = sum(counts.get(d, (0, 0))[1] for d in deciles)
        demand.registry_groups.append(Group(label, n, _share(n, ach)))
    demand.reasons = registry.reason_counts(file, region, cols)


def _in_domain(codes: pl.Series, region: Region) -> pl.Series:
    if region.level == Level.NATIONAL:
        return pl.Series([True] * len(codes))
    return (codes == region.code) | codes.str.starts_with(region.code + ".")


def weighted_cut(y: np.ndarray, w: np.ndarray, share: float = BOTTOM_SHARE) -> float:
    """The smallest y at which the cumulative weight reaches ``share`` of the total.

    >>> weighted_cut(np.array([3.0, 1.0, 2.0, 4.0]), np.array([1.0, 1.0, 1.0, 1.0]))
    2.0
    """
    order = np.argsort(y, kind="stable")
    cum = np.cumsum(w[order]) / w.sum()
    return float(y[order][int(np.searchsorted(cum, share - 1e-12))])


def survey_demand(
    demand: Demand, problem: PriorityIndicator, region: Region, year: int | None
) -> None:
    file = registry.file_for(region, MicrodataKind.SURVEY, year)
    demand.survey_file = file
    if file is None:
        demand.survey_note = _(
            "Belum ada berkas survei tingkat individu (Susenas) untuk wilayah ini."
        )
        return
    m = file.columns or {}
    status = problem.status_column
    cost = "biaya_" + problem.code.lower()
    path = analysis_path(file)
    present = set(pl.read_parquet_schema(path))
    wanted = [m.get(r) for r in ("region_code", "welfare", "weight", "strata", "psu")]
    # Only the columns used: a national Susenas person file has over a million rows.
    frame = pl.read_parquet(
        path, columns=[c for c in dict.fromkeys([*wanted, status, cost]) if c and c in present]
    )
    if status not in frame.columns:
        demand.survey_note = _("Berkas survei %(title)s tidak memuat kolom %(col)s.") % {
            "title": file.title,
            "col": status,
        }
        return
    codes = frame[m["region_code"]].cast(pl.Utf8)
    inside = _in_domain(codes, region)
    y = frame[m["welfare"]].cast(pl.Float64)
    w = frame[m["weight"]].cast(pl.Float64)
    mask = inside.to_numpy()
    if not mask.any():
        demand.survey_note = _("Berkas survei %(title)s tidak memuat sampel wilayah ini.") % {
            "title": file.title
        }
        return
    cut = weighted_cut(y.to_numpy()[mask], w.to_numpy()[mask])
    demand.survey_cut = cut
    group = (
        pl.when(~inside)
        .then(pl.lit("luar"))
        .when(y <= cut)
        .then(pl.lit("b40"))
        .otherwise(pl.lit("t60"))
    )
    data = frame.with_columns(
        pl.Series("_domain", np.where(mask, "1", "0")), group.alias("_kelompok")
    )
    strata, psu = m.get("strata"), m.get("psu")
    try:
        result = priority_scores(
            data,
            spec=[SpecIndicator(problem.code, status, problem.target)],
            welfare=m["welfare"],
            weight=m["weight"],
            strata=strata if strata in data.columns else None,
            psu=psu if psu in data.columns else None,
            by=["_domain", "_kelompok"],
            grouping=[["_domain"], ["_domain", "_kelompok"]],
            lonely_psu="adjust",
            min_persons=1,
        )
    except AnalyticsError as exc:
        demand.survey_note = _("Perhitungan dari berkas survei gagal: %(detail)s") % {"detail": exc}
        return
    result = result.filter(pl.col("_domain") == "1")
    labels = {"b40": _("40 % terbawah"), "t60": _("60 % teratas"), None: _("Seluruh penduduk")}
    for key in ("b40", "t60", None):
        row = result.filter(
            pl.col("_kelompok").is_null() if key is None else pl.col("_kelompok") == key
        )
        if row.height:
            r = row.row(0, named=True)
            demand.survey_groups.append(
                Group(str(labels[key]), int(r["n"]), r["achievement"], r["achievement_se"])
            )
    if cost in frame.columns:
        in_ref = data.filter((pl.col("_domain") == "1") & pl.col(status).is_not_null())
        for key in ("b40", "t60"):
            part = in_ref.filter((pl.col("_kelompok") == key) & pl.col(cost).is_not_null())
            if part.height:
                ww = part[m["weight"]].cast(pl.Float64).to_numpy()
                cc = part[cost].cast(pl.Float64).to_numpy()
                demand.costs.append((str(labels[key]), float((ww * cc).sum() / ww.sum())))


def demand_side(problem: PriorityIndicator, region: Region, year: int | None) -> Demand:
    demand = Demand()
    registry_demand(demand, problem, region, year)
    survey_demand(demand, problem, region, year)
    return demand


# ---------------------------------------------------------------- supply side


@dataclass
class Supply:
    indicator: Indicator
    period: str | None
    rows: list[dict[str, Any]] = field(default_factory=list)  # desa, worst first
    districts: list[dict[str, Any]] = field(default_factory=list)  # per kecamatan
    zero_label: str = ""  # "desa tanpa fasilitas" for counts


def _worst_first(indicator: Indicator) -> int:
    """-1: sort ascending (lower is worse, facility counts); +1: descending (distances)."""
    return -1 if indicator.polarity > 0 else 1


def supply_side(user: Any, problem: PriorityIndicator, region: Region) -> list[Supply]:
    """The linked determinant indicators by desa of ``region``: latest verified period each."""
    determinants = list(problem.determinants.all().order_by("code"))
    if not determinants:
        return []
    observations = list(
        scoped(
            Observation.objects.filter(
                indicator__in=determinants,
                status=ObservationStatus.VERIFIED,
                region__level=Level.VILLAGE,
                region__code__startswith=region.code + ".",
            ),
            user,
        ).values_list("indicator_id", "period", "region__code", "value")
    )
    latest: dict[int, str] = {}
    for ind_id, period, _code, _v in observations:
        latest[ind_id] = max(latest.get(ind_id, period), period)
    desa = {
        r.code: r
        for r in Region.objects.filter(
            level__in=(Level.DISTRICT, Level.VILLAGE), code__startswith=region.code + "."
        ).only("code", "name", "level", "kind")
    }
    out = []
    for indicator in determinants:
        chosen = latest.get(indicator.pk)
        supply = Supply(indicator=indicator, period=chosen)
        values = {
            code: v for ind_id, p, code, v in observations if ind_id == indicator.pk and p == chosen
        }
        direction = _worst_first(indicator)
        ordered = sorted(values.items(), key=lambda kv: (-direction * kv[1], kv[0]))
        for rank, (code, value) in enumerate(ordered, start=1):
            kec = code.rsplit(".", 1)[0]
            supply.rows.append(
                {
                    "rank": rank,
                    "code": code,
                    "name": desa[code].display_name if code in desa else code,
                    "kecamatan": desa[kec].display_name if kec in desa else kec,
                    "value": value,
                }
            )
        by_kec: dict[str, list[float]] = {}
        for code, value in values.items():
            by_kec.setdefault(code.rsplit(".", 1)[0], []).append(value)
        counts = indicator.polarity > 0  # facility counts: a zero means none in the desa
        for kec, vals in sorted(by_kec.items()):
            worst = min(vals) if direction < 0 else max(vals)
            supply.districts.append(
                {
                    "code": kec,
                    "name": desa[kec].display_name if kec in desa else kec,
                    "desa": len(vals),
                    "mean": sum(vals) / len(vals),
                    "worst": worst,
                    "zero": sum(1 for v in vals if v == 0) if counts else None,
                }
            )
        supply.districts.sort(key=lambda d: (-direction * d["mean"], d["code"]))
        out.append(supply)
    return out


def analysis_value(user: Any, problem: PriorityIndicator, region: Region) -> Observation | None:
    """The latest verified value of the catalogue's analysis indicator for the region."""
    if problem.indicator_id is None:
        return None
    return (
        scoped(
            Observation.objects.filter(
                indicator_id=problem.indicator_id,
                region=region,
                status=ObservationStatus.VERIFIED,
            ),
            user,
        )
        .select_related("indicator")
        .order_by("-period")
        .first()
    )
