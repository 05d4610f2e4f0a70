"""A regional admin uploads survey and registry microdata, maps its columns and registers it.

Personal columns (NIK, names, addresses) end up in a separate Parquet file, are masked on
every page, and leave the server only through an audited download with a reason.
"""

from __future__ import annotations

import html
import io
import math
import random
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pyreadstat
import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sepakat.datahub.microdata import KEMENDAGRI_COLUMN, ROW_ID, files_sha256
from sepakat.datahub.models import (
    MicrodataFile,
    MicrodataIncoming,
    MicrodataIncomingStatus,
    MicrodataProfile,
)
from sepakat.regions.models import CodeCrosswalk, Level, Region

pytestmark = pytest.mark.django_db

NIKS = ["3201012345670001", "3201012345670002", "3201012345670003", "3201012345670004"]


@pytest.fixture(autouse=True)
def data_dirs(settings: Any, tmp_path: Path) -> dict[str, Path]:
    settings.MICRODATA_DIR = tmp_path / "microdata"
    settings.DATA_DIR = tmp_path
    return {"microdata": tmp_path / "microdata", "staging": tmp_path / "microdata-masuk"}


@pytest.fixture
def villages(regions: dict[str, Any]) -> dict[str, Region]:
    kec_a, kec_b = regions["kec_a"], regions["kec_b"]
    desa_a = Region.objects.create(
        code="98.01.01.2001",
        bps_code="9801010001",
        name="Desa Satu",
        level=Level.VILLAGE,
        parent=kec_a,
    )
    desa_b = Region.objects.create(
        code="98.02.01.2001",
        bps_code="9802010001",
        name="Desa Dua",
        level=Level.VILLAGE,
        parent=kec_b,
    )
    # BPS kecamatan codes join through the published crosswalk, never by moving dots.
    CodeCrosswalk.objects.create(bps_code="9801010", kemendagri_code="98.01.01")
    CodeCrosswalk.objects.create(bps_code="9802010", kemendagri_code="98.02.01")
    return {"desa_a": desa_a, "desa_b": desa_b}


def survey_frame(
    codes: list[str] | None = None, weights: list[float] | None = None
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id_rt": ["R1", "R2", "R3", "R4"],
            "kode_wilayah": codes or ["98.01.01"] * 4,
            "bobot": weights or [120.5, 98.0, 101.25, 87.0],
            "kapita": [450_000.0, 980_000.0, 1_250_000.0, 610_000.0],
            "art": [4, 3, 5, 2],
            "strata": ["S1", "S1", "S2", "S2"],
            "psu": ["B01", "B01", "B02", "B02"],
            "nik": NIKS,
            "nama_krt": ["Suparman", "Siti Aminah", "Bambang", "Dewi"],
            "alamat": ["Jl. Melati 1", "Jl. Mawar 2", "Jl. Kenanga 3", "Jl. Anggrek 4"],
        }
    )


SURVEY_MAPPING = {
    "region_code": "kode_wilayah",
    "welfare": "kapita",
    "weight": "bobot",
    "size": "art",
    "strata": "strata",
    "psu": "psu",
    "household_id": "id_rt",
    "code_system": "kemendagri",
}


def as_csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode()


def as_parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def upload(
    client: Any,
    content: bytes,
    name: str,
    *,
    kind: str = "survey",
    region: Region,
    title: str = "Susenas Maret 2025",
    period: str = "2025-03",
) -> Any:
    return client.post(
        reverse("datahub:microdata_upload"),
        {
            "kind": kind,
            "title": title,
            "period": period,
            "region": region.pk,
            "source": "BPS",
            "file": SimpleUploadedFile(name, content),
        },
    )


def map_columns(
    client: Any, incoming: MicrodataIncoming, mapping: dict[str, str], **extra: Any
) -> Any:
    return client.post(
        reverse("datahub:microdata_mapping", args=[incoming.pk]), {**mapping, **extra}
    )


def confirm(client: Any, incoming: MicrodataIncoming, personal: list[str] | None = None) -> Any:
    incoming.refresh_from_db()
    chosen = personal if personal is not None else [s["name"] for s in incoming.suggested_personal]
    return client.post(
        reverse("datahub:microdata_confirm", args=[incoming.pk]), {"personal_columns": chosen}
    )


