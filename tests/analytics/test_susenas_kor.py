"""A file shaped like a Susenas KOR person file (BPS variable names and codes) goes through
the mapping to the statuses, and the priority score runs on the result."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from sepakat.analytics.errors import InputError
from sepakat.analytics.priorities import priority_scores
from sepakat.analytics.statuses import RULES, status_column
from sepakat.analytics.susenas_kor import KOR_2023, kor_roles, kor_statuses
from sepakat.priorities.catalogue import spec


def _kor_file(n_households: int = 12) -> pl.DataFrame:
    """Households of four members (head, spouse, a child of 9, a child of 16) in two kab/kota,
    with BPS-like variable names and codes; odd households are poorer and less served."""
    rows = []
    for h in range(n_households):
        poor = h % 2 == 1
        kab = "01" if h < n_households // 2 else "02"
        household = {
            "R101": "99",
            "R102": kab,
            "R105": 2 if poor else 1,
            "PSU": f"{kab}{h // 2:03d}",
            "STRATA": f"99{kab}-{2 if poor else 1}",
            "FWT": 100.0 + h,
            "URUT": f"{h + 1:05d}",
            "R301": 4,
            "KAPITA": 450_000.0 if poor else 1_500_000.0,
            "GK": 550_000.0,
            "R1804": 24.0 if poor else 72.0,  # floor area m2
            "R1806A": 9 if poor else 1,  # roof: 9 leaves/other, 1 concrete
            "R1807": 5 if poor else 1,  # walls: 5 bamboo, 1 masonry
            "R1808": 9 if poor else 1,  # floor: 9 earth, 1 marble/ceramic
            "R1809A": 3 if poor else 1,  # toilet: 3 public, 1 own
            "SANITASI_LAYAK": 0 if poor else 1,
            "AIR_LAYAK": 0 if poor else 1,
            "R1816": 1,  # lighting: PLN
            "R1817": 9 if poor else 2,  # cooking: 9 firewood, 2 LPG
        }
        members = [
            {"R403": 1, "R405": 1, "R407": 40, "R404": 2, "R610": 2, "R614": 3 if poor else 11},
            {"R403": 2, "R405": 2, "R407": 36, "R404": 2, "R610": 2, "R614": 7 if poor else 17},
            {"R403": 3, "R405": 1, "R407": 9, "R404": 1, "R610": 1, "R612": 3, "R614": 0},
            {"R403": 3, "R405": 2, "R407": 16, "R404": 1, "R610": 2 if poor else 1,
             "R612": 7 if poor else 11, "R614": 7},
        ]  # fmt: skip
        for i, member in enumerate(members):
            rows.append(
                {
                    **household,
                    **member,
                    "R401": i + 1,
                    "R418": 4 if poor and member["R407"] < 18 else 1,  # 4 no certificate
                    "R2204A": 1 if poor and h % 4 == 1 else 2,  # PKH
                }
            )
    return pl.DataFrame(rows)


def test_the_kor_variables_become_roles_with_their_codes() -> None:
    roles = kor_roles(_kor_file())
    child = roles.filter(pl.col("R407") == 16).sort("URUT")
    assert child["in_school"].to_list()[:2] == [True, False]  # R610: 1 still, 2 no longer
    assert child["school_level"].to_list()[:2] == [3, 2]  # R612 11 SMA, 7 SMP
    head = roles.filter(pl.col("R403") == 1).sort("URUT")
    assert head["diploma"].to_list()[:2] == [3, 1]  # R614 11 SMA, 3 SD
    assert head["floor_not_earth"].to_list()[:2] == [True, False]
    assert head["cooking_clean"].to_list()[:2] == [True, False]
    assert head["married"].to_list()[0] is True
    # Variables the file lacks give no role at all (not a column of nulls).
    assert "jkn" not in roles.columns


def test_the_kor_file_yields_the_expected_statuses() -> None:
    out = kor_statuses(_kor_file(), welfare="KAPITA", poverty_line="GK").sort("URUT", "R401")
    first_rich, first_poor = (
        out.filter(pl.col("URUT") == "00001"),
        out.filter(pl.col("URUT") == "00002"),
    )
    # The 16-year-old: at school (SMA) in the better-off household, out of school in the other.
    assert first_rich.filter(pl.col("R407") == 16)["status_pdk04"].item() == 1
    assert first_rich.filter(pl.col("R407") == 16)["status_pdk07"].item() == 1
    assert first_poor.filter(pl.col("R407") == 16)["status_pdk04"].item() == 0
    assert first_poor.filter(pl.col("R407") == 16)["status_pdk11"].item() == 1  # has SMP
    # Adults are outside school participation; the 9-year-old is inside PDK02 everywhere.
    assert first_rich.filter(pl.col("R407") == 40)["status_pdk02"].item() is None
    assert out.filter(pl.col("R407") == 9)["status_pdk02"].to_list() == [1] * 12
    # Household conditions reach every member.
    assert first_poor["status_irt06"].to_list() == [0, 0, 0, 0]
    assert first_rich["status_irt03"].to_list() == [1, 1, 1, 1]
    assert first_poor["status_irt03"].to_list() == [0, 0, 0, 0]
    assert first_rich["status_irt05"].to_list() == [1, 1, 1, 1]
    # Birth certificates: children only; PKH: only the poor and vulnerable (< 1.5 x GK).
    assert first_poor["status_prs06"].to_list() == [None, None, 0, 0]
    assert first_rich["status_prs03"].to_list() == [None] * 4
    assert set(out.filter(pl.col("KAPITA") < 800_000)["status_prs03"].to_list()) == {0, 1}
    # An indicator the file cannot measure (no JKN variables) is an empty column.
    assert out["status_kes05"].null_count() == out.height
    assert {status_column(code) for code in RULES} <= set(out.columns)


def test_the_priority_score_runs_on_the_kor_statuses_by_kab_kota() -> None:
    out = kor_statuses(_kor_file(), welfare="KAPITA", poverty_line="GK")
    scores = priority_scores(
        out, spec=spec(), welfare="KAPITA", weight="FWT", by=["R102"], min_persons=1
    )
    overall = scores.filter(pl.col("R102").is_null())
    floor = overall.filter(pl.col("code") == "IRT06").row(0, named=True)
    # Half the persons (the poor households, weighted) live on earth floors.
    weights = np.array([100.0 + h for h in range(12)])
    poor = np.arange(12) % 2 == 1
    assert floor["achievement"] == pytest.approx(weights[~poor].sum() / weights.sum())
    assert floor["deprivation_weighted"] > 1 - floor["achievement"]  # the deprived are poorer
    assert floor["rank"] is not None
    assert set(scores["R102"].drop_nulls().to_list()) == {"01", "02"}
    unmeasured = overall.filter(pl.col("code") == "KES05").row(0, named=True)
    assert unmeasured["n"] == 0 and unmeasured["rank"] is None


def test_a_region_edits_the_mapping_for_another_year() -> None:
    renamed = _kor_file().rename({"R610": "R609"})
    mapping = {**KOR_2023, "in_school": {**KOR_2023["in_school"], "variables": ["R609"]}}
    out = kor_statuses(renamed, mapping, welfare="KAPITA", poverty_line="GK")
    assert out.filter(pl.col("R407") == 9)["status_pdk02"].to_list() == [1] * 12
    with pytest.raises(InputError, match="KAPITAL"):
        kor_statuses(renamed, mapping, welfare="KAPITAL")
    with pytest.raises(InputError, match="unknown kind"):
        kor_roles(renamed, {"age": {"kind": "guess", "variables": ["R407"]}})


def test_handwashing_needs_both_water_and_soap_at_the_place() -> None:
    frame = pl.DataFrame({"R1815B": [1, 1, 2, None], "R1815C": [1, 2, 1, 1]})
    roles = kor_roles(frame, {"handwashing": KOR_2023["handwashing"]})
    assert roles["handwashing"].to_list() == [True, False, False, None]


def test_a_role_whose_variable_is_not_located_leaves_its_statuses_empty() -> None:
    # R2209 of 2023 is BLT BBM, not PIP: the mapping names no PIP variable any more
    assert KOR_2023["receives_pip"]["variables"] == []
    file = _kor_file().with_columns(pl.lit(1).alias("R2209"))
    out = kor_statuses(file, welfare="KAPITA", poverty_line="GK")
    assert "receives_pip" not in kor_roles(file).columns
    assert out["status_prs04"].null_count() == out.height
