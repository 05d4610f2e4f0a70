"""A header row that names one column twice.

Every reader of a user's table finds its columns by their titles. When a title stands
twice, the reader would take one of the copies, silently: which one holds the values is a
guess, and a guess is not imported. Each reader asks :func:`doubled_title` and refuses the
file naming the title and both positions (letters, as Excel shows them).

Nothing here touches the database or Django.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA (Excel's column names)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Doubled:
    """The first title that stands twice and its two positions (0-based)."""

    title: str
    first: int
    second: int

    @property
    def first_letter(self) -> str:
        return column_letter(self.first + 1)

    @property
    def second_letter(self) -> str:
        return column_letter(self.second + 1)


def doubled_title(
    titles: Sequence[str], *, key: Callable[[str], str] = str.strip
) -> Doubled | None:
    """The first title whose ``key`` repeats an earlier one (blank keys ignored), else None.

    ``key`` is how the reader compares titles (``Nama`` and ``nama`` are one column to a
    reader that lowers the case, so they are one column here too).
    """
    first_seen: dict[str, int] = {}
    for index, title in enumerate(titles):
        compared = key(title)
        if not compared:
            continue
        if compared in first_seen:
            return Doubled(title=title.strip(), first=first_seen[compared], second=index)
        first_seen[compared] = index
    return None
