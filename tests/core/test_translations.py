"""Every interface string has its English translation, compiled and up to date."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import sepakat

LOCALE = Path(sepakat.__file__).parent / "locale"
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def po_entries(text: str) -> list[tuple[str, list[str], bool]]:
    """(msgid, msgstrs, fuzzy) for every entry but the header."""
    entries = []
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line.strip()]
        if not any(line.startswith("msgid") for line in lines):
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid") == "":
            continue
        strs = [v for k, v in fields.items() if k.startswith("msgstr")]
        entries.append((fields["msgid"], strs, fuzzy))
    return entries


def test_every_string_is_translated_to_english():
    entries = po_entries(PO.read_text(encoding="utf-8"))
    assert len(entries) > 100
    missing = [msgid for msgid, strs, fuzzy in entries if fuzzy or not all(strs)]
    assert missing == [], f"{len(missing)} untranslated, e.g. {missing[:5]}"


def test_the_compiled_catalogue_matches_the_source(tmp_path):
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) is not installed")
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(PO)], check=True)
    assert fresh.read_bytes() == MO.read_bytes(), "run msgfmt: django.mo is older than django.po"


def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path):
    """makemessages on the code finds nothing the catalogue lacks."""
    if shutil.which("xgettext") is None:
        pytest.skip("xgettext (gettext) is not installed")
    from django.core.management import call_command

    copy = tmp_path / "sepakat"
    shutil.copytree(
        Path(sepakat.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
    )
    import os

    from django.test import override_settings

    cwd = os.getcwd()
    os.chdir(copy)
    try:
        # The copy's own locale folder, never the real one.
        with override_settings(LOCALE_PATHS=[copy / "locale"]):
            call_command("makemessages", locale=["en"], verbosity=0, no_obsolete=True)
    finally:
        os.chdir(cwd)
    fresh = {m for m, _s, _f in po_entries((copy / "locale/en/LC_MESSAGES/django.po").read_text())}
    known = {m for m, _s, _f in po_entries(PO.read_text(encoding="utf-8"))}
    assert sorted(fresh - known) == []
