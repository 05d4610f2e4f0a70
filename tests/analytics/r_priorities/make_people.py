"""Writes ``people.csv``: a small person-level sample (households in PSUs in strata, some
strata with a single PSU) with achievement statuses for ``priorities.R`` and the tests.

Run once from this folder (``python make_people.py``); the CSV it writes is committed.
Statuses are 1 (achieved), 0 (not) or empty outside the indicator's reference population,
and the chance of achieving rises with per-capita expenditure, as in real data.
"""

from __future__ import annotations

import csv

import numpy as np

LAYOUT = {"3501": [4, 3, 1, 5], "3502": [3, 3, 2], "3503": [1, 2], "3505": [2, 2, 3, 2]}


def achieved(rng: np.random.Generator, log_y: float, base: float) -> int:
    return int(rng.random() < 1.0 / (1.0 + np.exp(-(base + 1.6 * (log_y - 13.0)))))


def main() -> None:
    rng = np.random.default_rng(20261208)
    rows = []
    for kab, strata in LAYOUT.items():
        for s, n_psu in enumerate(strata, start=1):
            stratum = f"{kab}-{s}"
            for p in range(1, n_psu + 1):
                level = rng.normal(0.0, 0.3)
                for h in range(int(rng.integers(6, 11))):
                    size = int(rng.integers(1, 7))
                    exp_pc = float(np.round(np.exp(13.0 + level + rng.normal(0, 0.5)), 0))
                    weight = float(np.round(rng.uniform(40, 260), 2))
                    log_y = float(np.log(exp_pc))
                    water = achieved(rng, log_y, 0.8)
                    for _ in range(size):
                        age = int(rng.integers(0, 80))
                        school = achieved(rng, log_y, 2.0) if 7 <= age <= 12 else None
                        jkn = achieved(rng, log_y, 2.5)
                        birth_cert = achieved(rng, log_y, 1.5) if age < 18 else None
                        rows.append(
                            (
                                kab,
                                stratum,
                                f"{stratum}-{p}",
                                f"{stratum}-{p}-{h}",
                                weight,
                                exp_pc,
                                age,
                                school,
                                water,
                                jkn,
                                birth_cert,
                            )
                        )
    with open("people.csv", "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(
            [
                "kab",
                "stratum",
                "psu",
                "household",
                "weight",
                "exp_pc",
                "age",
                "school_7_12",
                "safe_water",
                "jkn",
                "birth_certificate",
            ]
        )
        out.writerows(["" if v is None else v for v in r] for r in rows)


if __name__ == "__main__":
    main()
