"""Checks of the printed report's layout, read from WeasyPrint's own layout and from the
SVG of every chart: a row split across pages, a table or picture wider than the page, a
label that runs out of its chart or was shortened with an ellipsis."""

from __future__ import annotations

import re
from functools import cache
from typing import Any
from xml.etree import ElementTree

from PIL import ImageFont

TOLERANCE = 0.5  # CSS px


def render(html: str) -> Any:
    from weasyprint import HTML

    return HTML(string=html).render()


def _text(box: Any) -> str:
    return " ".join(d.text for d in box.descendants() if hasattr(d, "text") and d.text)[:80]


def split_rows(document: Any) -> list[str]:
    """Body rows laid out on more than one page (header rows repeat by design)."""
    pages_of: dict[int, set[int]] = {}
    texts: dict[int, str] = {}
    for number, page in enumerate(document.pages, start=1):
        for group in page._page_box.descendants():
            if type(group).__name__ != "TableRowGroupBox" or group.is_header:
                continue
            for row in group.children:
                pages_of.setdefault(id(row.element), set()).add(number)
                texts.setdefault(id(row.element), _text(row))
    return [f"{texts[k]!r} on pages {sorted(v)}" for k, v in pages_of.items() if len(v) > 1]


def too_wide(document: Any) -> list[str]:
    """Tables, cells and pictures that reach beyond the page's right margin."""
    out = []
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        right = page.width - page_box.margin_right
        for box in page_box.descendants():
            name = type(box).__name__
            if name not in ("TableBox", "TableCellBox", "InlineReplacedBox", "BlockReplacedBox"):
                continue
            end = box.position_x + box.margin_width()
            if end > right + TOLERANCE:
                out.append(f"page {number}: {name} {_text(box)!r} ends at {end:.0f} > {right:.0f}")
    return out


@cache
def _font(size: float, bold: bool) -> Any:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(name, size=max(1, round(size * 10)))


def _translate(transform: str) -> tuple[float, float, bool]:
    x = y = 0.0
    for a, b in re.findall(r"translate\(([-\d.e]+)[ ,]*([-\d.e]*)\)", transform or ""):
        x, y = x + float(a), y + float(b or 0)
    return x, y, "rotate" in (transform or "")


def cut_labels(svg: str) -> list[str]:
    """Texts of a chart that end outside its picture, or were shortened ("…").

    Widths are measured with DejaVu Sans, the font the PDF draws them in; rotated texts
    (vertical axis titles) are checked for the ellipsis only.
    """
    root = ElementTree.fromstring(svg)
    width = float(root.get("width", "0"))
    out: list[str] = []

    def walk(node: Any, ox: float, oy: float, rotated: bool) -> None:
        dx, dy, rot = _translate(node.get("transform", ""))
        x, y, rotated = ox + dx, oy + dy, rotated or rot
        tag = node.tag.rsplit("}", 1)[-1]
        if tag == "text":
            content = "".join(node.itertext())
            if "…" in content:
                out.append(f"shortened: {content!r}")
            if not rotated and content:
                size = float(re.sub(r"[^\d.]", "", node.get("font-size", "10")) or 10)
                bold = node.get("font-weight", "") in ("bold", "700")
                w = _font(size, bold).getlength(content) / 10
                anchor = node.get("text-anchor", "start")
                left = x - (w if anchor == "end" else w / 2 if anchor == "middle" else 0)
                if left < -TOLERANCE or left + w > width + TOLERANCE:
                    out.append(
                        f"outside: {content!r} from {left:.0f} to {left + w:.0f} of {width:.0f}"
                    )
        for child in node:
            walk(child, x, y, rotated)

    walk(root, 0.0, 0.0, False)
    return out
