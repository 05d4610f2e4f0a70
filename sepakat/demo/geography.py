"""The regions and polygons of the synthetic "Provinsi Contoh" (Kemendagri code 99).

The province lies in open sea south of Java (about 106-108 E, 9-10.4 S), so that it can
never be mistaken for real land. It is cut into a jittered grid of quadrilaterals, one per
kab/kota; each of them is cut again into a jittered grid of kecamatan, and each kecamatan
into desa/kelurahan.

Children tile their parent exactly because every polygon is built from one shared set of
vertices: a point on a straight edge is created once, at a parameter ``t`` of that edge, and
every polygon that borders the edge lists every point on it (also the points its neighbour
added there). Shared edges are therefore walked through the same rounded vertices, in
opposite directions, and the shoelace areas of the children add up to the parent's area.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sepakat.demo.names import unique_names
from sepakat.regions.models import Kind, Level

PROVINCE_CODE = "99"
# Synthetic BPS code; 99 is not used by BPS (nor by Kemendagri) for any real province.
PROVINCE_BPS_CODE = "99"
PROVINCE_NAME = "Provinsi Contoh"
KOTA_NAME = "Kota Contoh"

# Bounding box in the Indian Ocean, south of the Sunda Strait and West Java.
WEST, EAST = 106.05, 107.95
SOUTH, NORTH = -10.35, -9.05
# Kab/kota grid: 4 columns x 2 rows; the kota sits in one cell (see _KOTA_CELL).
_COLUMNS, _ROWS = 4, 2
_KOTA_CELL = (2, 1)
# Shapes of sub-grids: about 10 kecamatan per kab/kota and 10 desa per kecamatan.
_SUBGRIDS = ((3, 3), (5, 2), (2, 5), (4, 3), (3, 4), (3, 3), (5, 2))

Point = tuple[float, float]


@dataclass
class RegionSpec:
    """One region to create: codes, name, level and polygon ring (closed, counter-clockwise)."""

    code: str
    bps_code: str
    name: str
    level: int
    kind: str
    parent_code: str
    ring: list[Point] = field(default_factory=list)
    urban: bool = False

    @property
    def geometry(self) -> dict[str, object]:
        return {"type": "Polygon", "coordinates": [[[x, y] for x, y in self.ring]]}


# --- a mesh of shared vertices and straight edges -------------------------------------------


@dataclass
class _Edge:
    start: int
    end: int
    stops: dict[float, int]


# A side of a quadrilateral: a piece of an edge, from parameter t_from to t_to.
_Side = tuple[int, float, float]


@dataclass
class _Cell:
    corners: tuple[int, int, int, int]  # south-west, south-east, north-east, north-west
    sides: tuple[_Side, ...]  # south, east, north (reversed), west (reversed)


class _Mesh:
    def __init__(self) -> None:
        self.points: list[Point] = []
        self.edges: list[_Edge] = []

    def point(self, xy: Point) -> int:
        self.points.append((float(xy[0]), float(xy[1])))
        return len(self.points) - 1

    def edge(self, start: int, end: int) -> int:
        self.edges.append(_Edge(start, end, {0.0: start, 1.0: end}))
        return len(self.edges) - 1

    def stop(self, edge_id: int, t: float) -> int:
        """The vertex at parameter ``t`` of an edge, created on first use."""
        edge = self.edges[edge_id]
        if t not in edge.stops:
            (x0, y0), (x1, y1) = self.points[edge.start], self.points[edge.end]
            edge.stops[t] = self.point((x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
        return edge.stops[t]

    def ring(self, cell: _Cell) -> list[Point]:
        """The cell's boundary through every vertex on its sides, rounded, closed."""
        out: list[Point] = []
        for edge_id, t_from, t_to in cell.sides:
            stops = self.edges[edge_id].stops
            if t_from < t_to:
                ts = sorted(t for t in stops if t_from <= t < t_to)
            else:
                ts = sorted((t for t in stops if t_to < t <= t_from), reverse=True)
            for t in ts:
                x, y = self.points[stops[t]]
                xy = (round(x, 6), round(y, 6))
                if not out or out[-1] != xy:
                    out.append(xy)
        while len(out) > 1 and out[-1] == out[0]:
            out.pop()
        out.append(out[0])
        return out