def register(
    client: Any,
    content: bytes,
    name: str,
    mapping: dict[str, str],
    *,
    region: Region,
    kind: str = "survey",
    **extra: Any,
) -> MicrodataFile:
    response = upload(client, content, name, kind=kind, region=region)
    assert response.status_code == 302, response.content.decode()[:2000]
    incoming = MicrodataIncoming.objects.latest("pk")
    response = map_columns(client, incoming, mapping, **extra)
    assert response.status_code == 302, response.content.decode()[:3000]
    response = confirm(client, incoming)
    assert response.status_code == 302, response.content.decode()[:3000]
    return MicrodataFile.objects.latest("pk")


def files_under(path: Path) -> list[Path]:
    return [p for p in path.rglob("*") if p.is_file()] if path.exists() else []


def test_it_registers_a_csv_survey_with_personal_columns_stored_apart(
    client, personas, login_as, regions, data_dirs, django_capture_on_commit_callbacks
):
    login_as(personas["bob"])
    with django_capture_on_commit_callbacks(execute=True):
        file = register(
            client, as_csv(survey_frame()), "susenas.csv", SURVEY_MAPPING, region=regions["kab_a"]
        )

    assert file.row_count == 4
    assert file.region == regions["kab_a"] and file.period == "2025-03"
    assert sorted(file.personal_columns) == ["alamat", "nama_krt", "nik"]
    assert file.relative_path == f"98.01/{file.pk}/analysis.parquet"
    analysis = data_dirs["microdata"] / file.relative_path
    assert file.sha256 == files_sha256(analysis)
    table = pq.read_table(analysis)
    assert ROW_ID in table.column_names and KEMENDAGRI_COLUMN in table.column_names
    assert not {"nik", "nama_krt", "alamat"} & set(table.column_names)
    assert "3201012345670001" not in str(table.to_pylist())
    assert table.column(KEMENDAGRI_COLUMN).to_pylist() == ["98.01.01"] * 4
    assert table.schema.field("bobot").type == "double"
    personal = pq.read_table(data_dirs["microdata"] / file.manifest.personal_path)
    assert personal.column_names == [ROW_ID, "nik", "nama_krt", "alamat"]
    assert personal.column("nik").to_pylist() == NIKS
    assert file.columns["weight"] == "bobot" and file.columns["region_code"] == KEMENDAGRI_COLUMN
    assert file.manifest.coverage["regencies"] == [
        {"code": "98.01", "name": "Kabupaten Alfa", "rows": 4, "units": 1}
    ]
    # The staging copy is gone once registered; only the two parts remain.
    assert files_under(data_dirs["staging"]) == []
    assert sorted(p.name for p in files_under(data_dirs["microdata"])) == [
        "analysis.parquet",
        "personal.parquet",
    ]
    events = [e.changes.get("event") for e in LogEntry.objects.all() if isinstance(e.changes, dict)]
    assert "microdata_registered" in events


def test_it_reads_parquet_registries_with_undotted_codes(
    client, personas, login_as, regions, villages, data_dirs
):
    login_as(personas["diana"])
    frame = pd.DataFrame(
        {
            "kode_desa": ["9801012001", "9801012001", "9801012001"],
            "desil": [1, 4, 10],
            "jumlah_art": [5, 3, 1],
            "no_kk": ["3201010101010001", "3201010101010002", "3201010101010003"],
        }
    )
    mapping = {
        "region_code": "kode_desa",
        "decile": "desil",
        "size": "jumlah_art",
        "code_system": "kemendagri",
    }
    file = register(
        client,
        as_parquet(frame),
        "regsosek.parquet",
        mapping,
        kind="registry",
        region=regions["kab_a"],
    )
    assert file.kind == "registry" and file.row_count == 3
    assert file.personal_columns == ["no_kk"]
    table = pq.read_table(data_dirs["microdata"] / file.relative_path)
    assert table.column(KEMENDAGRI_COLUMN).to_pylist() == ["98.01.01.2001"] * 3
    assert file.manifest.coverage["level_name"] == "Desa/Kelurahan"


