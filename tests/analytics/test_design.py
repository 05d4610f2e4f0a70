"""Standard errors against an independent implementation of survey::svyrecvar."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from sepakat.analytics import DesignError, poverty_measures


def survey_variance(
    z: np.ndarray, strata: np.ndarray, psu: np.ndarray, fpc: dict[str, float] | None = None
) -> float:
    """With-replacement variance of sum(z), z already weighted influence values."""
    total = 0.0
    for h in np.unique(strata):
        in_h = strata == h
        psus = np.unique(psu[in_h])
        totals = np.array([z[in_h & (psu == p)].sum() for p in psus])
        n = len(psus)
        f = 1.0 - n / fpc[h] if fpc else 1.0
        total += f * n / (n - 1) * ((totals - totals.mean()) ** 2).sum()
    return total


@pytest.fixture
def sample() -> pl.DataFrame:
    rng = np.random.default_rng(7)
    n = 400
    strata = rng.choice(["s1", "s2", "s3", "s4"], n)
    psu = np.array([f"{s}-{rng.integers(0, 6)}" for s in strata])
    return pl.DataFrame(
        {
            "h": strata,
            "psu": psu,
            "y": np.exp(rng.normal(8, 0.7, n)),
            "w": rng.uniform(20, 200, n),
            "g": rng.choice(["u", "r"], n),
        }
    )


def test_fgt0_se_matches_the_survey_formula_for_a_domain(sample: pl.DataFrame) -> None:
    line = 3000.0
    res = poverty_measures(
        sample,
        welfare="y",
        weight="w",
        strata="h",
        psu="psu",
        line=line,
        by=["g"],
        measures=["fgt0"],
    )
    d = sample.to_dict(as_series=False)
    y, w = np.array(d["y"]), np.array(d["w"])
    dom = np.array(d["g"]) == "u"
    poor = (y < line).astype(float)
    n_dom = w[dom].sum()
    p0 = (w * poor)[dom].sum() / n_dom
    z = np.where(dom, w * (poor - p0) / n_dom, 0.0)
    expected = np.sqrt(survey_variance(z, np.array(d["h"]), np.array(d["psu"])))
    row = res.filter(pl.col("g") == "u")
    assert row["estimate"][0] == pytest.approx(p0, rel=1e-12)
    assert row["se"][0] == pytest.approx(expected, rel=1e-10)


def test_mean_se_with_a_finite_population_correction(sample: pl.DataFrame) -> None:
    fpc = {"s1": 20.0, "s2": 30.0, "s3": 12.0, "s4": 50.0}
    data = sample.with_columns(pl.col("h").replace_strict(fpc).alias("npsu"))
    res = poverty_measures(
        data, welfare="y", weight="w", strata="h", psu="psu", fpc="npsu", measures=["mean"]
    )
    d = sample.to_dict(as_series=False)
    y, w = np.array(d["y"]), np.array(d["w"])
    mu = (w * y).sum() / w.sum()
    z = w * (y - mu) / w.sum()
    expected = np.sqrt(survey_variance(z, np.array(d["h"]), np.array(d["psu"]), fpc))
    assert res["se"][0] == pytest.approx(expected, rel=1e-10)


def test_records_are_their_own_psus_without_a_psu_column(sample: pl.DataFrame) -> None:
    a = poverty_measures(sample, welfare="y", weight="w", strata="h", measures=["mean"])
    ids = sample.with_row_index("rid")
    b = poverty_measures(ids, welfare="y", weight="w", strata="h", psu="rid", measures=["mean"])
    assert a["se"][0] == pytest.approx(b["se"][0], rel=1e-12)


def test_a_lonely_psu_is_an_error_unless_an_option_is_chosen(sample: pl.DataFrame) -> None:
    lonely = pl.concat(
        [
            sample,
            pl.DataFrame({"h": ["s9"], "psu": ["s9-0"], "y": [5000.0], "w": [50.0], "g": ["u"]}),
        ]
    )
    with pytest.raises(DesignError, match="single PSU: 's9'"):
        poverty_measures(lonely, welfare="y", weight="w", strata="h", psu="psu", measures=["mean"])
    se = {
        opt: poverty_measures(
            lonely,
            welfare="y",
            weight="w",
            strata="h",
            psu="psu",
            measures=["mean"],
            lonely_psu=opt,
        )["se"][0]
        for opt in ("remove", "certainty", "adjust", "centered", "average")
    }
    assert se["remove"] == pytest.approx(se["certainty"], rel=1e-12)
    assert se["adjust"] > se["remove"]
    d = lonely.to_dict(as_series=False)
    y, w, h = np.array(d["y"]), np.array(d["w"]), np.array(d["h"])
    mu = (w * y).sum() / w.sum()
    z = w * (y - mu) / w.sum()
    keep = h != "s9"
    expected = np.sqrt(survey_variance(z[keep], h[keep], np.array(d["psu"])[keep]))
    assert se["remove"] == pytest.approx(expected, rel=1e-10)
    # R survey 4.1 adjust: the single PSU total, not centred
    assert se["adjust"] ** 2 == pytest.approx(expected**2 + z[~keep].sum() ** 2, rel=1e-10)
    # centered: around the grand mean of the PSU totals
    n_psu = len(np.unique(np.array(d["psu"])))
    zbar = z.sum() / n_psu
    extra = (z[~keep].sum() - zbar) ** 2
    assert se["centered"] ** 2 == pytest.approx(expected**2 + extra, rel=1e-10)
    # average: the four ordinary strata stand in for the five
    assert se["average"] ** 2 == pytest.approx(expected**2 * 5 / 4, rel=1e-10)


def test_cv_flags_unreliable_estimates(sample: pl.DataFrame) -> None:
    res = poverty_measures(
        sample,
        welfare="y",
        weight="w",
        strata="h",
        psu="psu",
        line=500.0,
        measures=["fgt0", "mean"],
        cv_threshold=0.25,
    )
    rows = {r["measure"]: r for r in res.iter_rows(named=True)}
    assert rows["mean"]["cv_flag"] is False
    assert rows["fgt0"]["cv"] == pytest.approx(rows["fgt0"]["se"] / rows["fgt0"]["estimate"])
    assert rows["fgt0"]["cv_flag"] is (rows["fgt0"]["cv"] > 0.25)
    low, high = rows["mean"]["ci_low"], rows["mean"]["ci_high"]
    assert (high - low) / 2 == pytest.approx(1.959963984540054 * rows["mean"]["se"])


def test_levels_roll_up_groups_parents_and_the_nation(sample: pl.DataFrame) -> None:
    res = poverty_measures(
        sample,
        welfare="y",
        weight="w",
        strata="h",
        psu="psu",
        line=3000.0,
        by=["h", "g"],
        measures=["poor_count"],
    )
    total = res.filter(pl.col("h").is_null())["estimate"][0]
    by_h = res.filter(pl.col("h").is_not_null() & pl.col("g").is_null())["estimate"].sum()
    by_hg = res.filter(pl.col("g").is_not_null())["estimate"].sum()
    assert total == pytest.approx(by_h) and total == pytest.approx(by_hg)
    assert res.filter(pl.col("h").is_null())["g"].is_null().all()
    cube = poverty_measures(
        sample,
        welfare="y",
        weight="w",
        line=3000.0,
        by=["h", "g"],
        grouping="cube",
        measures=["fgt0"],
    )
    assert cube.filter(pl.col("h").is_null() & pl.col("g").is_not_null()).height == 2


def test_adjust_and_domains_match_r_survey_on_a_toy_design() -> None:
    """R survey 4.5, ``options(survey.lonely.psu = "adjust")``: svymean SE 0.987121477399568
    for the full design (stratum 2 has one PSU) and svyby SE 1.385640646055102 for a domain
    that leaves a stratum with fewer PSUs than the design (values published with the
    flourish_stats test suite)."""
    toy = pl.DataFrame(
        {
            "strata": [1, 1, 1, 2, 2, 3, 3, 3, 3],
            "psu": [11, 11, 12, 21, 21, 31, 32, 33, 33],
            "w": [1.0, 2.0, 1.5, 1.0, 0.5, 2.0, 1.0, 1.0, 0.5],
            "y": [3.0, 5.0, 4.0, 10.0, 8.0, 1.0, 2.0, 6.0, 4.0],
            "g": ["a", "a", "a", "a", "a", "a", "b", "b", "b"],
        }
    )
    res = poverty_measures(
        toy,
        welfare="y",
        weight="w",
        strata="strata",
        psu="psu",
        by=["g"],
        measures=["mean"],
        lonely_psu="adjust",
    )
    nation = res.filter(pl.col("g").is_null()).row(0, named=True)
    assert nation["estimate"] == pytest.approx(30 / 7, rel=1e-12)
    assert nation["se"] == pytest.approx(0.987121477399568, rel=1e-12)
    domain = res.filter(pl.col("g") == "b").row(0, named=True)
    assert domain["estimate"] == pytest.approx(4.0, rel=1e-12)
    assert domain["se"] == pytest.approx(1.385640646055102, rel=1e-12)
