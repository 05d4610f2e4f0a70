"""How an audit row reads on the audit page, whatever the shape of what it recorded.

Rows written by django-auditlog for a model change hold ``{field: [before, after]}``; rows
written by our bulk services (imports, uploads, verification steps) hold a summary
``{key: value}``. Both are shown as short lines, never by auditlog's own formatter, which
assumes the first shape only.
"""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

MAX_LINES = 8
MAX_TEXT = 120


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


@register.filter
def audit_lines(changes: Any) -> list[str]:
    if not changes:
        return []
    if not isinstance(changes, dict):
        return [_short(changes)]
    lines = []
    for key, value in list(changes.items())[:MAX_LINES]:
        if isinstance(value, list) and len(value) == 2 and not isinstance(value[0], dict):
            lines.append(f"{key}: {_short(value[0])} → {_short(value[1])}")
        else:
            lines.append(f"{key}: {_short(value)}")
    if len(changes) > MAX_LINES:
        lines.append(f"… (+{len(changes) - MAX_LINES})")
    return lines