def test_it_maps_bps_codes_of_a_stata_file_through_the_crosswalk(
    client, personas, login_as, regions, villages, data_dirs, tmp_path
):
    frame = survey_frame().drop(columns=["kode_wilayah"])
    frame["kdkec"] = [9801010.0] * 4  # Stata keeps codes as numbers
    path = tmp_path / "susenas.dta"
    pyreadstat.write_dta(frame, str(path))
    login_as(personas["bob"])
    mapping = {**SURVEY_MAPPING, "region_code": "kdkec", "code_system": "bps"}
    file = register(client, path.read_bytes(), "susenas.dta", mapping, region=regions["kab_a"])
    table = pq.read_table(data_dirs["microdata"] / file.relative_path)
    assert table.column(KEMENDAGRI_COLUMN).to_pylist() == ["98.01.01"] * 4
    assert file.columns["bps_code"] == "kdkec" and file.columns["source_code_system"] == "bps"
    personal = pq.read_table(data_dirs["microdata"] / file.manifest.personal_path)
    assert personal.column("nik").to_pylist() == NIKS


def test_it_reads_spss_registries(
    client, personas, login_as, regions, villages, data_dirs, tmp_path
):
    frame = pd.DataFrame(
        {
            "kode_desa_bps": ["9801010001", "9801010001"],
            "desil": [2.0, 3.0],
            "nama_art": ["Ahmad", "Budi"],
        }
    )
    path = tmp_path / "dtks.sav"
    pyreadstat.write_sav(frame, str(path))
    login_as(personas["bob"])
    mapping = {"region_code": "kode_desa_bps", "decile": "desil", "code_system": "bps"}
    file = register(
        client, path.read_bytes(), "dtks.sav", mapping, kind="registry", region=regions["kab_a"]
    )
    assert file.row_count == 2 and file.personal_columns == ["nama_art"]
    table = pq.read_table(data_dirs["microdata"] / file.relative_path)
    assert table.column(KEMENDAGRI_COLUMN).to_pylist() == ["98.01.01.2001"] * 2


def test_a_mapping_saved_as_profile_prefills_the_next_upload(client, personas, login_as, regions):
    login_as(personas["bob"])
    register(
        client,
        as_csv(survey_frame()),
        "susenas.csv",
        SURVEY_MAPPING,
        region=regions["kab_a"],
        save_as_profile="Susenas standar",
    )
    profile = MicrodataProfile.objects.get()
    assert profile.name == "Susenas standar" and profile.owner_region == regions["kab_a"]
    assert profile.mapping["weight"] == "bobot" and profile.mapping["code_system"] == "kemendagri"

    renamed = survey_frame().rename(columns={"bobot": "weind"})
    assert (
        upload(client, as_csv(renamed), "susenas2.csv", region=regions["kab_a"]).status_code == 302
    )
    incoming = MicrodataIncoming.objects.latest("pk")
    page = client.get(
        reverse("datahub:microdata_mapping", args=[incoming.pk]), {"profil": profile.pk}
    ).content.decode()
    assert '<option value="kapita" selected>' in page
    assert '<option value="id_rt" selected>' in page
    # The profile's weight column is not in this file: the user picks it.
    mapping = {**profile.mapping, "weight": "weind", "profile": profile.pk}
    assert map_columns(client, incoming, mapping).status_code == 302
    incoming.refresh_from_db()
    assert incoming.profile == profile and incoming.mapping["weight"] == "weind"
    # Another region never sees this profile.
    login_as(personas["charlie"])
    assert "Susenas standar" not in client.get(reverse("datahub:microdata_list")).content.decode()


def test_unknown_region_codes_are_reported_and_can_be_accepted(
    client, personas, login_as, regions, data_dirs
):
    login_as(personas["bob"])
    codes = ["98.01.01", "98.01.77", "98.01.77", "98.01.01"]
    upload(client, as_csv(survey_frame(codes=codes)), "susenas.csv", region=regions["kab_a"])
    incoming = MicrodataIncoming.objects.get()
    response = map_columns(client, incoming, SURVEY_MAPPING)
    assert response.status_code == 422
    page = response.content.decode()
    assert "2 baris memuat 1 kode wilayah yang tidak dikenal" in page and "98.01.77" in page
    assert MicrodataFile.objects.count() == 0

    assert map_columns(client, incoming, SURVEY_MAPPING, accept_unknown="on").status_code == 302
    page = client.get(reverse("datahub:microdata_confirm", args=[incoming.pk])).content.decode()
    assert "98.01.77" in page
    confirm(client, incoming)
    file = MicrodataFile.objects.get()
    assert file.manifest.coverage["unknown_rows"] == 2
    table = pq.read_table(data_dirs["microdata"] / file.relative_path)
    assert table.column(KEMENDAGRI_COLUMN).to_pylist() == ["98.01.01", None, None, "98.01.01"]


