"""The demo polygons: children tile their parent exactly, rings are valid and at sea."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict

import numpy as np
import pytest

from sepakat.demo.geography import EAST, NORTH, SOUTH, WEST, RegionSpec, build_regions
from sepakat.demo.services import DEFAULT_SEED
from sepakat.regions.models import Kind, Level

IntPoint = tuple[int, int]


@pytest.fixture(scope="module")
def specs() -> list[RegionSpec]:
    return build_regions(np.random.Generator(np.random.PCG64(DEFAULT_SEED)))


def _ints(spec: RegionSpec) -> list[IntPoint]:
    """Coordinates in micro-degrees: exact integers, since they are rounded to 6 decimals."""
    return [(round(x * 1_000_000), round(y * 1_000_000)) for x, y in spec.ring]


def _twice_area(ring: list[IntPoint]) -> int:
    """Shoelace formula, exact; positive for a counter-clockwise ring."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))


def _edges(ring: list[IntPoint]) -> Counter[tuple[IntPoint, IntPoint]]:
    return Counter(itertools.pairwise(ring))


def _children(specs: list[RegionSpec]) -> dict[str, list[RegionSpec]]:
    out: dict[str, list[RegionSpec]] = defaultdict(list)
    for spec in specs:
        out[spec.parent_code].append(spec)
    return out


def test_it_makes_a_province_of_kab_kota_kecamatan_and_desa(specs: list[RegionSpec]) -> None:
    levels = Counter(s.level for s in specs)
    assert levels[Level.PROVINCE] == 1
    assert levels[Level.REGENCY] >= 6
    assert 8 * levels[Level.REGENCY] <= levels[Level.DISTRICT] <= 12 * levels[Level.REGENCY]
    assert 8 * levels[Level.DISTRICT] <= levels[Level.VILLAGE] <= 12 * levels[Level.DISTRICT]
    kota = [s for s in specs if s.kind == Kind.KOTA]
    assert [k.code for k in kota] == ["99.71"]
    assert kota[0].name == "Kota Contoh"
    for spec in specs:
        if spec.level == Level.VILLAGE:
            number = spec.code.split(".")[3]
            assert number[0] == ("1" if spec.kind == Kind.KELURAHAN else "2")
            assert len(number) == 4
            assert spec.bps_code.startswith(spec.code[:2])
        if spec.level > Level.PROVINCE:
            assert spec.code.rsplit(".", 1)[0] == spec.parent_code
    kelurahan = Counter(s.code[:5] for s in specs if s.kind == Kind.KELURAHAN)
    assert kelurahan.most_common(1)[0][0] == "99.71"  # mostly in the kota
    for parent, children in _children(specs).items():
        names = [c.name for c in children]
        assert len(names) == len(set(names)), parent


def test_rings_are_closed_counter_clockwise_and_at_sea(specs: list[RegionSpec]) -> None:
    for spec in specs:
        ring = spec.ring
        assert ring[0] == ring[-1] and len(ring) >= 5, spec.code
        assert _twice_area(_ints(spec)) > 0, spec.code
        for x, y in ring:
            assert WEST <= x <= EAST and SOUTH <= y <= NORTH
            assert round(x, 6) == x and round(y, 6) == y
        assert spec.geometry["type"] == "Polygon"


def test_children_areas_add_up_to_the_parent(specs: list[RegionSpec]) -> None:
    by_code = {s.code: s for s in specs}
    for parent, children in _children(specs).items():
        if parent == "ID":
            continue
        parent_area = _twice_area(_ints(by_code[parent]))
        assert sum(_twice_area(_ints(c)) for c in children) == parent_area, parent


def test_children_share_edges_and_do_not_overlap(specs: list[RegionSpec]) -> None:
    """Inner edges cancel (walked once each way), what is left is the parent's outline.

    With every child a simple counter-clockwise ring this means the children's winding
    numbers add up to the parent's: they cover it once, with no overlap and no gap.
    """
    by_code = {s.code: s for s in specs}
    for parent, children in _children(specs).items():
        if parent == "ID":
            continue
        edges: Counter[tuple[IntPoint, IntPoint]] = Counter()
        for child in children:
            edges.update(_edges(_ints(child)))
        for (a, b), count in list(edges.items()):
            reverse = edges.get((b, a), 0)
            cancel = min(count, reverse)
            if cancel and a < b:
                edges[a, b] -= cancel
                edges[b, a] -= cancel
        outline = +edges
        assert outline == _edges(_ints(by_code[parent])), parent


def _cross(o: IntPoint, a: IntPoint, b: IntPoint) -> int:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _segments_touch(p1: IntPoint, p2: IntPoint, q1: IntPoint, q2: IntPoint) -> bool:
    d1, d2 = _cross(q1, q2, p1), _cross(q1, q2, p2)
    d3, d4 = _cross(p1, p2, q1), _cross(p1, p2, q2)
    if ((d1 > 0) != (d2 > 0)) and ((d3 > 0) != (d4 > 0)) and 0 not in (d1, d2, d3, d4):
        return True

    def on(a: IntPoint, b: IntPoint, c: IntPoint) -> bool:
        return min(a[0], b[0]) <= c[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= c[1] <= max(
            a[1], b[1]
        )

    return (
        (d1 == 0 and on(q1, q2, p1))
        or (d2 == 0 and on(q1, q2, p2))
        or (d3 == 0 and on(p1, p2, q1))
        or (d4 == 0 and on(p1, p2, q2))
    )


def test_every_ring_is_simple(specs: list[RegionSpec]) -> None:
    for spec in specs:
        ring = _ints(spec)
        assert len(set(ring[:-1])) == len(ring) - 1, spec.code
        n = len(ring) - 1
        for i in range(n):
            for j in range(i + 2, n):
                if i == 0 and j == n - 1:
                    continue  # neighbours through the closing vertex
                assert not _segments_touch(ring[i], ring[i + 1], ring[j], ring[j + 1]), (
                    spec.code,
                    i,
                    j,
                )


def test_the_same_seed_gives_the_same_map(specs: list[RegionSpec]) -> None:
    again = build_regions(np.random.Generator(np.random.PCG64(DEFAULT_SEED)))
    assert [(s.code, s.name, s.ring) for s in again] == [(s.code, s.name, s.ring) for s in specs]
    other = build_regions(np.random.Generator(np.random.PCG64(DEFAULT_SEED + 1)))
    assert [s.ring for s in other] != [s.ring for s in specs]
