"""Fixtures for the analytics suite: reference data, engines, one shared Spark session.

The suite needs no Django. Reference data is found through ``SEPAKAT_REFERENCE_DIR``
(default ``../shared/reference`` from the working directory).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ENGINES = ["duckdb", "polars", "pandas", pytest.param("spark", marks=pytest.mark.spark)]


def reference_dir() -> Path:
    return Path(os.environ.get("SEPAKAT_REFERENCE_DIR", "../shared/reference"))


@pytest.fixture(scope="session")
def reference() -> Path:
    folder = reference_dir()
    if not folder.is_dir():
        pytest.skip(f"reference data folder {folder} is absent (set SEPAKAT_REFERENCE_DIR)")
    return folder


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("sepakat-analytics-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    if name == "spark":
        request.getfixturevalue("spark_session")
    return name


@pytest.fixture(autouse=True)
def _test_settings() -> None:
    """Overrides the project-wide autouse fixture of the same name, which needs Django
    settings: the analytics suite runs without Django (``-p no:django``)."""


def published(value: float, text: str) -> bool:
    """``value`` equals a published figure: to a relative 1e-9, or to half a unit of the
    last digit the publication prints, whichever is looser."""
    decimals = len(text.split(".")[1]) if "." in text else 0
    tol = max(abs(float(text)) * 1e-9, 0.5 * 10.0**-decimals)
    return abs(value - float(text)) <= tol


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(
                pytest.mark.filterwarnings(
                    "ignore:PySpark does not yet fully support pandas:FutureWarning"
                )
            )