def test_codes_outside_the_uploaders_region_are_refused(
    client, personas, login_as, regions, data_dirs
):
    login_as(personas["bob"])
    codes = ["98.01.01", "98.02.01", "98.01.01", "98.01.01"]
    upload(client, as_csv(survey_frame(codes=codes)), "susenas.csv", region=regions["kab_a"])
    response = map_columns(
        client, MicrodataIncoming.objects.get(), SURVEY_MAPPING, accept_unknown="on"
    )
    assert response.status_code == 422
    assert "1 baris memuat kode wilayah di luar Kabupaten Alfa" in response.content.decode()
    assert MicrodataFile.objects.count() == 0 and files_under(data_dirs["microdata"]) == []


def test_a_regional_admin_cannot_upload_for_another_region(client, personas, login_as, regions):
    login_as(personas["bob"])
    response = upload(client, as_csv(survey_frame()), "susenas.csv", region=regions["kab_b"])
    assert response.status_code == 200  # the form refuses the choice
    assert MicrodataIncoming.objects.count() == 0
    login_as(personas["alice"])
    assert (
        upload(client, as_csv(survey_frame()), "s.csv", region=regions["kab_a"]).status_code == 403
    )


@pytest.fixture
def registered(client, personas, login_as, regions) -> MicrodataFile:
    login_as(personas["bob"])
    file = register(
        client, as_csv(survey_frame()), "susenas.csv", SURVEY_MAPPING, region=regions["kab_a"]
    )
    client.logout()
    return file


