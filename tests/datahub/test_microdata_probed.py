"""Microdata files found by probing (issue 17, item 5): a very wide CSV is refused at
once, and a PDF renamed .csv never reaches the column mapping."""

from __future__ import annotations

import html
import time
from pathlib import Path

import pytest
from auditlog.models import LogEntry

from sepakat.datahub.models import MicrodataFile, MicrodataIncoming
from tests.datahub.test_microdata import as_csv, data_dirs, survey_frame, tree, upload  # noqa: F401

pytestmark = pytest.mark.django_db


def refused(client, personas, login_as, regions, settings, name, content):
    login_as(personas["bob"])
    root = Path(settings.DATA_DIR)
    (root / "microdata").mkdir(parents=True, exist_ok=True)
    (root / "microdata-masuk").mkdir(parents=True, exist_ok=True)
    before, log_before = tree(root), LogEntry.objects.count()
    started = time.monotonic()
    response = upload(client, content, name, region=regions["kab_a"])
    elapsed = time.monotonic() - started
    assert response.status_code == 422
    assert MicrodataIncoming.objects.count() == 0 and MicrodataFile.objects.count() == 0
    assert LogEntry.objects.count() == log_before
    assert tree(root) == before, "a refused file must leave nothing behind"
    return html.unescape(response.content.decode()), elapsed


def test_a_3000_column_csv_is_refused_quickly_with_the_limit(
    client, personas, login_as, regions, settings
):
    header = ",".join(f"kolom_{i}" for i in range(3000))
    rows = "\n".join(",".join(str(i % 7) for i in range(3000)) for _ in range(50))
    content = f"{header}\n{rows}\n".encode()
    page, elapsed = refused(client, personas, login_as, regions, settings, "lebar.csv", content)
    assert "Berkas lebar.csv memiliki 3000 kolom; batasnya 1000." in page
    assert "hanya kolom yang diperlukan" in page
    assert elapsed < 5, f"the refusal took {elapsed:.1f} s"


def test_the_column_limit_is_configurable(client, personas, login_as, regions, settings):
    settings.SEPAKAT_MICRODATA_MAX_COLUMNS = 5
    frame = survey_frame()
    page, _elapsed = refused(client, personas, login_as, regions, settings, "s.csv", as_csv(frame))
    assert f"memiliki {len(frame.columns)} kolom; batasnya 5" in page


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        b"<!DOCTYPE html>\n<html><body>laporan</body></html>\n<p>dua</p>\n",
    ],
)
def test_a_document_renamed_csv_never_reaches_the_mapping(
    client, personas, login_as, regions, settings, content
):
    page, _elapsed = refused(client, personas, login_as, regions, settings, "susenas.csv", content)
    assert "Berkas susenas.csv bukan berkas CSV." in page
