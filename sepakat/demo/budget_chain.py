"""The demo's budget chain: RKPD to DPA for 2024-2026 in every demo kab/kota, tagged.

The APBD murni and perubahan lines of 2023-2025 (:mod:`sepakat.demo.apbd`, tagged with
:func:`poverty_tags`: SIPD-RI has carried the marks since the 2023 budget) stay what they
are; this module adds, per kab/kota, the documents around them: the RKPD, KUA-PPAS, RKA and
DPA of 2024, 2025 and 2026, and the APBD murni and perubahan of 2026. The stages before the
APBD are the APBD seen earlier (small drifts upward from the indicative ceilings to the
agreed ones), the DPA is the last APBD of the year (perubahan when there is one) and carries
the realisation of closed years. The documents go through the same import service a region
uses (``budget_import``), so the demo data pass its checks and leave its audit rows.

In 99.01, the kab/kota with the approved plan, the 2026 chain (the first budget the plan,
approved in 2025, can shape) carries the plan's interventions with amounts near the plan's
indicative budget of the year, tagged as the plan says, with the problems a TKPKD should
find when it reads the chain:

- the plan's last priority problem has no budget line at all in 2026;
- the first intervention is cut by 40 % between the KUA-PPAS and the APBD murni;
- the second problem's last intervention is in the RKPD and the KUA-PPAS but dropped at the
  RKA (and so absent from the APBD and the DPA);
- Dinas Sosial absorbs under half of its 2024 DPA (low realisation in one SKPD).

Deterministic: the draws come from the generator the demo passes in.
"""

from __future__ import annotations

import csv
import tempfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import numpy as np

from sepakat.budgeting.budget_import import COLUMNS, OPTIONAL_COLUMNS, budget_import
from sepakat.demo.apbd import LAST_REALISED_YEAR, LineSpec
from sepakat.demo.plan import REGION_CODE, SECTOR_INTERVENTIONS
from sepakat.planning.models_plan import Intervention
from sepakat.regions.models import Level, Region

CHAIN_YEARS = (2024, 2025, 2026)
EARLY_STAGES = ("rkpd", "kua-ppas", "rka")
# The plan of 2025-2029 was approved in 2025, after the APBD 2025 was passed (November
# 2024): the first budget it can shape is that of 2026. The APBD of 2024 and 2025 are the
# demo's existing lines, unchanged; only 2026 follows the plan (and shows its findings).
PLAN_SHAPED_YEARS = (2026,)
LOW_REALISATION_SKPD = "1.06.0.00.0.00.01.0000"  # Dinas Sosial
STUNTING_CODES = frozenset({"1.02.02.2.02.0004", "1.02.02.2.02.0021", "1.02.02.2.02.0026"})
# Sub kegiatan a TKPKD counts as poverty spending in every demo kab/kota: the plan's menu.
POVERTY_CODES = {
    code: strategy for pair in SECTOR_INTERVENTIONS.values() for code, strategy in pair
}

Key = tuple[str, str, str]  # SKPD, sub kegiatan, account
Row = dict[str, str]


def _rupiah(value: float) -> Decimal:
    return Decimal(round(value / 1000) * 1000)


def _fund_source(code: str, account: str, skpd: str) -> str:
    """Where the money of a line comes from, as a kab/kota budget usually finances it."""
    # Transfers (the Alokasi Dana Desa among them) are paid from DAU and DBH, not from the
    # APBN's Dana Desa, which reaches the villages without being the kab/kota's spending.
    if account == "5.4" or code.startswith("X.XX") or skpd.startswith("5."):
        return "DAU"
    if code.startswith("1.02") or code.startswith("1.01"):
        return "DAK fisik" if account == "5.2" else "DAK non-fisik"
    if account == "5.2":
        return "DBH"
    return "PAD"


def _tags(code: str, plan_tags: dict[str, str]) -> str:
    return plan_tags[code] if code in plan_tags else poverty_tags(code)


def poverty_tags(code: str) -> str:
    """The tags a demo line of this sub kegiatan carries without a plan: SIPD-RI's marks
    and the national strategy of the sub kegiatan (empty for spending that is not aimed at
    poverty)."""
    if code not in POVERTY_CODES:
        return ""
    words = ["kemiskinan-ekstrem", *(["stunting"] if code in STUNTING_CODES else [])]
    return " ".join([*words, POVERTY_CODES[code]])


class _Region:
    """One kab/kota's APBD of the demo, by year and stage, and the plan's wishes for it."""

    def __init__(self, lines: list[LineSpec]) -> None:
        self.names: dict[Key, LineSpec] = {}
        self.amounts: dict[tuple[int, str], dict[Key, Decimal]] = defaultdict(dict)
        self.realised: dict[tuple[int, str], dict[Key, Decimal | None]] = defaultdict(dict)
        for line in lines:
            key = (line.skpd_code, line.sub_kegiatan_code, line.account)
            self.names.setdefault(key, line)
            self.amounts[(line.year, line.stage)][key] = line.amount
            self.realised[(line.year, line.stage)][key] = line.realisation


