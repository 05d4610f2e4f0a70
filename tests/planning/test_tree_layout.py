"""The drawing of a problem tree: rows by kind, no box over another, lines from a parent's
bottom to its child's top that cross no box, long statements wrapped."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sepakat.planning.tree_layout import (
    BOX_WIDTH,
    CHARS_PER_LINE,
    Drawing,
    Placed,
    TreeBox,
    layout,
    wrap,
)


def by_key(drawing: Drawing) -> dict[int, Placed]:
    return {b.key: b for b in drawing.boxes}


def overlaps(a: Placed, b: Placed) -> bool:
    return (
        a.x < b.x + b.width
        and b.x < a.x + a.width
        and a.y < b.y + b.height
        and b.y < a.y + a.height
    )


def small_tree() -> list[TreeBox]:
    return [
        TreeBox(1, None, 0, "Angka partisipasi sekolah SMP rendah pada penduduk miskin"),
        TreeBox(2, 1, 1, "Anak miskin tidak melanjutkan"),
        TreeBox(
            3, 1, 1, "Sekolah jauh", detail="PODES07: rata-rata 4,2 km di 150 desa (2024, Podes)"
        ),
        TreeBox(4, 2, 2, "Biaya sekolah mahal"),
        TreeBox(5, 2, 3, "Bantuan pendidikan tidak tepat sasaran"),  # root under direct
        TreeBox(6, 4, 3, "Seragam dan transportasi tidak ditanggung"),
    ]


def test_each_kind_has_its_row_and_the_core_problem_is_on_top() -> None:
    boxes = by_key(layout(small_tree()))
    assert boxes[1].y < boxes[2].y == boxes[3].y < boxes[4].y < boxes[5].y == boxes[6].y
    # a root cause straight under a direct cause still sits in the root-cause row


def test_a_parent_is_centred_over_its_children_and_no_box_overlaps() -> None:
    drawing = layout(small_tree())
    boxes = by_key(drawing)
    assert boxes[1].centre == (boxes[2].centre + boxes[3].centre) / 2
    assert boxes[2].centre == (boxes[4].centre + boxes[5].centre) / 2
    placed = drawing.boxes
    assert not any(overlaps(a, b) for i, a in enumerate(placed) for b in placed[i + 1 :])
    assert all(b.x + b.width <= drawing.width and b.y + b.height <= drawing.height for b in placed)


def test_a_connector_runs_from_the_parents_bottom_to_the_childs_top() -> None:
    drawing = layout(small_tree())
    boxes = by_key(drawing)
    for line in drawing.connectors:
        start, end = line.points[0], line.points[-1]
        parent, child = boxes[line.parent], boxes[line.child]
        assert start == (parent.centre, parent.y + parent.height)
        assert end == (child.centre, child.y)
    assert {(c.parent, c.child) for c in drawing.connectors} == {
        (1, 2),
        (1, 3),
        (2, 4),
        (2, 5),
        (4, 6),
    }
    assert drawing.connectors[0].path.startswith("M")


def test_long_statements_are_wrapped_and_the_box_grows() -> None:
    drawing = layout(small_tree())
    boxes = by_key(drawing)
    assert boxes[1].lines == ("Angka partisipasi sekolah", "SMP rendah pada penduduk", "miskin")
    assert boxes[3].detail_lines[0].startswith("PODES07")
    assert boxes[3].height > boxes[2].height
    assert all(
        len(line) <= CHARS_PER_LINE for b in drawing.boxes for line in (*b.lines, *b.detail_lines)
    )
    assert wrap("x" * 65, 30) == ("x" * 30, "x" * 30, "x" * 5)  # a long word is cut
    rows = boxes[3].text_rows()
    assert [detail for _x, _y, _t, detail in rows] == [False, True, True]


def test_an_empty_tree_draws_nothing() -> None:
    assert layout([]).boxes == [] and layout([]).width == 0


# Random trees that keep the order of kinds: a child's row is below its parent's.
@st.composite
def trees(draw: st.DrawFn) -> list[TreeBox]:
    boxes = [TreeBox(0, None, 0, draw(st.text(min_size=1, max_size=90)))]
    for key in range(1, draw(st.integers(0, 14)) + 1):
        parent = draw(st.sampled_from([b for b in boxes if b.row < 3]))
        row = draw(st.integers(parent.row + 1, 3))
        boxes.append(TreeBox(key, parent.key, row, draw(st.text(min_size=1, max_size=120))))
    return boxes


@settings(max_examples=60, deadline=None)
@given(trees())
def test_no_box_overlaps_and_no_line_crosses_a_box(boxes: list[TreeBox]) -> None:
    drawing = layout(boxes)
    placed = by_key(drawing)
    assert len(placed) == len(boxes)
    items = list(placed.values())
    assert not any(overlaps(a, b) for i, a in enumerate(items) for b in items[i + 1 :])
    for line in drawing.connectors:
        for (x0, y0), (x1, y1) in zip(line.points, line.points[1:], strict=False):
            for box in items:
                if box.key in (line.parent, line.child):
                    continue
                inside_x = min(x0, x1) < box.x + box.width and box.x < max(x0, x1)
                inside_y = min(y0, y1) < box.y + box.height and box.y < max(y0, y1)
                if x0 == x1:  # vertical segment
                    assert not (box.x < x0 < box.x + box.width and inside_y)
                else:  # horizontal, at the turn between two rows
                    assert not (inside_x and box.y < y0 < box.y + box.height)
    assert drawing.width >= BOX_WIDTH
