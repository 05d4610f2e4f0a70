r"""Bootstrap standard errors of the growth-redistribution decomposition.

The design-based bootstrap with Rao-Wu rescaling (Rao and Wu 1988; Rao, Wu and Yue 1992),
as ``as.svrepdesign(type = "subbootstrap")`` of R's survey package: in stratum :math:`h`
with :math:`n_h` PSUs, :math:`m_h = n_h - 1` PSUs are drawn with replacement; PSU
:math:`i` drawn :math:`r_{hi}` times gets the weight :math:`w \cdot \frac{n_h}{n_h - 1}
r_{hi}`. The two rounds are independent samples, so each gets its own draws. The
standard error is :math:`\sqrt{\frac{1}{B-1} \sum_b (\theta_b - \bar\theta)^2}`, the
replicates around their own mean: the scale ``1/(replicates-1)`` and centring of R's
``svrVar`` with its default ``mse = FALSE``.

The draws depend only on the seed and on the sorted stratum and PSU labels, never on the
order in which an engine hands over the records, so DuckDB, Polars and pandas give the same
standard errors. The FGT of every domain and replicate comes from running sums over the
records sorted by domain and welfare, taken at the replicate's own (rescaled) line: one
pass over the records per round, in blocks of rows, with no loop over replicates.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from . import sources
from .errors import InputError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

DEFAULT_SEED = 20151
# cells of the (records x replicates) running sums held at once: 16,384 records x 200
# replicates, 25 MiB a matrix, small next to the data on a planner's laptop; more
# replicates take fewer records per block
BLOCK_CELLS = 16_384 * 200


@dataclass(frozen=True)
class Round:
    """One round's records sorted by domain, then by the welfare compared with the line."""

    u: FloatArray  # welfare (one line) or welfare / line (--line-col)
    y: FloatArray  # welfare, for the means the lines are rescaled with
    w: FloatArray  # person (or household) weight
    psu: IntArray  # index into the sorted (stratum, PSU) list
    starts: IntArray  # first record of each domain; starts[-1] is the record count
    strata: IntArray  # stratum of each PSU, ascending
    domains: list[tuple[str, ...]]


def load_round(
    data: object,
    *,
    welfare: str,
    weight: str,
    size: str | None,
    line: float | None,
    line_col: str | None,
    by: Sequence[str],
    strata: str | None,
    psu: str | None,
    engine: str | None,
) -> Round:
    """The columns the bootstrap needs, as NumPy arrays in an engine-independent order.

    Without ``strata`` the whole round is one stratum; without ``psu`` every record is its
    own PSU. PSUs are taken within their stratum (the same label in two strata is two
    PSUs, as ``nest = TRUE`` in R)."""
    eng = sources.resolve_engine(data, engine)
    wanted = [welfare, weight, *[c for c in (size, line_col) if c], *by]
    design = [c for c in (strata, psu) if c]
    lf = sources.load(
        data,
        engine=eng,
        columns=[*wanted, *design],
        text_columns=[*by, *design],
        row_index=psu is None,
    )
    df = lf.collect().to_polars()
    f64 = pl.Float64
    w = pl.col(weight).cast(f64)
    u = pl.col(welfare).cast(f64)
    # records without a PSU column are told apart by their record number, which every
    # engine gives in file order
    frame = df.select(
        u.alias("_y"),
        (w * pl.col(size).cast(f64) if size else w).alias("_w"),
        (u / pl.col(line_col).cast(f64) if line_col else u).alias("_u"),
        (pl.col(strata) if strata else pl.lit("")).fill_null("").alias("_h"),
        (pl.col(psu) if psu else pl.col(sources.ROW_ID).cast(pl.String)).fill_null("").alias("_p"),
        *(pl.col(c).fill_null("").alias(f"_d{i}") for i, c in enumerate(by)),
    )
    units = frame.select("_h", "_p").unique().sort("_h", "_p").with_row_index("_psu")
    dcols = [f"_d{i}" for i in range(len(by))]
    if dcols:
        doms = frame.select(dcols).unique().sort(dcols).with_row_index("_dom")
        frame = frame.join(doms, on=dcols, how="left")
        domains = [tuple(r) for r in doms.select(dcols).iter_rows()]
    else:
        frame = frame.with_columns(pl.lit(0, dtype=pl.UInt32).alias("_dom"))
        domains = [()]
    frame = frame.join(units.select("_h", "_p", "_psu"), on=["_h", "_p"], how="left")
    frame = frame.sort("_dom", "_u", maintain_order=True)
    dom = frame["_dom"].to_numpy().astype(np.int64)
    starts = np.searchsorted(dom, np.arange(len(domains) + 1)).astype(np.int64)
    labels = units["_h"].to_list()
    changes = [a != b for a, b in itertools.pairwise(labels)]
    strata_idx = np.concatenate([[0], np.cumsum(changes)]).astype(np.int64)
    _check_lonely(strata_idx, labels, strata)
    return Round(
        u=frame["_u"].to_numpy().astype(np.float64),
        y=frame["_y"].to_numpy().astype(np.float64),
        w=frame["_w"].to_numpy().astype(np.float64),
        psu=frame["_psu"].to_numpy().astype(np.int64),
        starts=starts,
        strata=strata_idx,
        domains=domains,
    )


