"""Writes of the problem tree: add, change and remove a node, add an offered node, copy.

Every write from a person checks that the person is a planner or regional admin of the
plan's region (:func:`sepakat.planning.plans.may_edit`) and that the version is still
editable (a submitted or approved version is locked; a change makes a new draft), runs in
one transaction with the version row locked (so a submission cannot slip in between) and
leaves one audit record naming the domain event (``plan tree node added``, ``plan tree
node changed``, ``plan tree node removed``). ``actor=None`` is the server's operator (the
demo build).

The **offers** are the priority set's own findings ready to become nodes with one click:
the determinant indicators chosen for the problem in the set (or, when the set names none,
those the catalogue links to it), the lines of its written determinant note, and its
priority locations.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.datahub.models import Indicator
from sepakat.planning.models_plan import PlanVersion
from sepakat.planning.models_tree import ALLOWED_PARENTS, KIND_RANK, NodeKind, ProblemTreeNode
from sepakat.planning.plans import audit, locked_editable, require_edit
from sepakat.priorities.models import PriorityIndicator, PrioritySetItem
from sepakat.regions.models import Region

STATEMENT_MAX = 300
EVIDENCE_MAX = 1000


def core_statement(problem: PriorityIndicator) -> str:
    """The core problem as a problem: the catalogue names what is achieved ("Anak usia
    7-12 tahun bersekolah"), a tree starts from its shortfall."""
    return _("Rendahnya capaian: %(name)s") % {"name": problem.name_id}


def set_item(version: PlanVersion, problem: PriorityIndicator) -> PrioritySetItem:
    """The problem's entry in the plan's priority set, or a refusal naming it."""
    item = (
        version.plan.priority_set.items.filter(indicator=problem)
        .prefetch_related("determinants")
        .first()
    )
    if item is None:
        raise ValidationError(
            _(
                "%(code)s bukan masalah prioritas dalam set prioritas rencana ini; pohon "
                "masalah dibuat untuk masalah dalam set %(set)s."
            )
            % {"code": problem.code, "set": version.plan.priority_set}
        )
    return item


def catalogue_indicator(code: str, region: Region) -> Indicator | None:
    """The national indicator of that code, or the region's own one."""
    return (
        Indicator.objects.filter(code__iexact=code.strip())
        .filter(Q(owner_region__isnull=True) | Q(owner_region=region))
        .order_by("owner_region_id")
        .first()
    )


def _clean_text(
    *, version: PlanVersion, statement: str, indicator_code: str, evidence: str
) -> tuple[str, str, str]:
    """The statement, the canonical indicator code and the evidence, or every problem."""
    statement = " ".join(statement.split())
    indicator_code = indicator_code.strip()
    evidence = evidence.strip()
    errors: list[str] = []
    if not statement:
        errors.append(_('Rumusan simpul wajib diisi, mis. "Banyak anak putus sekolah di SMP".'))
    elif len(statement) > STATEMENT_MAX:
        errors.append(
            _("Rumusan terlalu panjang (%(n)s karakter); paling banyak %(max)s karakter.")
            % {"n": len(statement), "max": STATEMENT_MAX}
        )
    if bool(indicator_code) == bool(evidence):
        errors.append(
            _(
                "Isi salah satu dasar simpul: kode indikator dari katalog (nilainya dibaca "
                'otomatis) atau bukti tertulis (mis. "hasil FGD Desa X 2024"), tidak keduanya.'
            )
        )
    elif indicator_code:
        found = catalogue_indicator(indicator_code, version.plan.region)
        if found is None:
            errors.append(
                _(
                    "Indikator '%(code)s' tidak ada dalam katalog indikator. Periksa kodenya "
                    "pada Katalog Data, atau tulis bukti tertulis sebagai gantinya."
                )
                % {"code": indicator_code}
            )
        else:
            indicator_code = found.code
    if len(evidence) > EVIDENCE_MAX:
        errors.append(
            _("Bukti tertulis terlalu panjang; paling banyak %(max)s karakter.")
            % {"max": EVIDENCE_MAX}
        )
    if errors:
        raise ValidationError(errors)
    return statement, indicator_code, evidence


def _check_place(
    *, kind: str, parent: ProblemTreeNode | None, version: PlanVersion, problem: PriorityIndicator
) -> None:
    if kind not in KIND_RANK:
        raise ValidationError(_("Jenis simpul '%(kind)s' tidak dikenal.") % {"kind": kind})
    if kind == NodeKind.CORE:
        if parent is not None:
            raise ValidationError(
                _("Masalah inti adalah puncak pohon; ia tidak berada di bawah simpul lain.")
            )
        if ProblemTreeNode.objects.filter(
            version=version, problem=problem, kind=NodeKind.CORE
        ).exists():
            raise ValidationError(
                _(
                    "Pohon masalah %(code)s sudah mempunyai masalah inti; ubah rumusannya bila perlu."
                )
                % {"code": problem.code}
            )
        return
    if parent is None or parent.version_id != version.pk or parent.problem_id != problem.pk:
        raise ValidationError(
            _("Pilih simpul induk dari pohon masalah %(code)s pada versi ini.")
            % {"code": problem.code}
        )
    if parent.kind not in ALLOWED_PARENTS[kind]:
        allowed = ", ".join(
            str(NodeKind(k).label).lower()
            for k in sorted(ALLOWED_PARENTS[kind], key=lambda k: KIND_RANK[k])
        )
        raise ValidationError(
            _(
                '%(kind)s tidak dapat ditempatkan di bawah %(parent)s "%(statement)s"; '
                "tempatkan di bawah %(allowed)s."
            )
            % {
                "kind": NodeKind(kind).label,
                "parent": str(NodeKind(parent.kind).label).lower(),
                "statement": parent.statement,
                "allowed": allowed,
            }
        )


def _check_location(code: str, region: Region) -> None:
    if code and not code.startswith(region.code + "."):
        raise ValidationError(
            _("Lokasi %(code)s tidak berada di %(region)s.")
            % {"code": code, "region": region.display_name}
        )


def node_add(
    *,
    actor: User | None,
    version: PlanVersion,
    problem: PriorityIndicator,
    kind: str,
    statement: str,
    parent: ProblemTreeNode | None = None,
    indicator_code: str = "",
    evidence: str = "",
    location_code: str = "",
    offered: str = "",
) -> ProblemTreeNode:
    """Add a node to the tree of ``problem``: the core problem (no parent) or a cause under
    a node of the kind the order allows."""
    require_edit(actor, version.plan.region)
    with transaction.atomic():
        version = locked_editable(version)
        set_item(version, problem)
        _check_place(kind=kind, parent=parent, version=version, problem=problem)
        statement, indicator_code, evidence = _clean_text(
            version=version, statement=statement, indicator_code=indicator_code, evidence=evidence
        )
        _check_location(location_code, version.plan.region)
        top = ProblemTreeNode.objects.filter(version=version, problem=problem).aggregate(
            m=Max("position")
        )["m"]
        node = ProblemTreeNode(
            version=version,
            problem=problem,
            kind=kind,
            parent=parent,
            position=(top or 0) + 1,
            statement=statement,
            indicator_code=indicator_code,
            evidence=evidence,
            location_code=location_code,
            created_by=actor,
        )
        node.full_clean()
        node.save()
        extra = {"offer": [offered]} if offered else {}
        audit(
            actor,
            version,
            "plan tree node added",
            problem=[problem.code],
            kind=[kind],
            statement=[statement],
            basis=[indicator_code or evidence],
            **extra,
        )
    return node


def node_change(
    *, actor: User | None, node: ProblemTreeNode, statement: str, indicator_code: str, evidence: str
) -> ProblemTreeNode:
    """Change what a node says and what backs it (its kind and place stay: to move a
    cause, remove it and add it where it belongs)."""
    require_edit(actor, node.version.plan.region)
    with transaction.atomic():
        version = locked_editable(node.version)
        node = ProblemTreeNode.objects.select_for_update().get(pk=node.pk)
        statement, indicator_code, evidence = _clean_text(
            version=version, statement=statement, indicator_code=indicator_code, evidence=evidence
        )
        before = f"{node.statement} | {node.indicator_code or node.evidence}"
        node.statement, node.indicator_code, node.evidence = statement, indicator_code, evidence
        node.save(update_fields=["statement", "indicator_code", "evidence"])
        audit(
            actor,
            version,
            "plan tree node changed",
            problem=[node.problem.code],
            kind=[node.kind],
            before=[before],
            after=[f"{statement} | {indicator_code or evidence}"],
        )
    return node


def node_remove(*, actor: User | None, node: ProblemTreeNode) -> None:
    """Remove a node that has nothing under it (a branch is taken down from its leaves,
    so that no cause disappears unseen)."""
    require_edit(actor, node.version.plan.region)
    with transaction.atomic():
        version = locked_editable(node.version)
        node = ProblemTreeNode.objects.select_for_update().get(pk=node.pk)
        below = node.children.count()
        if below:
            raise ValidationError(
                _(
                    '"%(statement)s" masih mempunyai %(n)s simpul di bawahnya; hapus dulu '
                    "simpul-simpul itu."
                )
                % {"statement": node.statement, "n": below}
            )
        audit(
            actor,
            version,
            "plan tree node removed",
            problem=[node.problem.code],
            kind=[node.kind],
            statement=[node.statement],
            basis=[node.indicator_code or node.evidence],
        )
        node.delete()


# --------------------------------------------------------------------------- offers


@dataclass(frozen=True)
class Offer:
    """A ready-made node from the priority set; ``key`` names it in a form."""

    key: str
    kind: str
    statement: str
    indicator_code: str = ""
    evidence: str = ""
    location_code: str = ""
    source: str = ""  # where it comes from, shown beside it


def offers(version: PlanVersion, problem: PriorityIndicator) -> list[Offer]:
    """The determinants and locations of the priority set for ``problem`` as nodes."""
    item = set_item(version, problem)
    set_name = str(version.plan.priority_set)
    chosen = list(item.determinants.all().order_by("code"))
    out: list[Offer] = []
    if chosen:
        source = _("determinan set prioritas %(set)s") % {"set": set_name}
    else:
        chosen = list(problem.determinants.all().order_by("code"))
        source = _("determinan yang ditautkan katalog pada masalah ini")
    for indicator in chosen:
        out.append(
            Offer(
                key=f"ind:{indicator.code}",
                kind=NodeKind.DETERMINANT,
                statement=indicator.name,
                indicator_code=indicator.code,
                source=source,
            )
        )
    for n, line in enumerate(
        (line.strip(" -*\t") for line in item.determinants_text.splitlines()), start=1
    ):
        if line:
            out.append(
                Offer(
                    key=f"teks:{n}",
                    kind=NodeKind.DETERMINANT,
                    statement=line[:STATEMENT_MAX],
                    evidence=_("Catatan determinan set prioritas %(set)s") % {"set": set_name},
                    source=_("catatan determinan set prioritas"),
                )
            )
    places = {
        r.code: r
        for r in Region.objects.filter(code__in=item.locations).only(
            "code", "name", "level", "kind"
        )
    }
    for code in item.locations:
        place = places[code].display_name if code in places else code
        out.append(
            Offer(
                key=f"lokasi:{code}",
                kind=NodeKind.DETERMINANT,
                statement=_("Capaian rendah terpusat di %(place)s") % {"place": place},
                evidence=_("Lokasi prioritas set prioritas %(set)s") % {"set": set_name},
                location_code=code,
                source=_("lokasi prioritas set prioritas"),
            )
        )
    return out


def offer_add(
    *,
    actor: User | None,
    version: PlanVersion,
    problem: PriorityIndicator,
    key: str,
    parent: ProblemTreeNode | None,
) -> ProblemTreeNode:
    """Add the offered node ``key`` under ``parent`` (a direct cause of the tree)."""
    require_edit(actor, version.plan.region)
    offer = next((o for o in offers(version, problem) if o.key == key), None)
    if offer is None:
        raise ValidationError(
            _("Tawaran '%(key)s' tidak ada lagi pada set prioritas; muat ulang halaman.")
            % {"key": key}
        )
    return node_add(
        actor=actor,
        version=version,
        problem=problem,
        kind=offer.kind,
        statement=offer.statement,
        parent=parent,
        indicator_code=offer.indicator_code,
        evidence=offer.evidence,
        location_code=offer.location_code,
        offered=offer.key,
    )


# --------------------------------------------------------------------------- copy


def tree_copy(*, source: PlanVersion, draft: PlanVersion) -> int:
    """Copy the trees of ``source`` into ``draft`` (inside the caller's transaction, which
    checks and audits the drafting); the number of nodes copied."""
    nodes = sorted(source.tree_nodes.all(), key=lambda n: (KIND_RANK[n.kind], n.position))
    copies: dict[int, ProblemTreeNode] = {}
    for node in nodes:  # a parent's kind ranks above its children's, so it is copied first
        old = node.pk
        node.pk = None
        node.version = draft
        node.parent = copies[node.parent_id] if node.parent_id else None
        node.save()
        copies[old] = node
    return len(copies)
