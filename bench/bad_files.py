"""The full generated bad-file suite: 1,000 cases (or more) and their counts.

    python bench/bad_files.py [--count 1000] [--seed 17]

Runs ``tests/datahub/test_generated_bad_files.py`` (and, with a fifth of the count, the
command-line imports' ``test_cli_bad_files.py``) with the given count and seed (in a
temporary data folder, like the tests), then prints how many cases of each upload point
and kind of damage were refused cleanly and how many failed. Exit code 1 when any failed.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


class Tally:
    """Counts outcomes by the case label each test records in its user properties."""

    def __init__(self) -> None:
        self.counts: dict[str, collections.Counter[str]] = collections.defaultdict(
            collections.Counter
        )

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.when != "call" and not (report.when == "setup" and report.failed):
            return
        label = dict(report.user_properties).get("case", "(setup)")
        self.counts[label]["refused cleanly" if report.passed else "FAILED"] += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    os.environ["SEPAKAT_BADFILES_COUNT"] = str(args.count)
    os.environ["SEPAKAT_BADFILES_SEED"] = str(args.seed)
    # the command-line imports get a fifth of the count (at least the CI's 60)
    os.environ["SEPAKAT_CLI_BADFILES_COUNT"] = str(max(60, args.count // 5))
    os.environ.setdefault("SEPAKAT_DATA_DIR", tempfile.mkdtemp(prefix="sepakat-bench-"))
    sys.path.insert(0, str(ROOT))
    import pytest

    tally = Tally()
    started = time.monotonic()
    code = pytest.main(
        [
            str(ROOT / "tests" / "datahub" / "test_generated_bad_files.py"),
            str(ROOT / "tests" / "datahub" / "test_cli_bad_files.py"),
            "-q",
            "-p",
            "no:cacheprovider",
            "--no-header",
            "-o",
            "console_output_style=count",
        ],
        plugins=[tally],
    )
    elapsed = time.monotonic() - started
    print(f"\nseed {args.seed}, {args.count} cases, {elapsed:.0f} s")
    print(f"{'point/kind':<40} {'refused cleanly':>16} {'FAILED':>8}")
    for label in sorted(tally.counts):
        row = tally.counts[label]
        print(f"{label:<40} {row['refused cleanly']:>16} {row['FAILED']:>8}")
    total = sum((c for c in tally.counts.values()), collections.Counter())
    print(f"{'total':<40} {total['refused cleanly']:>16} {total['FAILED']:>8}")
    return 1 if code != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