def test_the_detail_page_masks_personal_data(client, personas, login_as, registered):
    login_as(personas["alice"])  # a planner of the region sees the masked detail
    response = client.get(reverse("datahub:microdata", args=[registered.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "3201********0001" in page and "S*****" in page and "J*****" in page
    for nik in NIKS:
        assert nik not in page
    assert "Suparman" not in page and "Siti Aminah" not in page and "Melati" not in page
    assert "450000" in page  # analysis columns are shown as they are
    assert 'id="personal-download"' not in page  # a planner cannot download personal data


def test_the_personal_download_is_audited_with_its_reason(client, personas, login_as, registered):
    login_as(personas["bob"])
    url = reverse("datahub:microdata_personal_download", args=[registered.pk])
    assert (
        'id="personal-download"'
        in client.get(reverse("datahub:microdata", args=[registered.pk])).content.decode()
    )
    before = LogEntry.objects.count()
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 302 and LogEntry.objects.count() == before

    response = client.post(url, {"reason": "Verifikasi lapangan calon penerima PKH"})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    body = b"".join(response.streaming_content).decode()
    assert "3201012345670001" in body and "Suparman" in body
    assert body.splitlines()[0].startswith(ROW_ID)
    entry = LogEntry.objects.latest("pk")
    assert entry.actor == personas["bob"]
    assert entry.changes["event"] == "personal_data_download"
    assert entry.changes["file"] == registered.pk
    assert entry.changes["reason"] == "Verifikasi lapangan calon penerima PKH"
    assert entry.timestamp is not None


def test_planners_cannot_download_personal_data(client, personas, login_as, registered):
    before = LogEntry.objects.count()
    login_as(personas["alice"])
    url = reverse("datahub:microdata_personal_download", args=[registered.pk])
    assert client.post(url, {"reason": "ingin tahu"}).status_code == 403
    login_as(personas["frank"])  # a viewer does not reach microdata at all
    assert client.get(reverse("datahub:microdata", args=[registered.pk])).status_code == 403
    assert LogEntry.objects.count() == before


def test_it_validates_ownership(client, personas, login_as, registered):
    login_as(personas["charlie"])
    assert client.get(reverse("datahub:microdata", args=[registered.pk])).status_code == 404
    url = reverse("datahub:microdata_personal_download", args=[registered.pk])
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert registered.title not in client.get(reverse("datahub:microdata_list")).content.decode()
    login_as(personas["hana"])  # the province admin sees its kab/kota's files
    assert client.get(reverse("datahub:microdata", args=[registered.pk])).status_code == 200


def test_another_admin_cannot_continue_someone_elses_upload(client, personas, login_as, regions):
    login_as(personas["bob"])
    upload(client, as_csv(survey_frame()), "susenas.csv", region=regions["kab_a"])
    incoming = MicrodataIncoming.objects.get()
    login_as(personas["hana"])
    assert map_columns(client, incoming, SURVEY_MAPPING).status_code == 404


# ---------------------------------------------------------------- bad input


def test_a_file_that_is_not_a_data_file_is_refused(client, personas, login_as, regions, data_dirs):
    login_as(personas["bob"])
    response = upload(client, b"%PDF-1.4 bukan data", "laporan.pdf", region=regions["kab_a"])
    assert response.status_code == 422
    assert "bukan berkas data yang dikenal" in response.content.decode()
    assert MicrodataIncoming.objects.count() == 0
    assert files_under(data_dirs["microdata"]) == [] and files_under(data_dirs["staging"]) == []


NOISE = random.Random(20250301).randbytes(4096)  # the same "random" file every run


def corrupted_parquet() -> bytes:
    content = bytearray(as_parquet(survey_frame()))
    content[4:40] = b"\xff" * 36  # the first page header; the PAR1 markers are intact
    return bytes(content)


# The findings of `sepakat poverty` on a file it cannot read, said in Indonesian.
BROKEN_UPLOADS = {
    "random bytes named .csv": (
        "susenas.csv",
        NOISE,
        "Berkas susenas.csv bukan berkas teks CSV: isinya data biner.",
    ),
    "a Latin-1 CSV": (
        "susenas.csv",
        "kode_wilayah,bobot,desa\n98.01.01,1,Séla\n".encode("latin-1"),
        "Berkas susenas.csv bukan teks UTF-8. Simpan ulang sebagai CSV UTF-8",
    ),
    "random bytes named .parquet": (
        "susenas.parquet",
        NOISE,
        "Berkas susenas.parquet bukan berkas Parquet.",
    ),
    "a CSV named .parquet": (
        "susenas.parquet",
        as_csv(survey_frame()),
        "Berkas susenas.parquet bukan berkas Parquet.",
    ),
    "random bytes named .dta": (
        "susenas.dta",
        NOISE,
        "Berkas susenas.dta bukan berkas Stata (.dta).",
    ),
    "random bytes named .sav": ("dtks.sav", NOISE, "Berkas dtks.sav bukan berkas SPSS (.sav)."),
    "a header-only .csv": (
        "susenas.csv",
        b"kode_wilayah,bobot,kapita\n",
        "Berkas susenas.csv hanya berisi nama kolom, tanpa baris data.",
    ),
    "a header-only .parquet": (
        "susenas.parquet",
        as_parquet(survey_frame().head(0)),
        "Berkas susenas.parquet hanya berisi nama kolom, tanpa baris data.",
    ),
    "a corrupted .parquet": (
        "susenas.parquet",
        corrupted_parquet(),
        "Berkas susenas.parquet tidak dapat dibaca sebagai berkas Parquet",
    ),
}


def tree(folder: Path) -> dict[str, int]:
    """Every file and folder under ``folder`` with its size (-1 for a folder)."""
    return {
        str(p.relative_to(folder)): p.stat().st_size if p.is_file() else -1
        for p in folder.rglob("*")
    }


@pytest.mark.parametrize("case", list(BROKEN_UPLOADS))
def test_a_broken_file_is_refused_in_indonesian_and_leaves_nothing_behind(
    case, client, personas, login_as, regions, data_dirs, settings
):
    name, content, message = BROKEN_UPLOADS[case]
    login_as(personas["bob"])
    data_dirs["staging"].mkdir(parents=True, exist_ok=True)
    data_dirs["microdata"].mkdir(parents=True, exist_ok=True)
    folder_before = tree(Path(settings.DATA_DIR))
    log_before = LogEntry.objects.count()

    response = upload(client, content, name, region=regions["kab_a"])

    assert response.status_code == 422
    assert message in html.unescape(response.content.decode())
    assert MicrodataIncoming.objects.count() == 0 and MicrodataFile.objects.count() == 0
    assert LogEntry.objects.count() == log_before
    assert tree(Path(settings.DATA_DIR)) == folder_before


def test_a_user_who_chose_english_reads_the_same_finding_in_english(
    client, personas, login_as, regions, data_dirs
):
    login_as(personas["bob"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = upload(
        client, b"kode_wilayah,bobot,kapita\n", "susenas.csv", region=regions["kab_a"]
    )
    assert response.status_code == 422
    assert "File susenas.csv has column names but no data rows." in html.unescape(
        response.content.decode()
    )
    assert MicrodataIncoming.objects.count() == 0


def test_an_empty_file_is_refused_and_nothing_is_stored(
    client, personas, login_as, regions, data_dirs, settings
):
    login_as(personas["bob"])
    response = upload(client, b"", "susenas.csv", region=regions["kab_a"])
    assert "kosong" in html.unescape(response.content.decode())
    assert MicrodataIncoming.objects.count() == 0
    assert files_under(Path(settings.DATA_DIR)) == []


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_nan_or_infinite_weight_is_refused_with_its_rows(
    fmt, client, personas, login_as, regions, data_dirs
):
    """The computation refuses them; the mapping step says so before anything is registered."""
    login_as(personas["bob"])
    frame = survey_frame(weights=[120.0, math.nan, math.inf, 90.0])
    if fmt == "csv":
        content = frame.to_csv(index=False, na_rep="NaN").encode()
    else:  # a real NaN (pandas would store a missing value)
        buffer = io.BytesIO()
        pl.from_pandas(frame, nan_to_null=False).write_parquet(buffer)
        content = buffer.getvalue()
    upload(client, content, f"susenas.{fmt}", region=regions["kab_a"])
    incoming = MicrodataIncoming.objects.get()
    response = map_columns(client, incoming, SURVEY_MAPPING)
    assert response.status_code == 422
    page = html.unescape(response.content.decode())
    assert "Nilai NaN atau tak hingga: 2 baris di kolom bobot" in page
    assert "baris 2 (" in page and "baris 3 (inf)" in page
    assert MicrodataFile.objects.count() == 0 and files_under(data_dirs["microdata"]) == []


def test_a_missing_required_column_is_named(client, personas, login_as, regions, data_dirs):
    login_as(personas["bob"])
    upload(client, as_csv(survey_frame()), "susenas.csv", region=regions["kab_a"])
    incoming = MicrodataIncoming.objects.get()
    response = map_columns(client, incoming, {**SURVEY_MAPPING, "weight": ""})
    assert response.status_code == 422
    assert (
        "Pilih kolom untuk Bobot (penimbang): wajib untuk data Survei" in response.content.decode()
    )
    incoming.refresh_from_db()
    assert incoming.status == MicrodataIncomingStatus.MAPPING
    assert MicrodataFile.objects.count() == 0 and files_under(data_dirs["microdata"]) == []


def test_a_negative_weight_is_refused_with_its_row(
    client, personas, login_as, regions, data_dirs, django_capture_on_commit_callbacks
):
    login_as(personas["bob"])
    frame = survey_frame(weights=[120.0, -3.5, 80.0, 90.0])
    upload(client, as_csv(frame), "susenas.csv", region=regions["kab_a"])
    incoming = MicrodataIncoming.objects.get()
    response = map_columns(client, incoming, SURVEY_MAPPING)
    assert response.status_code == 422
    assert "Bobot tidak boleh negatif: 1 baris di kolom bobot" in response.content.decode()
    assert "baris 2 (-3.5)" in response.content.decode()
    assert MicrodataFile.objects.count() == 0 and files_under(data_dirs["microdata"]) == []
    # Giving up removes the received copy too.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("datahub:microdata_discard", args=[incoming.pk]))
    assert files_under(data_dirs["staging"]) == []


def test_deciles_outside_one_to_ten_are_refused(client, personas, login_as, regions, villages):
    login_as(personas["bob"])
    frame = pd.DataFrame({"kode_desa": ["98.01.01.2001"] * 2, "desil": [3, 11]})
    upload(client, as_csv(frame), "dtks.csv", kind="registry", region=regions["kab_a"])
    response = map_columns(
        client,
        MicrodataIncoming.objects.get(),
        {"region_code": "kode_desa", "decile": "desil", "code_system": "kemendagri"},
    )
    assert response.status_code == 422
    assert "Desil harus bilangan bulat 1 sampai 10" in response.content.decode()


def test_a_mapped_column_cannot_be_marked_personal(client, personas, login_as, regions):
    login_as(personas["bob"])
    upload(client, as_csv(survey_frame()), "susenas.csv", region=regions["kab_a"])
    incoming = MicrodataIncoming.objects.get()
    map_columns(client, incoming, SURVEY_MAPPING)
    response = confirm(client, incoming, personal=["nik", "bobot"])
    # bobot is no choice on the confirmation form: the form refuses it
    assert response.status_code == 200
    assert MicrodataFile.objects.count() == 0


def test_files_registered_by_the_demo_show_without_a_manifest(
    client, personas, login_as, regions, data_dirs
):
    path = data_dirs["microdata"] / "demo" / "susenas.parquet"
    path.parent.mkdir(parents=True)
    survey_frame().drop(columns=["nik", "nama_krt", "alamat"]).to_parquet(path, index=False)
    file = MicrodataFile.objects.create(
        kind="survey",
        title="Susenas contoh",
        region=regions["kab_a"],
        period="2025-03",
        relative_path="demo/susenas.parquet",
        row_count=4,
        sha256=files_sha256(path),
        columns={"weight": "bobot", "region_code": "kode_wilayah"},
    )
    login_as(personas["alice"])
    page = client.get(reverse("datahub:microdata", args=[file.pk])).content.decode()
    assert "Susenas contoh" in page and "120.5" in page


def test_the_list_page_reads_in_a_fixed_number_of_queries(
    client, personas, login_as, regions, django_assert_max_num_queries
):
    login_as(personas["bob"])
    for n in range(3):
        register(
            client, as_csv(survey_frame()), f"s{n}.csv", SURVEY_MAPPING, region=regions["kab_a"]
        )
    with django_assert_max_num_queries(12):
        response = client.get(reverse("datahub:microdata_list"))
    assert response.content.decode().count('href="/data/mikrodata/') >= 3


def test_a_failure_while_registering_leaves_nothing_behind(
    client, personas, login_as, regions, data_dirs, monkeypatch
):
    from sepakat.datahub import microdata

    login_as(personas["bob"])
    upload(client, as_csv(survey_frame()), "susenas.csv", region=regions["kab_a"])
    incoming = MicrodataIncoming.objects.get()
    map_columns(client, incoming, SURVEY_MAPPING)

    def broken(**kwargs: Any) -> None:
        if kwargs["summary"].get("event") == "microdata_registered":
            raise RuntimeError("disk penuh")

    monkeypatch.setattr(microdata, "record_bulk_change", broken)
    with pytest.raises(RuntimeError):
        confirm(client, incoming)
    assert MicrodataFile.objects.count() == 0
    assert files_under(data_dirs["microdata"]) == []
    incoming.refresh_from_db()
    assert incoming.status == MicrodataIncomingStatus.CHECKED  # the user can try again


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("3201012345670001", "3201********0001"),
        (3201012345670001.0, "3201********0001"),
        ("081234567890", "0812****7890"),
        ("Siti Aminah", "S*****"),
        ("", ""),
        (None, ""),
    ],
)
def test_masking(value, masked):
    from sepakat.datahub.microdata_files import mask_value

    assert mask_value(value) == masked


@pytest.mark.parametrize(
    ("name", "personal"),
    [
        ("NIK", True),
        ("nik_krt", True),
        ("No_KK", True),
        ("nama_kepala_rt", True),
        ("Alamat", True),
        ("address_line", True),
        ("no_telp", True),
        ("phone", True),
        ("teknik_sipil", False),
        ("kode_wilayah", False),
        ("bobot", False),
    ],
)
def test_personal_column_names(name, personal):
    from sepakat.datahub.microdata_files import is_personal_name

    assert is_personal_name(name) is personal