def _params(rng: np.random.Generator, count: int, jitter: float) -> list[float]:
    """0, then count-1 jittered interior cut points, then 1."""
    inner = [(k + rng.uniform(-jitter, jitter)) / count for k in range(1, count)]
    return [0.0, *inner, 1.0]


def _subdivide(
    mesh: _Mesh, cell: _Cell, columns: int, rows: int, rng: np.random.Generator
) -> list[_Cell]:
    """Cut a quadrilateral into a columns x rows grid, in reading order (north-west first).

    Points on the cell's sides are interpolated on those (straight) sides; interior points
    follow a Coons patch of the boundary with a little jitter.
    """
    c0, c1, c2, c3 = cell.corners
    south, east, north, west = cell.sides
    u_south, u_north = _params(rng, columns, 0.25), _params(rng, columns, 0.25)
    v_west, v_east = _params(rng, rows, 0.25), _params(rng, rows, 0.25)

    def side_t(side: _Side, s: float) -> float:
        _edge, t_from, t_to = side
        return t_from + s * (t_to - t_from)

    # Parameters, along the parent's edges, of the boundary vertices of the sub-grid.
    t_south = [south[1], *(side_t(south, u) for u in u_south[1:-1]), south[2]]
    t_east = [east[1], *(side_t(east, v) for v in v_east[1:-1]), east[2]]
    # North and west sides run backwards (north-east to north-west, north-west to south-west).
    t_north = [north[2], *(side_t(north, 1 - u) for u in u_north[1:-1]), north[1]]
    t_west = [west[2], *(side_t(west, 1 - v) for v in v_west[1:-1]), west[1]]

    grid: dict[tuple[int, int], int] = {}
    for k in range(columns + 1):
        grid[k, 0] = mesh.stop(south[0], t_south[k])
        grid[k, rows] = mesh.stop(north[0], t_north[k])
    for row in range(rows + 1):
        grid[0, row] = mesh.stop(west[0], t_west[row])
        grid[columns, row] = mesh.stop(east[0], t_east[row])
    grid[0, 0], grid[columns, 0], grid[columns, rows], grid[0, rows] = c0, c1, c2, c3

    p = {
        name: np.array(mesh.points[i])
        for name, i in (("c0", c0), ("c1", c1), ("c2", c2), ("c3", c3))
    }
    step_u = (p["c1"] - p["c0"] + p["c2"] - p["c3"]) / (2 * columns)
    step_v = (p["c3"] - p["c0"] + p["c2"] - p["c1"]) / (2 * rows)
    for k in range(1, columns):
        for row in range(1, rows):
            u = (u_south[k] + u_north[k]) / 2
            v = (v_west[row] + v_east[row]) / 2
            b, t = np.array(mesh.points[grid[k, 0]]), np.array(mesh.points[grid[k, rows]])
            left, r = np.array(mesh.points[grid[0, row]]), np.array(mesh.points[grid[columns, row]])
            coons = (
                (1 - v) * b
                + v * t
                + (1 - u) * left
                + u * r
                - (
                    (1 - u) * (1 - v) * p["c0"]
                    + u * (1 - v) * p["c1"]
                    + u * v * p["c2"]
                    + (1 - u) * v * p["c3"]
                )
            )
            coons = coons + rng.uniform(-0.15, 0.15) * step_u + rng.uniform(-0.15, 0.15) * step_v
            grid[k, row] = mesh.point((coons[0], coons[1]))

    # Interior edges: horizontal (k,row)->(k+1,row) and vertical (k,row)->(k,row+1).
    horizontal = {
        (k, row): mesh.edge(grid[k, row], grid[k + 1, row])
        for k in range(columns)
        for row in range(1, rows)
    }
    vertical = {
        (k, row): mesh.edge(grid[k, row], grid[k, row + 1])
        for k in range(1, columns)
        for row in range(rows)
    }

    children: list[_Cell] = []
    for row in reversed(range(rows)):  # north first, as maps are read
        for k in range(columns):
            s_side = (
                (south[0], t_south[k], t_south[k + 1])
                if row == 0
                else (horizontal[k, row], 0.0, 1.0)
            )
            e_side = (
                (east[0], t_east[row], t_east[row + 1])
                if k + 1 == columns
                else (vertical[k + 1, row], 0.0, 1.0)
            )
            n_side = (
                (north[0], t_north[k + 1], t_north[k])
                if row + 1 == rows
                else (horizontal[k, row + 1], 1.0, 0.0)
            )
            w_side = (
                (west[0], t_west[row + 1], t_west[row]) if k == 0 else (vertical[k, row], 1.0, 0.0)
            )
            children.append(
                _Cell(
                    corners=(
                        grid[k, row],
                        grid[k + 1, row],
                        grid[k + 1, row + 1],
                        grid[k, row + 1],
                    ),
                    sides=(s_side, e_side, n_side, w_side),
                )
            )
    return children


