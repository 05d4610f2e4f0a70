"""The problem trees in the RPKD draft (chapter IV): one table per priority problem whose
tree the TKPKD has drawn, read from the top down as the page draws it.

A drawing does not survive a Word file that the region edits, so the document lists the
nodes instead: depth first, each node under the one it explains, indented by its level,
with what backs it (the indicator's latest verified value or the written evidence). The
page ``/perencanaan/rencana/versi/<id>/pohon-masalah/`` keeps the drawing to print."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sepakat.planning.models_plan import PlanVersion
from sepakat.planning.models_tree import KIND_RANK, ProblemTreeNode
from sepakat.planning.rpkd_parts import Item, Paragraph, Table
from sepakat.planning.tree_selectors import ProblemTree, problem_trees

INDENT = "\u2003"  # an em space: keeps its width in Word and in the PDF


def _depth_first(tree: ProblemTree) -> list[ProblemTreeNode]:
    children: dict[int | None, list[ProblemTreeNode]] = {}
    for node in tree.nodes:
        children.setdefault(node.parent_id, []).append(node)
    ordered: list[ProblemTreeNode] = []

    def visit(parent: int | None) -> None:
        for node in sorted(children.get(parent, []), key=lambda n: n.position):
            ordered.append(node)
            visit(node.pk)

    visit(None)
    return ordered


def tree_items(version: PlanVersion) -> list[Item]:
    """A paragraph and a table per problem with a tree; one sentence when none has one."""
    trees = [t for t in problem_trees(version) if t.nodes]
    if not trees:
        return [
            Paragraph(
                _(
                    "Pohon masalah (masalah inti, penyebab langsung, determinan, akar "
                    "masalah) untuk tiap masalah prioritas belum disusun dalam versi rencana "
                    "ini; susun di halaman Pohon masalah pada menu Perencanaan."
                )
            )
        ]
    items: list[Item] = [
        Paragraph(
            _(
                "Pohon masalah menjelaskan setiap masalah prioritas dari atas ke bawah: masalah "
                "inti, penyebab langsung, determinan, dan akar masalah tempat intervensi "
                "bekerja. Setiap simpul didukung oleh nilai indikator terverifikasi terakhir "
                "atau oleh bukti tertulis."
            )
        )
    ]
    for tree in trees:
        rows = [
            [
                str(node.get_kind_display()),
                INDENT * KIND_RANK[node.kind] + node.statement,
                node.detail,  # type: ignore[attr-defined]
            ]
            for node in _depth_first(tree)
        ]
        items.append(
            Table(
                [_("Tingkat"), _("Rumusan"), _("Dasar (indikator atau bukti)")],
                rows,
                title=f"{tree.problem.code} {tree.problem.name_id}",
                widths=[2, 5, 4],
            )
        )
    return items