def _check_lonely(strata_idx: IntArray, labels: list[str], column: str | None) -> None:
    counts = np.bincount(strata_idx)
    lonely = np.flatnonzero(counts < 2)
    if lonely.size == 0:
        return
    names = sorted({labels[int(np.flatnonzero(strata_idx == h)[0])] for h in lonely})
    shown = ", ".join(names[:10]) + (" ..." if len(names) > 10 else "")
    where = f"stratum {shown} of column {column!r}" if column else "the round"
    raise InputError(
        f"{where} has only one PSU ({len(names)} stratum/strata in all); the Rao-Wu "
        "bootstrap draws n-1 PSUs per stratum and cannot vary a stratum of one. Merge "
        "each such stratum with a similar neighbouring one (collapsed strata) and run again",
        column=column,
    )


def rao_wu_factors(strata: IntArray, replicates: int, rng: np.random.Generator) -> FloatArray:
    """The (PSUs x replicates) Rao-Wu factors n_h/(n_h-1) x times drawn.

    ``strata`` gives each PSU's stratum, PSUs of a stratum next to each other in ascending
    order; every stratum has at least two PSUs. The draws of a stratum are one multinomial
    of n_h-1 over its n_h PSUs per replicate, all replicates at once."""
    n_h = np.bincount(strata)
    start_h = np.concatenate([[0], np.cumsum(n_h)])
    out = np.empty((len(strata), replicates))
    for h, n in enumerate(n_h.tolist()):
        counts = rng.multinomial(n - 1, np.full(n, 1.0 / n), size=replicates)
        out[start_h[h] : start_h[h + 1]] = counts.T * (n / (n - 1))
    return out


def _positions(r: Round, thresholds: FloatArray, poor_if: str) -> IntArray:
    """For each (domain, column) the count of records before the first one not poor at
    that threshold, by a binary search of every domain at once."""
    lo = np.broadcast_to(r.starts[:-1, None], thresholds.shape).copy()
    hi = np.broadcast_to(r.starts[1:, None], thresholds.shape).copy()
    u = r.u
    while True:
        active = lo < hi
        if not active.any():
            return lo
        mid = (lo + hi) // 2
        probe = u[np.minimum(mid, len(u) - 1)]
        below = probe <= thresholds if poor_if == "le" else probe < thresholds
        go_right = active & below
        lo = np.where(go_right, mid + 1, lo)
        hi = np.where(active & ~below, mid, hi)


