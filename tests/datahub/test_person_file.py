"""A survey person file (one row per household member, with achievement statuses) goes
through the same upload, mapping and confirmation as a household file."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from sepakat.datahub.models import MicrodataFile, MicrodataIncoming
from tests.datahub.test_microdata import as_csv, files_under, map_columns, upload

PERSON_MAPPING = {
    "region_code": "kode_wilayah",
    "welfare": "kapita",
    "weight": "bobot",  # the person weight: no household size
    "strata": "strata",
    "psu": "psu",
    "household_id": "id_rt",
    "person_id": "id_art",
    "code_system": "kemendagri",
}


@pytest.fixture(autouse=True)
def data_dirs(settings: Any, tmp_path: Path) -> dict[str, Path]:
    settings.MICRODATA_DIR = tmp_path / "microdata"
    settings.DATA_DIR = tmp_path
    return {"microdata": tmp_path / "microdata", "staging": tmp_path / "microdata-masuk"}


def person_frame(school: list[object] | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id_rt": ["R1", "R1", "R1", "R2", "R2"],
            "id_art": ["R1-01", "R1-02", "R1-03", "R2-01", "R2-02"],
            "kode_wilayah": ["98.01.01"] * 5,
            "bobot": [120.5, 120.5, 120.5, 98.0, 98.0],
            "kapita": [450_000.0] * 3 + [980_000.0] * 2,
            "strata": ["S1"] * 5,
            "psu": ["B01"] * 3 + ["B02"] * 2,
            "umur": [41, 38, 9, 30, 10],
            "status_pdk02": school if school is not None else [None, None, 1, None, 0],
            "status_irt01": [1, 1, 1, 0, 0],
            # Not a catalogue status: a marital status coded 1-4 is none of this check's business.
            "status_kawin": [2, 2, 1, 3, 1],
        }
    )


def test_a_person_file_registers_with_its_person_id_and_statuses(
    client, personas, login_as, regions, data_dirs, django_capture_on_commit_callbacks
):
    login_as(personas["bob"])
    response = upload(client, as_csv(person_frame()), "kor.csv", region=regions["kab_a"])
    mapping_page = client.get(response.headers["Location"]).content.decode()
    assert "ID anggota rumah tangga (berkas perorangan)" in html.unescape(mapping_page)
    incoming = MicrodataIncoming.objects.get()
    assert map_columns(client, incoming, PERSON_MAPPING).status_code == 302
    # No personal column to tick: the form posts only its button (a browser adds the token).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("datahub:microdata_confirm", args=[incoming.pk]), {"confirm": "1"}
        )
    assert response.status_code == 302
    file = MicrodataFile.objects.get()
    assert file.columns["person_id"] == "id_art" and "size" not in file.columns
    table = pq.read_table(data_dirs["microdata"] / file.relative_path).to_pydict()
    assert table["status_pdk02"] == [None, None, 1, None, 0]
    assert table["status_kawin"] == [2, 2, 1, 3, 1]
    events = [e.changes.get("event") for e in LogEntry.objects.all() if isinstance(e.changes, dict)]
    assert "microdata_registered" in events


def test_a_status_other_than_1_0_or_empty_is_refused_with_its_rows(
    client, personas, login_as, regions, data_dirs
):
    login_as(personas["bob"])
    frame = person_frame(school=[None, None, 2, None, "ya"])
    upload(client, as_csv(frame), "kor.csv", region=regions["kab_a"])
    response = map_columns(client, MicrodataIncoming.objects.get(), PERSON_MAPPING)
    assert response.status_code == 422
    page = html.unescape(response.content.decode())
    assert "Status capaian harus 1 (tercapai), 0 (tidak tercapai) atau kosong" in page
    assert "2 baris di kolom status_pdk02" in page
    assert "baris 3 (2)" in page and "baris 5 (ya)" in page
    assert "kolom status_irt01" not in page and "kolom status_kawin" not in page
    assert MicrodataFile.objects.count() == 0 and files_under(data_dirs["microdata"]) == []