def _province_grid(mesh: _Mesh, rng: np.random.Generator) -> tuple[list[_Cell], list[_Side]]:
    """The kab/kota cells and the province's outline (counter-clockwise list of sides)."""
    xs = np.linspace(WEST, EAST, _COLUMNS + 1)
    ys = np.linspace(SOUTH, NORTH, _ROWS + 1)
    dx, dy = (EAST - WEST) / _COLUMNS, (NORTH - SOUTH) / _ROWS
    grid: dict[tuple[int, int], int] = {}
    for k in range(_COLUMNS + 1):
        for row in range(_ROWS + 1):
            # Interior vertices move freely; outline vertices only inward, so the coast is
            # irregular but stays inside the bounding box.
            x = xs[k] + dx * (
                rng.uniform(-0.2, 0.2)
                if 0 < k < _COLUMNS
                else rng.uniform(0, 0.12) * (1 if k == 0 else -1)
            )
            y = ys[row] + dy * (
                rng.uniform(-0.15, 0.15)
                if 0 < row < _ROWS
                else rng.uniform(0, 0.1) * (1 if row == 0 else -1)
            )
            grid[k, row] = mesh.point((x, y))
    horizontal = {
        (k, row): mesh.edge(grid[k, row], grid[k + 1, row])
        for k in range(_COLUMNS)
        for row in range(_ROWS + 1)
    }
    vertical = {
        (k, row): mesh.edge(grid[k, row], grid[k, row + 1])
        for k in range(_COLUMNS + 1)
        for row in range(_ROWS)
    }
    cells: list[_Cell] = []
    for row in reversed(range(_ROWS)):
        for k in range(_COLUMNS):
            cells.append(
                _Cell(
                    corners=(
                        grid[k, row],
                        grid[k + 1, row],
                        grid[k + 1, row + 1],
                        grid[k, row + 1],
                    ),
                    sides=(
                        (horizontal[k, row], 0.0, 1.0),
                        (vertical[k + 1, row], 0.0, 1.0),
                        (horizontal[k, row + 1], 1.0, 0.0),
                        (vertical[k, row], 1.0, 0.0),
                    ),
                )
            )
    outline: list[_Side] = [(horizontal[k, 0], 0.0, 1.0) for k in range(_COLUMNS)]
    outline += [(vertical[_COLUMNS, row], 0.0, 1.0) for row in range(_ROWS)]
    outline += [(horizontal[k, _ROWS], 1.0, 0.0) for k in reversed(range(_COLUMNS))]
    outline += [(vertical[0, row], 1.0, 0.0) for row in reversed(range(_ROWS))]
    return cells, outline


def _outline_ring(mesh: _Mesh, outline: list[_Side]) -> list[Point]:
    return mesh.ring(_Cell(corners=(0, 0, 0, 0), sides=tuple(outline)))


