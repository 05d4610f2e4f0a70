"""Writes ``survey.csv``: a small stratified two-stage sample with single-PSU strata and
small domains, on which ``lonely_psu.R`` computes R's standard errors.

Run once from this folder (``python make_survey.py``); the CSV it writes is committed, so
the R output and the tests read the very same numbers. Deterministic for a given NumPy.

Shape: 5 kab/kota, each split into strata (PSU ids within strata, as in Susenas); three
strata have a single PSU: one in a large kab, one that is half of a kab of 24 households,
and one that is a whole small kab. ``urban`` varies within PSUs, so urban/rural domains cut
through PSUs. One poverty line for everybody (``lonely_psu.R``), as convey's ``svyfgt``
takes a single absolute line.
"""

from __future__ import annotations

import csv

import numpy as np

# kab -> list of PSUs per stratum
LAYOUT = {
    "3501": [4, 3, 1, 5],
    "3502": [3, 3, 2],
    "3503": [1, 2],
    "3504": [1],
    "3505": [2, 2, 3, 2],
}


def main() -> None:
    rng = np.random.default_rng(20261207)
    rows = []
    for kab, strata in LAYOUT.items():
        for s, n_psu in enumerate(strata, start=1):
            stratum = f"{kab}-{s}"
            for p in range(1, n_psu + 1):
                level = rng.normal(0.0, 0.25)
                small = kab in ("3503", "3504")
                n_hh = int(rng.integers(10, 14)) if small else int(rng.integers(8, 16))
                for _ in range(n_hh):
                    urban = int(rng.random() < 0.45)
                    size = int(rng.integers(1, 8))
                    exp_pc = float(
                        np.round(np.exp(13.0 + level + 0.25 * urban + rng.normal(0, 0.55)), 0)
                    )
                    weight = float(np.round(rng.uniform(40, 260), 2))
                    rows.append((kab, urban, stratum, f"{stratum}-{p}", weight, size, exp_pc))
    with open("survey.csv", "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["kab", "urban", "stratum", "psu", "weight", "hh_size", "exp_pc"])
        out.writerows(rows)


if __name__ == "__main__":
    main()
