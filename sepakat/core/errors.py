"""The one error a user can cause and correct: :class:`UserError`.

Services raise it with a message in the user's language that says what was wrong and
what to do, and, where the input is a file or a form, where: the file, sheet, row and
column, or the form field. Views, management commands and the API show it the same way
(:func:`user_message`): the location first, then the message, as in
"Berkas data.xlsx, lembar APBD, baris 3, kolom B: nilai bukan angka."

A form view may put the error next to its field (``field``) instead; the text never
names the field itself, because the form already shows it there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class UserError(ValueError):
    """Input a user can correct, or a step that cannot be taken now; every message is
    for the user. ``message`` may be several messages (all shown)."""

    def __init__(
        self,
        message: Any = "",
        *,
        field: str | None = None,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        if isinstance(message, str) or not isinstance(message, Iterable):
            self.messages: list[str] = [str(message)]
        else:
            self.messages = [str(m) for m in message]
        self.field = field
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        super().__init__(" ".join(self.messages))

    @classmethod
    def from_validation(cls, exc: ValidationError, **where: Any) -> UserError:
        """The messages of a model's ``full_clean`` (which speak to the user already)."""
        return cls(exc.messages, **where)

    @property
    def location(self) -> str:
        """Where the problem is, in the user's language ("" when nowhere in particular)."""
        parts = []
        if self.file:
            parts.append(_("berkas %(file)s") % {"file": self.file})
        if self.sheet:
            parts.append(_("lembar %(sheet)s") % {"sheet": self.sheet})
        if self.row is not None:
            parts.append(_("baris %(row)s") % {"row": self.row})
        if self.column:
            parts.append(_("kolom %(column)s") % {"column": self.column})
        text = ", ".join(parts)
        return text[:1].upper() + text[1:]

    def located(self) -> list[str]:
        """Each message with the location before it."""
        where = self.location
        if not where:
            return list(self.messages)
        return [_("%(where)s: %(message)s") % {"where": where, "message": m} for m in self.messages]

    def __str__(self) -> str:
        return " ".join(self.located())


def user_message(exc: UserError) -> str:
    """The text a page, a command or the API shows for ``exc``."""
    return str(exc)
