"""``python -m sepakat.analytics poverty ...``."""

from __future__ import annotations

import sys

from .cli import finish_process, main


def run(argv: list[str]) -> int:
    if not argv or argv[0] != "poverty":
        print(
            "usage: python -m sepakat.analytics poverty FILE --welfare COL --weight COL ...",
            file=sys.stderr,
        )
        return 2
    return main(argv[1:])


if __name__ == "__main__":
    code = run(sys.argv[1:])
    finish_process()
    raise SystemExit(code)
