"""The problem tree (pohon masalah) of each priority problem, inside a plan version.

A tree reads from the top down as a chain of "why?": the **core problem** (masalah inti,
one per priority problem of the plan's set, the root), its **direct causes** (penyebab
langsung), the **determinants** behind a direct cause (determinan: the demand and supply
factors of the prioritisation) and the **root causes** (akar masalah) a plan can act on.
Each node is backed either by a catalogue indicator (its latest value is read when the tree
is drawn) or by written evidence ("hasil FGD Desa X 2024").

The nodes belong to a :class:`~sepakat.planning.models_plan.PlanVersion`: the tree is part
of what the TKPKD approves, is locked with the version and copied into a new draft.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sepakat.planning.models_plan import PlanVersion
from sepakat.priorities.models import PriorityIndicator


class NodeKind(models.TextChoices):
    CORE = "inti", _("Masalah inti")
    DIRECT = "langsung", _("Penyebab langsung")
    DETERMINANT = "determinan", _("Determinan")
    ROOT = "akar", _("Akar masalah")


# The row of each kind in the drawing, top to bottom.
KIND_RANK: dict[str, int] = {
    NodeKind.CORE: 0,
    NodeKind.DIRECT: 1,
    NodeKind.DETERMINANT: 2,
    NodeKind.ROOT: 3,
}

# Which kind of node each kind may hang under (the reason is in docs/planning.md,
# "Pohon masalah"): every cause explains the node above it, so a determinant explains a
# direct cause and a root cause explains a direct cause or a determinant; nothing hangs
# under a root cause, which is where the plan acts.
ALLOWED_PARENTS: dict[str, frozenset[str]] = {
    NodeKind.CORE: frozenset(),
    NodeKind.DIRECT: frozenset({NodeKind.CORE}),
    NodeKind.DETERMINANT: frozenset({NodeKind.DIRECT}),
    NodeKind.ROOT: frozenset({NodeKind.DIRECT, NodeKind.DETERMINANT}),
}


class ProblemTreeNode(models.Model):
    REGION_LOOKUP = "version__plan__region"

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="tree_nodes")
    problem = models.ForeignKey(
        PriorityIndicator,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("masalah prioritas"),
    )
    kind = models.CharField(_("jenis simpul"), max_length=12, choices=NodeKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveSmallIntegerField(_("urutan"))
    statement = models.CharField(_("rumusan"), max_length=300)
    # A code of the indicator catalogue (national, or the region's own indicator).
    indicator_code = models.CharField(_("kode indikator"), max_length=40, blank=True)
    evidence = models.TextField(_("bukti tertulis"), blank=True)
    # Kemendagri code of a kecamatan/desa of the region, for a node offered from the
    # priority set's locations.
    location_code = models.CharField(_("kode lokasi"), max_length=30, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["version", "problem", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "problem"],
                condition=Q(kind="inti"),
                name="tree_one_core_problem_per_problem",
            ),
            models.CheckConstraint(
                condition=(Q(kind="inti") & Q(parent__isnull=True))
                | (~Q(kind="inti") & Q(parent__isnull=False)),
                name="tree_only_the_core_problem_is_a_root",
            ),
            models.CheckConstraint(
                condition=(~Q(indicator_code="") & Q(evidence=""))
                | (Q(indicator_code="") & ~Q(evidence="")),
                name="tree_node_indicator_or_evidence",
            ),
        ]
        verbose_name = _("simpul pohon masalah")
        verbose_name_plural = _("simpul pohon masalah")

    def __str__(self) -> str:
        return f"{self.kind} {self.statement}"
