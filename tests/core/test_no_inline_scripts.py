"""Templates carry no inline script and no inline event handler: the
Content-Security-Policy (sepakat/core/csp.py) would block them in the browser."""

from __future__ import annotations

import re
from pathlib import Path

import sepakat
from sepakat.core.csp import DEFAULT_POLICY

TEMPLATES = sorted(Path(sepakat.__file__).parent.rglob("templates/**/*.html"))
# <script> that is neither loaded from a file nor a JSON data block
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']|\bhx-on|javascript:", re.I)


def test_templates_have_no_inline_scripts_or_handlers():
    assert len(TEMPLATES) > 50
    found = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(Path(sepakat.__file__).parent)}:{line}")
    assert found == [], f"inline scripts or handlers the CSP blocks: {found}"


def test_the_policy_allows_no_inline_script_and_no_eval():
    script_src = next(d for d in DEFAULT_POLICY.split("; ") if d.startswith("script-src"))
    assert script_src == "script-src 'self'"
    assert "frame-ancestors 'none'" in DEFAULT_POLICY and "object-src 'none'" in DEFAULT_POLICY
