"""Where each box and line of a problem tree goes: a pure function, no Django, no I/O.

The drawing has one row per kind of node (core problem at the top, root causes at the
bottom, so the roots of the problem are drawn as roots), whatever the depth of the node:
a root cause placed directly under a direct cause still sits in the root-cause row, and
its line runs down past the determinant row. Horizontally every leaf gets its own column
and a parent is centred over its children, so boxes never overlap and a line never
crosses a box. Long statements are wrapped into lines of at most ``chars`` characters.

>>> drawing = layout([TreeBox(1, None, 0, "Angka putus sekolah tinggi")])
>>> len(drawing.boxes), drawing.boxes[0].lines
(1, ('Angka putus sekolah tinggi',))
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

BOX_WIDTH = 190
CHARS_PER_LINE = 28
LINE_HEIGHT = 14
PADDING = 8
COLUMN_GAP = 18
ROW_GAP = 44
LABEL_WIDTH = 130  # the row names on the left ("Akar masalah")
MARGIN = 10


@dataclass(frozen=True)
class TreeBox:
    """A node to draw: its key, its parent's key, its row and its text."""

    key: int
    parent: int | None
    row: int
    statement: str
    detail: str = ""  # the indicator value or the evidence, in smaller type
    css: str = ""


@dataclass(frozen=True)
class Placed:
    key: int
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]
    detail_lines: tuple[str, ...]
    css: str

    @property
    def centre(self) -> float:
        return self.x + self.width / 2

    def text_rows(self) -> list[tuple[float, float, str, bool]]:
        """(x, baseline y, text, is_detail) of each line, for the SVG."""
        out = []
        y = self.y + PADDING + LINE_HEIGHT - 3
        for line in self.lines:
            out.append((self.x + PADDING, y, line, False))
            y += LINE_HEIGHT
        for line in self.detail_lines:
            out.append((self.x + PADDING, y, line, True))
            y += LINE_HEIGHT
        return out


@dataclass(frozen=True)
class Connector:
    parent: int
    child: int
    points: tuple[tuple[float, float], ...]

    @property
    def path(self) -> str:
        (x0, y0), *rest = self.points
        return f"M{x0:g} {y0:g}" + "".join(f" L{x:g} {y:g}" for x, y in rest)


@dataclass(frozen=True)
class RowLabel:
    row: int
    y: float  # the top of the row


@dataclass
class Drawing:
    width: float
    height: float
    boxes: list[Placed] = field(default_factory=list)
    connectors: list[Connector] = field(default_factory=list)
    rows: list[RowLabel] = field(default_factory=list)


def wrap(text: str, chars: int = CHARS_PER_LINE) -> tuple[str, ...]:
    """Lines of at most ``chars`` characters, a word longer than that cut.

    >>> wrap("Akses air minum layak rendah di desa terpencil", 20)
    ('Akses air minum', 'layak rendah di desa', 'terpencil')
    """
    lines = textwrap.wrap(" ".join(text.split()), chars, break_long_words=True)
    return tuple(lines) or ("",)


def layout(boxes: Sequence[TreeBox], *, chars: int = CHARS_PER_LINE) -> Drawing:
    """Boxes and connectors of one tree; nodes whose parent is not among ``boxes`` are
    drawn as roots of their own (a caller passes whole trees)."""
    if not boxes:
        return Drawing(width=0, height=0)
    keys = {b.key for b in boxes}
    children: dict[int | None, list[TreeBox]] = {}
    for box in boxes:
        parent = box.parent if box.parent in keys else None
        children.setdefault(parent, []).append(box)

    # Text and heights first: a row is as tall as its tallest box.
    texts = {
        b.key: (wrap(b.statement, chars), wrap(b.detail, chars) if b.detail else ()) for b in boxes
    }
    height = {
        k: 2 * PADDING + LINE_HEIGHT * (len(lines) + len(detail))
        for k, (lines, detail) in texts.items()
    }
    used_rows = sorted({b.row for b in boxes})
    row_top: dict[int, float] = {}
    y = float(MARGIN)
    for row in used_rows:
        row_top[row] = y
        y += max(height[b.key] for b in boxes if b.row == row) + ROW_GAP
    total_height = y - ROW_GAP + MARGIN

    # Columns: leaves left to right in depth-first order, parents over their children.
    column: dict[int, float] = {}
    next_leaf = 0

    def place(box: TreeBox) -> float:
        nonlocal next_leaf
        kids = children.get(box.key, [])
        if not kids:
            column[box.key] = float(next_leaf)
            next_leaf += 1
        else:
            spots = [place(kid) for kid in kids]
            column[box.key] = (spots[0] + spots[-1]) / 2
        return column[box.key]

    for root in children.get(None, []):
        place(root)

    step = BOX_WIDTH + COLUMN_GAP
    left = MARGIN + LABEL_WIDTH
    drawing = Drawing(width=left + next_leaf * step - COLUMN_GAP + MARGIN, height=total_height)
    placed: dict[int, Placed] = {}
    for box in boxes:
        lines, detail = texts[box.key]
        placed[box.key] = Placed(
            key=box.key,
            x=left + column[box.key] * step,
            y=row_top[box.row],
            width=BOX_WIDTH,
            height=height[box.key],
            lines=lines,
            detail_lines=detail,
            css=box.css,
        )
    drawing.boxes = [placed[b.key] for b in boxes]
    rows_of = {b.key: b.row for b in boxes}
    for box in boxes:
        if box.parent not in placed:
            continue
        top, bottom = placed[box.parent], placed[box.key]
        # The elbow turns halfway between the parent's row and the next one down.
        below = [r for r in used_rows if r > rows_of[box.parent]]
        turn = (row_top[below[0]] if below else bottom.y) - ROW_GAP / 2
        drawing.connectors.append(
            Connector(
                parent=box.parent,
                child=box.key,
                points=(
                    (top.centre, top.y + top.height),
                    (top.centre, turn),
                    (bottom.centre, turn),
                    (bottom.centre, bottom.y),
                ),
            )
        )
    drawing.rows = [RowLabel(row=r, y=row_top[r]) for r in used_rows]
    return drawing