def build_regions(rng: np.random.Generator) -> list[RegionSpec]:
    """Province, kab/kota, kecamatan and desa/kelurahan, each with its polygon, by code."""
    mesh = _Mesh()
    regency_cells, outline = _province_grid(mesh, rng)
    taken: set[str] = {"Contoh"}
    regency_names = iter(unique_names(rng, len(regency_cells), taken=taken))

    province = RegionSpec(
        code=PROVINCE_CODE,
        bps_code=PROVINCE_BPS_CODE,
        name=PROVINCE_NAME,
        level=Level.PROVINCE,
        kind=Kind.NONE,
        parent_code="ID",
    )
    specs: list[RegionSpec] = [province]
    cells: dict[str, _Cell] = {}
    kabupaten_number = 0
    for index, cell in enumerate(regency_cells):
        is_kota = (index % _COLUMNS, _ROWS - 1 - index // _COLUMNS) == _KOTA_CELL
        if is_kota:
            number, name, kind = 71, KOTA_NAME, Kind.KOTA
        else:
            kabupaten_number += 1
            number, name, kind = (
                kabupaten_number,
                f"Kabupaten {next(regency_names)}",
                Kind.KABUPATEN,
            )
        regency = RegionSpec(
            code=f"{PROVINCE_CODE}.{number:02d}",
            bps_code=f"{PROVINCE_BPS_CODE}{number:02d}",
            name=name,
            level=Level.REGENCY,
            kind=kind,
            parent_code=PROVINCE_CODE,
            urban=is_kota,
        )
        specs.append(regency)
        cells[regency.code] = cell

        columns, rows = _SUBGRIDS[int(rng.integers(len(_SUBGRIDS)))]
        district_cells = _subdivide(mesh, cell, columns, rows, rng)
        district_names = unique_names(rng, len(district_cells), taken=taken)
        for d_index, (d_cell, d_name) in enumerate(
            zip(district_cells, district_names, strict=True)
        ):
            district = RegionSpec(
                code=f"{regency.code}.{d_index + 1:02d}",
                bps_code=f"{regency.bps_code}{10 * (d_index + 1):03d}",
                name=d_name,
                level=Level.DISTRICT,
                kind=Kind.NONE,
                parent_code=regency.code,
            )
            specs.append(district)
            cells[district.code] = d_cell
            specs.extend(
                _villages(
                    mesh,
                    d_cell,
                    district,
                    rng,
                    is_kota=is_kota,
                    is_capital=d_index == 0,
                    cells=cells,
                )
            )

    for spec in specs:
        if spec.code == PROVINCE_CODE:
            spec.ring = _outline_ring(mesh, outline)
        else:
            spec.ring = mesh.ring(cells[spec.code])
    return sorted(specs, key=lambda s: (s.level, s.code))


def _villages(
    mesh: _Mesh,
    cell: _Cell,
    district: RegionSpec,
    rng: np.random.Generator,
    *,
    is_kota: bool,
    is_capital: bool,
    cells: dict[str, _Cell],
) -> list[RegionSpec]:
    """The desa/kelurahan of one kecamatan: kelurahan (codes 1xxx) in the kota and the
    kabupaten capital, desa (2xxx) elsewhere; BPS numbers them in map order instead."""
    columns, rows = _SUBGRIDS[int(rng.integers(len(_SUBGRIDS)))]
    village_cells = _subdivide(mesh, cell, columns, rows, rng)
    names = unique_names(rng, len(village_cells))
    share = 0.85 if is_kota else (0.4 if is_capital else 0.0)
    is_kelurahan = rng.random(len(village_cells)) < share
    out: list[RegionSpec] = []
    counters = {True: 1000, False: 2000}
    for index, (v_cell, name, kelurahan) in enumerate(
        zip(village_cells, names, is_kelurahan.tolist(), strict=True)
    ):
        counters[kelurahan] += 1
        spec = RegionSpec(
            code=f"{district.code}.{counters[kelurahan]}",
            bps_code=f"{district.bps_code}{index + 1:03d}",
            name=name,
            level=Level.VILLAGE,
            kind=Kind.KELURAHAN if kelurahan else Kind.DESA,
            parent_code=district.code,
            # Kelurahan are urban; a few desa next to them are urban too (BPS classifies by
            # density and facilities, not by status).
            urban=bool(kelurahan or (is_capital and rng.random() < 0.3)),
        )
        cells[spec.code] = v_cell
        out.append(spec)
    return out