def _plan_view(region: Region) -> tuple[list[list[Intervention]], dict[str, str]]:
    """The approved plan's interventions grouped by problem (in the plan's order) and the
    tags the plan gives each sub kegiatan."""
    items = list(
        Intervention.objects.filter(version__plan__region=region, version__status="approved")
        .select_related("problem")
        .prefetch_related("years")
        .order_by("version__plan__start_year", "-version__number", "position")
    )
    if items:
        first_version = items[0].version_id
        items = [i for i in items if i.version_id == first_version]
    groups: dict[int, list[Intervention]] = {}
    tags: dict[str, str] = {}
    for item in items:
        groups.setdefault(item.problem_id, []).append(item)
        words = [item.strategy]
        if item.tag_extreme_poverty:
            words.append("kemiskinan-ekstrem")
        if item.tag_stunting or item.sub_kegiatan_code in STUNTING_CODES:
            words.append("stunting")
        order = ("kemiskinan-ekstrem", "stunting", "beban", "pendapatan", "kantong")
        tags[item.sub_kegiatan_code] = " ".join(w for w in order if w in words)
    return list(groups.values()), tags


def _documents(
    rng: np.random.Generator, base: _Region, region: Region
) -> dict[tuple[int, str], dict[Key, tuple[Decimal, Decimal | None]]]:
    """Every (year, stage) document of the chain, as key -> (pagu, realisation)."""
    docs: dict[tuple[int, str], dict[Key, tuple[Decimal, Decimal | None]]] = {}
    keys = sorted(base.names)
    # 2026: the 2025 APBD grown by about 5 %, revised in the perubahan as earlier years.
    murni_2025 = base.amounts[(2025, "murni")]
    grow = np.exp(rng.normal(0.05, 0.04, len(keys)))
    revise = np.where(rng.random(len(keys)) < 0.35, 1.0, rng.uniform(0.92, 1.12, len(keys)))
    base.amounts[(2026, "murni")] = {
        k: _rupiah(float(murni_2025[k]) * g)
        for k, g in zip(keys, grow, strict=True)
        if k in murni_2025
    }
    base.amounts[(2026, "perubahan")] = {
        k: _rupiah(float(v) * r)
        for (k, v), r in zip(base.amounts[(2026, "murni")].items(), revise, strict=False)
    }
    groups, _tags_unused = _plan_view(region) if region.code == REGION_CODE else ([], {})
    for year in CHAIN_YEARS:
        murni = dict(base.amounts[(year, "murni")])
        final = dict(base.amounts.get((year, "perubahan")) or murni)
        shaped = year in PLAN_SHAPED_YEARS and bool(groups)
        if shaped:
            plan_lines = _plan_lines(rng, base, groups, year)
            murni.update(plan_lines)
            final.update(plan_lines)
        # The indicative and agreed ceilings drift up to the APBD: the RKA is the APBD
        # before the DPRD's last cuts, the KUA-PPAS and the RKPD a little further off.
        early: dict[str, dict[Key, Decimal]] = {}
        for stage, spread in zip(EARLY_STAGES, (0.08, 0.04, 0.015), strict=True):
            drift = rng.uniform(1 - spread / 2, 1 + spread, len(murni))
            early[stage] = {
                k: _rupiah(float(v) * d) for (k, v), d in zip(murni.items(), drift, strict=True)
            }
        if shaped:
            _problems(groups, early, murni, final)
        for stage in EARLY_STAGES:
            docs[(year, stage)] = {k: (v, None) for k, v in early[stage].items()}
        if year == 2026:
            docs[(year, "murni")] = {k: (v, None) for k, v in murni.items()}
            docs[(year, "perubahan")] = {k: (v, None) for k, v in final.items()}
        docs[(year, "dpa")] = {
            k: (v, _realised(rng, k, v, year, base.realised[(year, "perubahan")].get(k)))
            for k, v in final.items()
        }
    return docs


def _plan_lines(
    rng: np.random.Generator, base: _Region, groups: list[list[Intervention]], year: int
) -> dict[Key, Decimal]:
    """The plan's sub kegiatan of the year near their indicative budget, as one 5.1 line of
    the bidang's dinas (a code two problems share carries the sum of both budgets)."""
    budgets: dict[str, Decimal] = defaultdict(Decimal)
    names: dict[str, str] = {}
    for group in groups:
        for item in group:
            budget = next((y.budget for y in item.years.all() if y.year == year), None)
            if budget is not None:
                budgets[item.sub_kegiatan_code] += budget
                names[item.sub_kegiatan_code] = item.sub_kegiatan_name
    out: dict[Key, Decimal] = {}
    for code, budget in sorted(budgets.items()):
        key = (f"{code[:4]}.0.00.0.00.01.0000", code, "5.1")
        for other in [k for k in base.names if k[1] == code and k != key]:
            out[other] = Decimal(0)
        out[key] = _rupiah(float(budget) * rng.uniform(0.95, 1.05))
        if key not in base.names:
            base.names[key] = LineSpec(
                region_code=REGION_CODE,
                year=year,
                stage="murni",
                skpd_code=key[0],
                skpd_name="",
                sub_kegiatan_code=code,
                urusan_name="",
                program_name="",
                kegiatan_name="",
                sub_kegiatan_name=names[code],
                account="5.1",
                amount=out[key],
                realisation=None,
            )
    return out


