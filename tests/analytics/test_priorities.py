"""Priority scores: the worked example of ``docs/priorities.md``, the rules a planner relies
on (ranking, representativeness, reached targets), invariances, and the ``sepakat
priorities`` command's contract and errors."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sepakat.analytics import InputError, priority_scores
from sepakat.analytics.priorities import RESULT_COLUMNS, Indicator, read_spec
from sepakat.analytics.priorities_cli import main

HERE = Path(__file__).parent / "r_priorities"

# the worked example: five persons, one domain
EXAMPLE = pl.DataFrame(
    {
        "y": [150.0, 250.0, 400.0, 600.0, 1100.0],
        "w": [1.0] * 5,
        "school": [0.0, 0.0, 1.0, 1.0, None],
    }
)


def _row(res: pl.DataFrame, code: str, **keys: str | None) -> dict[str, object]:
    rows = res.filter(pl.col("code") == code)
    for k, v in keys.items():
        rows = rows.filter(pl.col(k).is_null() if v is None else pl.col(k) == v)
    assert rows.height == 1
    return rows.row(0, named=True)


def test_it_reproduces_the_worked_example() -> None:
    spec = [Indicator("PDK01", "school", 1.0), Indicator("PDK02", "school", 0.9)]
    res = priority_scores(EXAMPLE, spec=spec, welfare="y", weight="w", min_persons=1)
    full, partial = _row(res, "PDK01"), _row(res, "PDK02")
    assert full["achievement"] == pytest.approx(0.5)
    # mean expenditure 500 over all five; the two deprived weigh 500/150 and 500/250
    assert full["deprivation_weighted"] == pytest.approx((500 / 150 + 500 / 250) / 4)
    assert full["score"] == pytest.approx(4 / 3)
    assert partial["score"] == pytest.approx(4 / 3 * (0.9 - 0.5) / (1 - 0.5))
    assert full["n"] == 4
    unweighted = priority_scores(
        EXAMPLE, spec=spec, welfare="y", weight="w", min_persons=1, weighting="none"
    )
    assert _row(unweighted, "PDK01")["score"] == pytest.approx(0.5)


def test_it_ranks_only_representative_unreached_indicators_per_domain() -> None:
    res = priority_scores(
        HERE / "people.csv",
        spec=HERE / "spec.csv",
        welfare="exp_pc",
        weight="weight",
        strata="stratum",
        psu="psu",
        by=["kab"],
        lonely_psu="certainty",
    )
    assert res.columns == ["kab", *RESULT_COLUMNS]
    for (kab,), group in res.group_by(["kab"]):
        ranked = group.filter(pl.col("rank").is_not_null()).sort("rank")
        assert ranked["rank"].to_list() == list(range(1, ranked.height + 1)), kab
        assert ranked["score"].to_list() == sorted(ranked["score"].to_list(), reverse=True)
        assert (ranked["reason"] == "").all() and ranked["reliable"].all()
        unranked = group.filter(pl.col("rank").is_null())
        assert (unranked["reason"] != "").all()
    few = res.filter(pl.col("reason") == "few_persons")
    assert (few["n"] < 30).all() and not few["reliable"].any()
    imprecise = res.filter(pl.col("reason") == "imprecise")
    assert ((imprecise["score_se"] / imprecise["score"]) > 0.25).all()
    reached = res.filter(pl.col("reason") == "target_reached")
    assert reached.height > 0
    assert (reached["achievement"] >= reached["target"]).all()
    assert (reached["score"] == 0).all() and reached["score_se"].is_null().all()


def test_without_a_design_it_ranks_on_the_number_of_persons_alone() -> None:
    res = priority_scores(
        HERE / "people.csv", spec=HERE / "spec.csv", welfare="exp_pc", weight="weight"
    )
    assert res["achievement_se"].is_null().all() and res["score_se"].is_null().all()
    assert set(res["reason"]) <= {"", "few_persons", "target_reached"}


@settings(max_examples=30, deadline=None)
@given(
    scale=st.floats(min_value=1e-3, max_value=1e3),
    copies=st.integers(min_value=1, max_value=3),
    seed=st.integers(min_value=0, max_value=10_000),
)
def test_scores_do_not_change_with_currency_or_duplicated_records(
    scale: float, copies: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    n = 40
    base = pl.DataFrame(
        {
            "y": rng.uniform(50, 5000, n),
            "w": rng.uniform(1, 50, n),
            "s": np.where(rng.random(n) < 0.2, np.nan, (rng.random(n) < 0.6).astype(float)),
        }
    ).with_columns(pl.col("s").fill_nan(None))
    spec = [Indicator("X", "s", 0.95)]
    ref = priority_scores(base, spec=spec, welfare="y", weight="w", min_persons=1)
    changed = pl.concat([base.with_columns(pl.col("y") * scale)] * copies)
    got = priority_scores(changed, spec=spec, welfare="y", weight="w", min_persons=1)
    for col in ("achievement", "deprivation_weighted", "score"):
        assert got[col][0] == pytest.approx(ref[col][0], rel=1e-9, abs=1e-12)


# ----------------------------------------------------------------------- the command


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


BASE = [
    str(HERE / "people.csv"),
    "--spec",
    str(HERE / "spec.csv"),
    "--welfare",
    "exp_pc",
    "--weight",
    "weight",
    "--strata",
    "stratum",
    "--psu",
    "psu",
    "--lonely-psu",
    "adjust",
]


def test_the_command_writes_the_documented_columns(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([*BASE, "--by", "kab"], capsys)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["kab", *RESULT_COLUMNS]
    assert len(rows) == 4 * 5  # the whole sample and four kab, four indicators each
    overall = [r for r in rows if r["kab"] == ""]
    assert [r["rank"] for r in overall][:2] == ["1", "2"]
    assert {r["reliable"] for r in rows} == {"true", "false"}


def test_the_command_runs_without_django() -> None:
    code = (
        "import sys; from sepakat.cli import main; "
        f"rc = main(['priorities', *{BASE!r}, '--format', 'json']); "
        "assert 'django' not in sys.modules; sys.exit(rc)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert '"code": "IRT01"' in done.stdout


def _people(tmp_path: Path, **changes: object) -> Path:
    frame = pl.read_csv(HERE / "people.csv", infer_schema_length=0)
    for column, (row, value) in changes.items():
        frame = frame.with_columns(
            pl.when(pl.int_range(pl.len()) == row)
            .then(pl.lit(str(value)))
            .otherwise(pl.col(column))
            .alias(column)
        )
    path = tmp_path / "people.csv"
    frame.write_csv(path)
    return path


@pytest.mark.parametrize(
    ("changes", "spec_text", "message"),
    [
        (
            {"school_7_12": (9, 2)},
            None,
            "column 'school_7_12' (PDK01) must be 1 (achieved), 0 (not achieved) or empty "
            "(outside the reference population): 1 record(s) (first rows: 10)",
        ),
        (
            {"exp_pc": (4, 0)},
            None,
            "column 'exp_pc' must hold a positive per-capita expenditure",
        ),
        (
            {"weight": (0, "inf")},
            None,
            "column 'weight' must hold a finite, non-negative weight for every person: "
            "1 record(s) (first rows: 1)",
        ),
        ({}, "code,column,target\nPDK01,school_7_12,1.5\n", "row 2: target '1.5' of PDK01"),
        ({}, "code,column,target\nPDK01,school_7_12,0\n", "must be in (0, 1]"),
        ({}, "code,column,target\nPDK01,sekolah,1\n", "column 'sekolah' not found"),
        ({}, "code,indicator\nPDK01,school_7_12\n", "lacks the column(s) column, target"),
        ({}, "code,column,target\nA,jkn,1\nA,jkn,1\n", "row 3: the code 'A' appears twice"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    changes: dict[str, tuple[int, object]],
    spec_text: str | None,
    message: str,
) -> None:
    people = _people(tmp_path, **changes)
    spec = HERE / "spec.csv"
    if spec_text is not None:
        spec = tmp_path / "spec.csv"
        spec.write_text(spec_text, encoding="utf-8")
    args = [str(people), "--spec", str(spec), *BASE[3:]]
    code, out, err = run(args, capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("sepakat priorities: error: ")
    assert message in err, err


def test_a_missing_spec_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="spec file not found"):
        read_spec(tmp_path / "nothing.csv")


def _with_deciles() -> pl.DataFrame:
    people = pl.read_csv(HERE / "people.csv", schema_overrides={"kab": pl.Utf8})
    rank = pl.col("exp_pc").rank("ordinal") * 10 / pl.len()
    return people.with_columns(rank.ceil().clip(1, 10).alias("decile"))


def test_deciles_1_4_weighting_is_the_shortfall_of_the_target_group() -> None:
    people = _with_deciles()
    spec = read_spec(HERE / "spec.csv")
    common = {"welfare": "exp_pc", "weight": "weight", "min_persons": 1}
    got = priority_scores(people, spec=spec, weighting="deciles_1_4", decile="decile", **common)
    statuses = [i.column for i in spec]
    bottom = people.with_columns(
        pl.when(pl.col("decile") <= 4).then(pl.col(c)).alias(c) for c in statuses
    )
    plain = priority_scores(bottom, spec=spec, weighting="none", **common)
    assert got["achievement"].to_list() == pytest.approx(plain["achievement"].to_list())
    assert got["score"].to_list() == pytest.approx(plain["score"].to_list())


def test_the_sensitivity_table_shows_which_problems_move() -> None:
    from sepakat.analytics import priority_sensitivity

    table = priority_sensitivity(
        _with_deciles(),
        spec=HERE / "spec.csv",
        welfare="exp_pc",
        weight="weight",
        decile="decile",
        min_persons=10,
    )
    assert table.columns == ["code", "rank_sepakat", "rank_none", "rank_deciles_1_4", "moved"]
    for row in table.iter_rows(named=True):
        ranks = {row["rank_sepakat"], row["rank_none"], row["rank_deciles_1_4"]}
        assert row["moved"] is (len(ranks) > 1)
    assert table["moved"].any()


def test_a_decile_outside_1_to_10_is_refused() -> None:
    people = _with_deciles().with_columns(
        pl.when(pl.int_range(pl.len()) == 3).then(11.0).otherwise(pl.col("decile")).alias("decile")
    )
    with pytest.raises(InputError, match=r"'decile' must hold a welfare decile from 1 to 10"):
        priority_scores(
            people,
            spec=HERE / "spec.csv",
            welfare="exp_pc",
            weight="weight",
            weighting="deciles_1_4",
            decile="decile",
        )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty: it has no column names and no records"),
        (b"kab,exp_pc,weight,school_7_12\n", "has column names but no records"),
    ],
)
def test_an_unreadable_file_is_one_line_and_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    people = tmp_path / "people.csv"
    people.write_bytes(content)
    code, out, err = run([str(people), "--spec", str(HERE / "spec.csv"), *BASE[3:]], capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err