def _sums_at(
    r: Round, factors: FloatArray, pos: IntArray, column: IntArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Running sums of w f, w f u and w f u^2 over the first ``pos`` records, replicate
    ``column``; blocks of rows keep the (records x replicates) matrix small."""
    out = [np.zeros(pos.shape) for _ in range(3)]
    n = len(r.u)
    carry = np.zeros((3, factors.shape[1]))
    flat_pos, flat_col = pos.ravel(), column.ravel()
    targets = [o.ravel() for o in out]
    block = max(256, BLOCK_CELLS // factors.shape[1])
    for lo in range(0, n, block):
        hi = min(lo + block, n)
        g = r.w[lo:hi, None] * factors[r.psu[lo:hi]]
        u = r.u[lo:hi, None]
        pick = (flat_pos > lo) & (flat_pos <= hi)
        rows, cols = flat_pos[pick] - lo - 1, flat_col[pick]
        for k in range(3):
            run = np.cumsum(g if k == 0 else g * u**k, axis=0)
            run += carry[k]
            targets[k][pick] = run[rows, cols]
            carry[k] = run[-1]
    return out[0], out[1], out[2]


def _domain_totals(r: Round, factors: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Replicate population and welfare totals per domain (domains x replicates)."""
    # the records collapse to (domain, PSU) cells first: far fewer rows to multiply
    dom = np.repeat(np.arange(len(r.domains)), np.diff(r.starts))
    cell_key = dom * (int(r.psu.max()) + 1) + r.psu
    cells, inv = np.unique(cell_key, return_inverse=True)
    cw = np.bincount(inv, weights=r.w)
    cy = np.bincount(inv, weights=r.w * r.y)
    cdom = cells // (int(r.psu.max()) + 1)
    cpsu = cells % (int(r.psu.max()) + 1)
    first = np.searchsorted(cdom, np.arange(len(r.domains)))
    f = factors[cpsu]
    return (
        np.add.reduceat(cw[:, None] * f, first, axis=0),
        np.add.reduceat(cy[:, None] * f, first, axis=0),
    )


def _fgt(c0: FloatArray, c1: FloatArray, c2: FloatArray, t: FloatArray, alpha: float) -> FloatArray:
    # sum over the poor of (1 - u/t)^alpha expanded in powers of u
    if alpha == 0.0:
        return c0
    if alpha == 1.0:
        return c0 - c1 / t
    return c0 - 2.0 * c1 / t + c2 / (t * t)


def _replicate_fgt(
    r: Round,
    factors: FloatArray,
    line: float,
    scales: FloatArray,
    alphas: Sequence[float],
    poor_if: str,
    total: FloatArray,
) -> tuple[list[FloatArray], list[FloatArray]]:
    """FGT per alpha (domains x replicates) at the own line and at the line times
    ``scales``."""
    d, b = scales.shape
    t = np.concatenate([np.full((d, b), line), line * scales])
    ends = np.concatenate([_positions(r, t[:d], poor_if), _positions(r, t[d:], poor_if)])
    begins = np.broadcast_to(r.starts[:-1, None], (d, b))
    # one pass gives the sums up to the domain's first record and up to its last poor one
    pos = np.concatenate([ends, begins])
    cols = np.broadcast_to(np.arange(b), pos.shape)
    sums = _sums_at(r, factors, pos, cols)
    c = [s[: 2 * d] - np.concatenate([s[2 * d :], s[2 * d :]]) for s in sums]
    tot = np.concatenate([total, total])
    own, cross = [], []
    for a in alphas:
        v = _fgt(c[0], c[1], c[2], t, a) / tot
        own.append(v[:d])
        cross.append(v[d:])
    return own, cross


def bootstrap_se(
    before: object,
    after: object,
    *,
    welfare: str,
    weight: str,
    size: str | None = None,
    line: float | None = None,
    line_col: str | None = None,
    alphas: Sequence[float] = (0.0, 1.0, 2.0),
    method: str = "shapley",
    poor_if: str = "lt",
    by: Sequence[str] = (),
    strata: str | None = None,
    psu: str | None = None,
    replicates: int = 200,
    seed: int = DEFAULT_SEED,
    engine: str | None = None,
) -> pl.DataFrame:
    """Bootstrap standard errors of ``change``, ``growth`` and ``redistribution`` of
    :func:`~sepakat.analytics.decompose.growth_redistribution`, per domain of ``by``
    present in both rounds. Columns: the ``by`` columns (text), ``measure``,
    ``change_se``, ``growth_se``, ``redistribution_se``."""
    from .decompose import _fgt_name

    if replicates < 2:
        raise InputError("replicates must be at least 2")
    args: dict[str, Any] = {
        "welfare": welfare,
        "weight": weight,
        "size": size,
        "line": line,
        "line_col": line_col,
        "by": list(by),
        "strata": strata,
        "psu": psu,
        "engine": engine,
    }
    r1, r2 = load_round(before, **args), load_round(after, **args)
    # the rounds are independent samples: independent streams from the one seed
    g1, g2 = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
    f1 = rao_wu_factors(r1.strata, replicates, g1)
    f2 = rao_wu_factors(r2.strata, replicates, g2)
    n1, y1 = _domain_totals(r1, f1)
    n2, y2 = _domain_totals(r2, f2)
    code2 = {dom: i for i, dom in enumerate(r2.domains)}
    shared = [dom for dom in r1.domains if dom in code2]
    code1 = {dom: i for i, dom in enumerate(r1.domains)}
    i1 = np.array([code1[dom] for dom in shared], dtype=np.int64)
    i2 = np.array([code2[dom] for dom in shared], dtype=np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        # a domain none of whose PSUs a replicate draws has no mean there: NaN, left out
        mu1, mu2 = y1 / n1, y2 / n2
        s21 = np.ones_like(mu1)
        s12 = np.ones_like(mu2)
        s21[i1] = mu1[i1] / mu2[i2]
        s12[i2] = mu2[i2] / mu1[i1]
        z = 1.0 if line is None else float(line)
        own1, cross1 = _replicate_fgt(r1, f1, z, s21, alphas, poor_if, n1)
        own2, cross2 = _replicate_fgt(r2, f2, z, s12, alphas, poor_if, n2)
    frames = []
    keys = pl.DataFrame(
        [list(col) for col in zip(*shared, strict=True)] if by else [],
        schema={c: pl.String for c in by},
        orient="col",
    )
    for k, a in enumerate(alphas):
        p11, p21 = own1[k][i1], cross1[k][i1]
        p22, p12 = own2[k][i2], cross2[k][i2]
        if method == "datt-ravallion":
            growth, redistribution = p21 - p11, p12 - p11
        else:
            growth = 0.5 * ((p21 - p11) + (p22 - p12))
            redistribution = 0.5 * ((p12 - p11) + (p22 - p21))
        part = pl.DataFrame(
            {
                "measure": [_fgt_name(a)] * len(shared),
                "change_se": _se(p22 - p11),
                "growth_se": _se(growth),
                "redistribution_se": _se(redistribution),
                "_order": [k] * len(shared),
            }
        )
        frames.append(pl.concat([keys, part], how="horizontal") if by else part)
    return pl.concat(frames).sort([*by, "_order"]).drop("_order")


def _se(reps: FloatArray) -> FloatArray:
    """Standard deviation of each row around the replicates' mean, scale 1/(B-1) (R
    ``svrVar``); replicates without a value (a domain none of whose PSUs were drawn) are
    left out, as R's ``na.omit``."""
    ok = np.isfinite(reps)
    count = ok.sum(axis=1)
    filled = np.where(ok, reps, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = filled.sum(axis=1) / count
        dev = np.where(ok, reps - mean[:, None], 0.0)
        var = (dev * dev).sum(axis=1) / (count - 1)
    return np.where(count >= 2, np.sqrt(var), np.nan)