def _problems(
    groups: list[list[Intervention]],
    early: dict[str, dict[Key, Decimal]],
    murni: dict[Key, Decimal],
    final: dict[Key, Decimal],
) -> None:
    """The findings of the demo's chain (see the module's docstring)."""
    docs = [*early.values(), murni, final]
    if len(groups) >= 3:  # the last priority problem: no budget anywhere
        for item in groups[-1]:
            for doc in docs:
                for key in [k for k in doc if k[1] == item.sub_kegiatan_code]:
                    del doc[key]
    first = groups[0][0].sub_kegiatan_code
    for doc in (murni, final):  # cut by 40 % after the KUA-PPAS
        for key in [k for k in doc if k[1] == first]:
            doc[key] = (
                _rupiah(float(early["kua-ppas"][key]) * 0.6)
                if key in early["kua-ppas"]
                else doc[key]
            )
    if len(groups) >= 2:  # dropped at the RKA
        dropped = groups[1][-1].sub_kegiatan_code
        for doc in (early["rka"], murni, final):
            for key in [k for k in doc if k[1] == dropped]:
                del doc[key]
    for doc in docs:  # accounts the plan's single line replaced
        for key in [k for k, v in doc.items() if v == 0]:
            del doc[key]


def _realised(
    rng: np.random.Generator, key: Key, pagu: Decimal, year: int, known: Decimal | None
) -> Decimal | None:
    if year > LAST_REALISED_YEAR:
        return None
    if key[0] == LOW_REALISATION_SKPD:
        return _rupiah(float(pagu) * rng.uniform(0.38, 0.48))
    if known is not None and known <= pagu:
        return known
    return _rupiah(float(pagu) * rng.uniform(0.8, 0.98))


# Back-loaded spending that still keeps to the absorption benchmarks (15, 40, 60 %) for a
# line realising at least 80 % of its pagu in the year: the share of the year's realisation
# reached by the end of triwulan I, II and III (the fourth is the year's). Fixed, not drawn,
# so the demo's other draws stay as they were.
QUARTER_PROFILE = (0.19, 0.50, 0.75)


def _quarters(stage: str, realised: Decimal | None) -> list[str]:
    """Cumulative realisation by quarter for the DPA of a closed year, else empty cells."""
    if stage != "dpa" or realised is None:
        return ["", "", "", ""]
    shares = [f"{_rupiah(float(realised) * share):.2f}" for share in QUARTER_PROFILE]
    return [*shares, f"{realised:.2f}"]


def ensure_demo_chain(
    rng: np.random.Generator, lines: list[LineSpec], regions: dict[str, Region]
) -> int:
    """Import the chain of every demo kab/kota; returns the number of lines written."""
    by_region: dict[str, list[LineSpec]] = defaultdict(list)
    for line in lines:
        region = regions.get(line.region_code)
        if region is not None and region.level == Level.REGENCY and line.year in CHAIN_YEARS:
            by_region[line.region_code].append(line)
    written = 0
    with tempfile.TemporaryDirectory() as folder:
        for code in sorted(by_region):
            region = regions[code]
            base = _Region(by_region[code])
            _groups, plan_tags = _plan_view(region) if code == REGION_CODE else ([], {})
            docs = _documents(rng, base, region)
            path = Path(folder) / f"anggaran-{code}.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow([*COLUMNS, *OPTIONAL_COLUMNS])
                for (year, stage), doc in sorted(docs.items()):
                    for key, (pagu, realised) in sorted(doc.items()):
                        skpd, sub, account = key
                        spec = base.names[key]
                        writer.writerow(
                            [
                                year,
                                stage,
                                skpd,
                                spec.skpd_name,
                                sub,
                                spec.sub_kegiatan_name,
                                account,
                                _fund_source(sub, account, skpd),
                                f"{pagu:.2f}",
                                "" if realised is None else f"{realised:.2f}",
                                _tags(sub, plan_tags),
                                *_quarters(stage, realised),
                                "",
                            ]
                        )
            result = budget_import(actor=None, region=region, path=path, file=path.name)
            if not result.ok:  # the demo's own data must pass the checks a region's pass
                raise RuntimeError("; ".join(str(p) for p in result.problems[:10]))
            written += result.created + result.updated
    return written
