"""Reads of the problem tree: each priority problem's nodes, the values of their
indicators, the drawing and the offers, for a version the caller already found for the
user (:func:`sepakat.planning.plan_selectors.version_for_user`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sepakat.datahub.models import Indicator, Observation, ObservationStatus
from sepakat.planning.models_plan import PlanVersion
from sepakat.planning.models_tree import KIND_RANK, NodeKind, ProblemTreeNode
from sepakat.planning.tree import Offer, core_statement, offers
from sepakat.planning.tree_layout import Drawing, TreeBox, layout
from sepakat.priorities.models import PriorityIndicator
from sepakat.regions.models import Level, Region


@dataclass(frozen=True)
class Fact:
    """The latest verified value of an indicator for the plan's region."""

    code: str
    name: str
    unit: str
    value: str  # formatted; empty when there is none
    period: str
    source: str
    desa: int = 0  # > 0: no value of the region itself, the mean over that many desa

    @property
    def text(self) -> str:
        if not self.value:
            return _("%(code)s: belum ada nilai terverifikasi") % {"code": self.code}
        if self.desa:
            return _(
                "%(code)s: rata-rata %(value)s %(unit)s di %(n)s desa (%(period)s, %(source)s)"
            ) % {
                "code": self.code,
                "value": self.value,
                "unit": self.unit,
                "n": self.desa,
                "period": self.period,
                "source": self.source or "-",
            }
        return _("%(code)s: %(value)s %(unit)s (%(period)s, %(source)s)") % {
            "code": self.code,
            "value": self.value,
            "unit": self.unit,
            "period": self.period,
            "source": self.source or "-",
        }


def indicator_facts(codes: set[str], region: Region) -> dict[str, Fact]:
    """Latest verified value of each indicator for ``region``; an indicator measured only
    by desa (Podes facilities and distances) gets the mean of the region's desa in its
    latest period, which is how the determinants page summarises it too."""
    if not codes:
        return {}
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(code__in=codes).filter(
            Q(owner_region__isnull=True) | Q(owner_region=region)
        )
    }
    verified = Observation.objects.filter(
        indicator__in=indicators.values(), status=ObservationStatus.VERIFIED
    )
    latest: dict[int, Observation] = {}
    for row in verified.filter(region=region).order_by("indicator_id", "period"):
        latest[row.indicator_id] = row  # the last period wins
    missing = [i for i in indicators.values() if i.pk not in latest]
    by_desa: dict[int, dict[str, list[tuple[float, str]]]] = {}
    for ind_id, period, value, source in verified.filter(
        indicator__in=missing,
        region__level=Level.VILLAGE,
        region__code__startswith=region.code + ".",
    ).values_list("indicator_id", "period", "value", "source"):
        by_desa.setdefault(ind_id, {}).setdefault(period, []).append((value, source))
    facts: dict[str, Fact] = {}
    for code, indicator in indicators.items():
        digits = indicator.decimals
        obs = latest.get(indicator.pk)
        if obs is not None:
            facts[code] = Fact(
                code=code,
                name=indicator.name,
                unit=indicator.unit,
                value=number_format(obs.value, decimal_pos=digits, use_l10n=True),
                period=obs.period,
                source=obs.source or indicator.source,
            )
        elif indicator.pk in by_desa:
            period = max(by_desa[indicator.pk])
            rows = by_desa[indicator.pk][period]
            mean = sum(v for v, _s in rows) / len(rows)
            facts[code] = Fact(
                code=code,
                name=indicator.name,
                unit=indicator.unit,
                value=number_format(mean, decimal_pos=digits, use_l10n=True),
                period=period,
                source=next((s for _v, s in rows if s), indicator.source),
                desa=len(rows),
            )
        else:
            facts[code] = Fact(code, indicator.name, indicator.unit, "", "", indicator.source)
    return facts


@dataclass
class ProblemTree:
    """One priority problem of the set with its tree, ready to show."""

    problem: PriorityIndicator
    position: int
    set_name: str = ""
    nodes: list[ProblemTreeNode] = field(default_factory=list)
    drawing: Drawing | None = None
    offers: list[Offer] = field(default_factory=list)
    taken: set[str] = field(default_factory=set)  # offer keys already in the tree
    rows: list[tuple[float, str]] = field(default_factory=list)  # (top, kind name) to label

    @property
    def core(self) -> ProblemTreeNode | None:
        return next((n for n in self.nodes if n.kind == NodeKind.CORE), None)

    @property
    def direct_causes(self) -> list[ProblemTreeNode]:
        return [n for n in self.nodes if n.kind == NodeKind.DIRECT]

    def parents_for(self, kind: str) -> list[ProblemTreeNode]:
        from sepakat.planning.models_tree import ALLOWED_PARENTS

        return [n for n in self.nodes if n.kind in ALLOWED_PARENTS[kind]]

    @property
    def determinant_parents(self) -> list[ProblemTreeNode]:
        return self.parents_for(NodeKind.DETERMINANT)

    @property
    def root_parents(self) -> list[ProblemTreeNode]:
        return self.parents_for(NodeKind.ROOT)

    @property
    def open_offers(self) -> list[Offer]:
        return [o for o in self.offers if o.key not in self.taken]

    @property
    def core_statement(self) -> str:
        return core_statement(self.problem)

    @property
    def core_evidence(self) -> str:
        """What backs the core problem when the catalogue names no analysis indicator:
        the ranking that made it a priority."""
        if self.problem.indicator_id:
            return ""
        return _("Skor prioritas pada set prioritas %(set)s") % {"set": self.set_name}

    @property
    def anchor(self) -> str:
        return f"pohon-{self.problem.code}"


def _detail(node: ProblemTreeNode, facts: dict[str, Fact]) -> str:
    if node.indicator_code:
        fact = facts.get(node.indicator_code)
        return fact.text if fact else node.indicator_code
    return _("Bukti: %(evidence)s") % {"evidence": node.evidence}


def _answers(offer: Offer, node: ProblemTreeNode) -> bool:
    """Whether ``node`` already is the offered node (so it is not offered again)."""
    if offer.location_code:
        return node.location_code == offer.location_code
    if offer.indicator_code:
        return node.indicator_code == offer.indicator_code
    return node.statement == offer.statement


def problem_trees(
    version: PlanVersion, problem: PriorityIndicator | None = None
) -> list[ProblemTree]:
    """The tree of each problem of the plan's priority set, in the set's order (or only
    ``problem``'s, for the fragment that answers an edit)."""
    items = version.plan.priority_set.items.select_related("indicator__indicator").order_by(
        "position"
    )
    if problem is not None:
        items = items.filter(indicator=problem)
    set_name = str(version.plan.priority_set)
    trees = {
        i.indicator_id: ProblemTree(problem=i.indicator, position=i.position, set_name=set_name)
        for i in items
    }
    nodes = (
        ProblemTreeNode.objects.filter(version=version, problem_id__in=trees)
        .select_related("parent")
        .order_by("position")
    )
    for node in nodes:
        trees[node.problem_id].nodes.append(node)
    facts = indicator_facts(
        {n.indicator_code for t in trees.values() for n in t.nodes if n.indicator_code},
        version.plan.region,
    )
    for tree in trees.values():
        tree.nodes.sort(key=lambda n: (KIND_RANK[n.kind], n.position))
        for node in tree.nodes:
            node.detail = _detail(node, facts)  # type: ignore[attr-defined]
        tree.drawing = layout(
            [
                TreeBox(
                    key=n.pk,
                    parent=n.parent_id,
                    row=KIND_RANK[n.kind],
                    statement=n.statement,
                    detail=n.detail,  # type: ignore[attr-defined]
                    css=f"kind-{n.kind}",
                )
                for n in sorted(tree.nodes, key=lambda n: n.position)
            ]
        )
        tree.rows = [(r.y + LABEL_BASELINE, row_label(r.row)) for r in tree.drawing.rows]
        tree.offers = offers(version, tree.problem)
        tree.taken = {o.key for o in tree.offers if any(_answers(o, n) for n in tree.nodes)}
    return list(trees.values())


LABEL_BASELINE = 20  # a row's name sits beside its first line of text
ROW_NAMES = {rank: kind for kind, rank in KIND_RANK.items()}


def row_label(row: int) -> str:
    return str(NodeKind(ROW_NAMES[row]).label)
